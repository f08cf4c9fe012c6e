file(REMOVE_RECURSE
  "CMakeFiles/faq-server.dir/main.cpp.o"
  "CMakeFiles/faq-server.dir/main.cpp.o.d"
  "faq-server"
  "faq-server.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/faq-server.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
