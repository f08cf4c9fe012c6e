
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/tests/unit/analyzer_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/analyzer_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/analyzer_test.cpp.o.d"
  "/work/main/tests/unit/conversation_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/conversation_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/conversation_test.cpp.o.d"
  "/work/main/tests/unit/http_parse_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/http_parse_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/http_parse_test.cpp.o.d"
  "/work/main/tests/unit/loader_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/loader_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/loader_test.cpp.o.d"
  "/work/main/tests/unit/main.cpp" "tests/CMakeFiles/unit_tests.dir/unit/main.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/main.cpp.o.d"
  "/work/main/tests/unit/normalizer_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/normalizer_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/normalizer_test.cpp.o.d"
  "/work/main/tests/unit/query_compiler_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/query_compiler_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/query_compiler_test.cpp.o.d"
  "/work/main/tests/unit/slots_rules_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/slots_rules_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/slots_rules_test.cpp.o.d"
  "/work/main/tests/unit/store_answer_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/store_answer_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/store_answer_test.cpp.o.d"
  "/work/main/tests/unit/wechat_crypto_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/wechat_crypto_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/wechat_crypto_test.cpp.o.d"
  "/work/main/tests/unit/wechat_vectors_test.cpp" "tests/CMakeFiles/unit_tests.dir/unit/wechat_vectors_test.cpp.o" "gcc" "tests/CMakeFiles/unit_tests.dir/unit/wechat_vectors_test.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-lead/kb/CMakeFiles/kb.dir/DependInfo.cmake"
  "/work/main/build-lead/server/CMakeFiles/faq_http.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
