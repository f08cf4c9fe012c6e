file(REMOVE_RECURSE
  "libfaq_http.a"
)
