# Empty dependencies file for faq_http.
# This may be replaced when dependencies are built.
