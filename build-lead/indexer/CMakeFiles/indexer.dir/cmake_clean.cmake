file(REMOVE_RECURSE
  "CMakeFiles/indexer.dir/main.cpp.o"
  "CMakeFiles/indexer.dir/main.cpp.o.d"
  "indexer"
  "indexer.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/indexer.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
