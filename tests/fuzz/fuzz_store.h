// For the fuzz targets that need the knowledge base: a store built once from kb/ (KB_SOURCE_DIR,
// or FAQ_KB_DIR), in a temporary file removed at exit. Call from LLVMFuzzerInitialize.
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "kb/kb_loader.h"
#include "kb/store.h"

namespace fuzz {

inline const kb::Store& store() {
  static std::string path;
  static const std::unique_ptr<kb::Store> s = [] {
    const char* dir = std::getenv("FAQ_KB_DIR");
    auto loaded = kb::load_knowledge_base(dir ? dir : KB_SOURCE_DIR);
    if (!loaded.problems.empty()) {
      fprintf(stderr, "fuzz: kb has problems: %s\n", loaded.problems.front().str().c_str());
      abort();
    }
    path = (std::filesystem::temp_directory_path() / ("faq-fuzz-" + std::to_string(::getpid()) + ".db")).string();
    kb::build_store(loaded.kb, path);
    atexit([] { std::filesystem::remove(path); });
    return std::make_unique<kb::Store>(path);
  }();
  return *s;
}

}  // namespace fuzz
