
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/kb/src/analyzer.cpp" "kb/CMakeFiles/kb.dir/src/analyzer.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/analyzer.cpp.o.d"
  "/work/main/kb/src/answer_cache.cpp" "kb/CMakeFiles/kb.dir/src/answer_cache.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/answer_cache.cpp.o.d"
  "/work/main/kb/src/answerer.cpp" "kb/CMakeFiles/kb.dir/src/answerer.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/answerer.cpp.o.d"
  "/work/main/kb/src/conversation.cpp" "kb/CMakeFiles/kb.dir/src/conversation.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/conversation.cpp.o.d"
  "/work/main/kb/src/fts_tokenizer.cpp" "kb/CMakeFiles/kb.dir/src/fts_tokenizer.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/fts_tokenizer.cpp.o.d"
  "/work/main/kb/src/hmac.cpp" "kb/CMakeFiles/kb.dir/src/hmac.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/hmac.cpp.o.d"
  "/work/main/kb/src/kb_loader.cpp" "kb/CMakeFiles/kb.dir/src/kb_loader.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/kb_loader.cpp.o.d"
  "/work/main/kb/src/knowledge.cpp" "kb/CMakeFiles/kb.dir/src/knowledge.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/knowledge.cpp.o.d"
  "/work/main/kb/src/lexicon.cpp" "kb/CMakeFiles/kb.dir/src/lexicon.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/lexicon.cpp.o.d"
  "/work/main/kb/src/normalizer.cpp" "kb/CMakeFiles/kb.dir/src/normalizer.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/normalizer.cpp.o.d"
  "/work/main/kb/src/query_compiler.cpp" "kb/CMakeFiles/kb.dir/src/query_compiler.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/query_compiler.cpp.o.d"
  "/work/main/kb/src/render.cpp" "kb/CMakeFiles/kb.dir/src/render.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/render.cpp.o.d"
  "/work/main/kb/src/rules.cpp" "kb/CMakeFiles/kb.dir/src/rules.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/rules.cpp.o.d"
  "/work/main/kb/src/slots.cpp" "kb/CMakeFiles/kb.dir/src/slots.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/slots.cpp.o.d"
  "/work/main/kb/src/store.cpp" "kb/CMakeFiles/kb.dir/src/store.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/store.cpp.o.d"
  "/work/main/kb/src/text.cpp" "kb/CMakeFiles/kb.dir/src/text.cpp.o" "gcc" "kb/CMakeFiles/kb.dir/src/text.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
