file(REMOVE_RECURSE
  "CMakeFiles/store_latency.dir/store_latency.cpp.o"
  "CMakeFiles/store_latency.dir/store_latency.cpp.o.d"
  "store_latency"
  "store_latency.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/store_latency.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
