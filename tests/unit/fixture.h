// What the unit tests share: the project's own knowledge base, and one store built from it. Under
// ctest the store is built once, by the unit_store fixture test, and its path arrives in
// FAQ_UNIT_STORE; run alone, the test binary builds its own.
#pragma once
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

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

// Terms as the table tests pin them: their keys, space-separated.
inline std::string joined_terms(const std::vector<kb::Term>& terms) {
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? "" : " ") + t.key;
  return out;
}

inline std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".db")).string();
}

// The shared store's file.
inline const std::string& store_path() {
  static const std::string path = [] {
    if (const char* shared = std::getenv("FAQ_UNIT_STORE"); shared && std::filesystem::exists(shared))
      return std::string(shared);
    std::string p = temp_path("faq-unit");
    kb::build_store(knowledge_base(), p);
    return p;
  }();
  return path;
}

inline const kb::Store& store() {
  static const kb::Store s(store_path());
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

// The whole pipeline's intermediate results for one question, for the stage tests.
struct Staged {
  kb::Analysis analysis;
  kb::Slots slots;
  kb::Retrieval found;
};
inline Staged stage(const std::string& q, const std::string& as_of = "2026-01-01") {
  Staged s;
  s.analysis = store().analyzer().analyze(q);
  s.slots = kb::extract_slots(s.analysis, store().lexicon());
  s.found = answerer().retriever().retrieve(s.analysis, s.slots, as_of);
  return s;
}

}  // namespace test
