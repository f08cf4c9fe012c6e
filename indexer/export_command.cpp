// indexer export: the entries as JSON Lines (id, topic, questions, answer).
#include <fstream>
#include <iostream>

#include "commands.h"
#include "kb/kb_loader.h"

namespace indexer {

int export_entries(const Options& o) {
  kb::LoadResult loaded = kb::load_knowledge_base(o.dir());
  std::ofstream file;
  if (!o.out.empty()) file.open(o.out);
  std::ostream& os = o.out.empty() ? std::cout : file;
  for (const auto& e : loaded.kb.entries) {
    std::string answer = e.answers("\n");
    answer.pop_back();  // the separator after the last case
    os << nlohmann::json{{"id", e.id}, {"topic", e.topic}, {"questions", e.questions()}, {"answer", answer}}.dump()
       << "\n";
  }
  return loaded.problems.empty() ? 0 : 1;
}

}  // namespace indexer
