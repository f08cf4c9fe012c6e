// One store built from the project's own kb/ per test process, shared by the tests that need it.
#pragma once
#include <filesystem>
#include <string>
#include <unistd.h>

#include "kb/answerer.h"
#include "kb/kb_loader.h"
#include "kb/store.h"

namespace test {

inline const kb::KnowledgeBase& knowledge_base() {
  static const kb::KnowledgeBase kb = [] {
    auto loaded = kb::load_knowledge_base(KB_SOURCE_DIR);
    if (!loaded.problems.empty()) throw std::runtime_error("kb has problems: " + loaded.problems.front().str());
    return loaded.kb;
  }();
  return kb;
}

inline std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".db")).string();
}

inline const kb::Store& store() {
  static const std::string path = [] {
    std::string p = temp_path("faq-unit");
    kb::build_store(knowledge_base(), p);
    return p;
  }();
  static const kb::Store s(path);
  return s;
}

inline const kb::Answerer& answerer() {
  static const kb::Answerer a(store());
  return a;
}

inline kb::AskResponse ask(const std::string& q, const std::string& as_of = "", const std::string& format = "text",
                           const std::string& region = "") {
  kb::AskRequest r;
  r.question = q;
  r.as_of = as_of;
  r.format = format;
  r.region = region;
  return answerer().ask(r);
}

}  // namespace test
