# Empty dependencies file for faq-server.
# This may be replaced when dependencies are built.
