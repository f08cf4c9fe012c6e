# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build-lead/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build-lead/tests/unit_tests_include-b12d07c.cmake")
add_test([=[http_api]=] "/root/.pyenv/shims/python3" "/work/main/tests/http_test.py" "--server" "/work/main/build-lead/server/faq-server" "--indexer" "/work/main/build-lead/indexer/indexer" "--kb" "/work/main/kb")
set_tests_properties([=[http_api]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;25;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[regression_questions]=] "/root/.pyenv/shims/python3" "/work/main/tests/run_questions.py" "--server" "/work/main/build-lead/server/faq-server" "--indexer" "/work/main/build-lead/indexer/indexer" "--kb" "/work/main/kb" "--set" "/work/main/tests/questions.jsonl" "--min-pass" "0.97")
set_tests_properties([=[regression_questions]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;28;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[regression_questions_second]=] "/root/.pyenv/shims/python3" "/work/main/tests/run_questions.py" "--server" "/work/main/build-lead/server/faq-server" "--indexer" "/work/main/build-lead/indexer/indexer" "--kb" "/work/main/kb" "--set" "/work/main/tests/questions_second.jsonl" "--min-pass" "0.92")
set_tests_properties([=[regression_questions_second]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;34;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[regression_questions_third]=] "/root/.pyenv/shims/python3" "/work/main/tests/run_questions.py" "--server" "/work/main/build-lead/server/faq-server" "--indexer" "/work/main/build-lead/indexer/indexer" "--kb" "/work/main/kb" "--set" "/work/main/tests/questions_third.jsonl" "--min-pass" "0.92")
set_tests_properties([=[regression_questions_third]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;40;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[dialogues]=] "/root/.pyenv/shims/python3" "/work/main/tests/run_questions.py" "--server" "/work/main/build-lead/server/faq-server" "--indexer" "/work/main/build-lead/indexer/indexer" "--kb" "/work/main/kb" "--set" "/work/main/tests/dialogues.jsonl")
set_tests_properties([=[dialogues]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;44;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[wechat_e2e]=] "/root/.pyenv/shims/python3" "/work/main/tests/wechat_test.py" "--server" "/work/main/build-lead/server/faq-server" "--indexer" "/work/main/build-lead/indexer/indexer" "--kb" "/work/main/kb")
set_tests_properties([=[wechat_e2e]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;48;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[wechat_interop_npm]=] "/root/.pyenv/shims/python3" "/work/main/tests/wechat_interop.py" "--server" "/work/main/build-lead/server/faq-server" "--indexer" "/work/main/build-lead/indexer/indexer" "--kb" "/work/main/kb" "--npm-dir" "/work/main/build-lead/npm")
set_tests_properties([=[wechat_interop_npm]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;51;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[kb_check]=] "/work/main/build-lead/indexer/indexer" "check" "/work/main/kb")
set_tests_properties([=[kb_check]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;55;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[bench_smoke]=] "/work/main/bench/run.sh" "--smoke")
set_tests_properties([=[bench_smoke]=] PROPERTIES  RUN_SERIAL "TRUE" TIMEOUT "120" WORKING_DIRECTORY "/work/main" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;58;add_test;/work/main/tests/CMakeLists.txt;0;")
