// indexer export: the entries as JSON Lines (id, topic, questions, answer, and source and
// effective_from when an entry has them). `indexer import` reads these lines back as FAQ rows;
// --kind faq (or rule, passage) exports only the entries of one kind.
#include <fstream>
#include <iostream>

#include "commands.h"
#include "kb/kb_loader.h"

namespace indexer {
namespace {

// Sources as an FAQ sheet's source cell holds them: one a line, a title then its URL.
std::string source_cell(const std::vector<kb::Source>& sources) {
  std::string out;
  for (const auto& s : sources) {
    if (!out.empty()) out += "\n";
    out += s.url.empty() || s.title == s.url ? (s.url.empty() ? s.title : s.url) : s.title + " " + s.url;
  }
  return out;
}

}  // namespace

int export_entries(const Options& o) {
  kb::LoadResult loaded = kb::load_knowledge_base(o.dir());
  const std::string kind = o.flag("kind") == "rule" ? kb::kRuleEntry : o.flag("kind");
  std::ofstream file;
  if (!o.out.empty()) file.open(o.out);
  std::ostream& os = o.out.empty() ? std::cout : file;
  for (const auto& e : loaded.kb.entries) {
    if (!o.flag("kind").empty() && e.kind != kind) continue;
    std::string answer = e.answers("\n");
    answer.pop_back();  // the separator after the last case
    nlohmann::json line{{"id", e.id}, {"topic", e.topic}, {"questions", e.questions()}, {"answer", answer}};
    if (!e.sources.empty()) line["source"] = source_cell(e.sources);
    if (!e.effective_from.empty()) line["effective_from"] = e.effective_from;
    os << line.dump() << "\n";
  }
  return loaded.problems.empty() ? 0 : 1;
}

}  // namespace indexer
