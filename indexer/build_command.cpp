// indexer build: validates kb/ and writes the store; --entries-jsonl streams entries instead.
#include <chrono>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "kb/kb_loader.h"
#include "kb/store.h"

namespace indexer {
namespace {

int report(const kb::LoadResult& r) {
  for (const auto& p : r.problems) std::cout << p.str() << "\n";
  return r.problems.empty() ? 0 : 1;
}

int build_streamed(const kb::LoadResult& loaded, const Options& o, const std::string& out) {
  std::ifstream in(o.entries_jsonl);
  if (!in) throw std::runtime_error("cannot read " + o.entries_jsonl);
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
  std::cerr << "built " << out << ": " << count << " entries in " << seconds << " s, kb_version " << version << "\n";
  return 0;
}

}  // namespace

int check(const Options& o) {
  kb::LoadResult loaded = kb::load_knowledge_base(o.dir());
  int rc = report(loaded);
  if (rc == 0) std::cerr << "kb ok: " << loaded.kb.entries.size() << " entries\n";
  return rc;
}

int build(const Options& o) {
  kb::LoadResult loaded = kb::load_knowledge_base(o.dir());
  const std::string out = o.out.empty() ? "data/faq.db" : o.out;
  if (!o.entries_jsonl.empty()) return build_streamed(loaded, o, out);
  if (report(loaded) != 0) {
    std::cerr << "not building: fix the problems above\n";
    return 1;
  }
  std::string version = kb::build_store(loaded.kb, out);
  std::cerr << "built " << out << ": " << loaded.kb.entries.size() << " entries, kb_version " << version << "\n";
  return 0;
}

}  // namespace indexer
