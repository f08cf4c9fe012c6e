file(REMOVE_RECURSE
  "CMakeFiles/faq_http.dir/config.cpp.o"
  "CMakeFiles/faq_http.dir/config.cpp.o.d"
  "CMakeFiles/faq_http.dir/http_api.cpp.o"
  "CMakeFiles/faq_http.dir/http_api.cpp.o.d"
  "CMakeFiles/faq_http.dir/wechat_crypto.cpp.o"
  "CMakeFiles/faq_http.dir/wechat_crypto.cpp.o.d"
  "CMakeFiles/faq_http.dir/wechat_endpoint.cpp.o"
  "CMakeFiles/faq_http.dir/wechat_endpoint.cpp.o.d"
  "libfaq_http.a"
  "libfaq_http.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/faq_http.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
