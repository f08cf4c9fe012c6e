file(REMOVE_RECURSE
  "CMakeFiles/unit_tests.dir/unit/analyzer_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/analyzer_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/conversation_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/conversation_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/http_parse_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/http_parse_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/loader_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/loader_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/main.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/main.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/normalizer_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/normalizer_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/query_compiler_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/query_compiler_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/slots_rules_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/slots_rules_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/store_answer_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/store_answer_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/wechat_crypto_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/wechat_crypto_test.cpp.o.d"
  "CMakeFiles/unit_tests.dir/unit/wechat_vectors_test.cpp.o"
  "CMakeFiles/unit_tests.dir/unit/wechat_vectors_test.cpp.o.d"
  "unit_tests"
  "unit_tests.pdb"
  "unit_tests_tests-b12d07c.cmake"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/unit_tests.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
