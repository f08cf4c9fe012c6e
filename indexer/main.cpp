// indexer: builds the store from kb/, validates kb/, exports entries as JSON Lines.
//   indexer build  [KB_DIR] [--out STORE] [--entries-jsonl FILE]
//                  (default kb → data/faq.db; --entries-jsonl replaces kb's entries with entries
//                  in the store's JSON form, one a line: how the scale benchmarks load 1M entries)
//   indexer check  [KB_DIR]                  prints file:line: message; exit 1 on any problem
//   indexer export [KB_DIR] [--out FILE]     JSON Lines: id, topic, questions, answer
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kb/kb_loader.h"
#include "kb/store.h"

namespace {

int usage() {
  std::cerr << "usage: indexer build|check|export [KB_DIR] [--out PATH]\n";
  return 2;
}

int report(const kb::LoadResult& r) {
  for (const auto& p : r.problems) std::cout << p.str() << "\n";
  return r.problems.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string command = argv[1], dir = "kb", out, entries_jsonl;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--out" && i + 1 < argc)
      out = argv[++i];
    else if (a == "--entries-jsonl" && i + 1 < argc)
      entries_jsonl = argv[++i];
    else if (!a.empty() && a[0] == '-')
      return usage();
    else
      dir = a;
  }
  try {
    kb::LoadResult loaded = kb::load_knowledge_base(dir);
    if (command == "check") {
      int rc = report(loaded);
      if (rc == 0) std::cerr << "kb ok: " << loaded.kb.entries.size() << " entries\n";
      return rc;
    }
    if (command == "build" && !entries_jsonl.empty()) {
      std::ifstream in(entries_jsonl);
      if (!in) throw std::runtime_error("cannot read " + entries_jsonl);
      if (out.empty()) out = "data/faq.db";
      auto started = std::chrono::steady_clock::now();
      size_t count = 0;
      std::string line;
      std::string version = kb::build_store(
          loaded.kb,
          [&](kb::Entry& e) {
            while (std::getline(in, line))
              if (!line.empty()) {
                e = nlohmann::json::parse(line).get<kb::Entry>();
                ++count;
                return true;
              }
            return false;
          },
          out);
      auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::cerr << "built " << out << ": " << count << " entries in " << seconds << " s, kb_version " << version
                << "\n";
      return 0;
    }
    if (command == "build") {
      if (report(loaded) != 0) {
        std::cerr << "not building: fix the problems above\n";
        return 1;
      }
      if (out.empty()) out = "data/faq.db";
      std::string version = kb::build_store(loaded.kb, out);
      std::cerr << "built " << out << ": " << loaded.kb.entries.size() << " entries, kb_version " << version << "\n";
      return 0;
    }
    if (command == "export") {
      std::ofstream file;
      if (!out.empty()) file.open(out);
      std::ostream& os = out.empty() ? std::cout : file;
      for (const auto& e : loaded.kb.entries) {
        std::string answer = e.answers("\n");
        answer.pop_back();  // the separator after the last case
        os << nlohmann::json{{"id", e.id}, {"topic", e.topic}, {"questions", e.questions()}, {"answer", answer}}.dump()
           << "\n";
      }
      return loaded.problems.empty() ? 0 : 1;
    }
    return usage();
  } catch (const std::exception& e) {
    std::cerr << "indexer: " << e.what() << "\n";
    return 1;
  }
}
