// indexer: builds the store from kb/, validates kb/, exports entries as JSON Lines.
//   indexer build  [KB_DIR] [--out STORE] [--entries-jsonl FILE]
//                  (default kb → data/faq.db; --entries-jsonl replaces kb's entries with entries
//                  in the store's JSON form, one a line: how the scale benchmarks load 1M entries)
//   indexer check  [KB_DIR]                  prints file:line: message; exit 1 on any problem
//   indexer export [KB_DIR] [--out FILE] [--kind faq|rule|passage]
//                                            JSON Lines: id, topic, questions, answer (import reads them)
//   indexer import FILE [KB_DIR]             an FAQ sheet (CSV, JSONL, XLSX) into KB_DIR/faq/STEM.jsonl
//   indexer diff OLD.db NEW.db --questions FILE [--json]
//                  the questions whose entry, verdict or answer differ; exit 1 when a verdict does
//   indexer rank   STORE --questions FILE [--top N]   JSON Lines: each question's best entries
#include <functional>
#include <iostream>
#include <map>

#include "commands.h"

namespace {

using Command = std::function<int(const indexer::Options&)>;

// The command table: one line per command, its implementation in its own file.
const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"build", indexer::build},       {"check", indexer::check}, {"export", indexer::export_entries},
      {"import", indexer::import_faq}, {"diff", indexer::diff},   {"rank", indexer::rank},
  };
  return table;
}

int usage() {
  std::cerr << "usage: indexer build|check|export|import [KB_DIR] [--out PATH]\n"
               "       indexer diff OLD.db NEW.db --questions FILE [--json]\n"
               "       indexer rank STORE --questions FILE [--top N]\n";
  return 2;
}

// Options shared by every command; a command reads the flags it knows from Options::flags.
bool parse(int argc, char** argv, indexer::Options& o) {
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0 && (i + 1 == argc || std::string(argv[i + 1]).rfind("--", 0) == 0)) {
      o.flags.emplace_back(a.substr(2), "true");  // a switch: last, or followed by another flag
    } else if (a.rfind("--", 0) == 0) {
      std::string value = argv[++i];
      if (a == "--out")
        o.out = value;
      else if (a == "--entries-jsonl")
        o.entries_jsonl = value;
      else
        o.flags.emplace_back(a.substr(2), value);
    } else if (!a.empty() && a[0] == '-') {
      return false;
    } else {
      o.positional.push_back(a);
    }
  }
  return true;
}

}  // namespace

std::string indexer::Options::flag(const std::string& name) const {
  for (const auto& [key, value] : flags)
    if (key == name) return value;
  return "";
}

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  auto command = commands().find(argv[1]);
  indexer::Options options;
  if (command == commands().end() || !parse(argc, argv, options)) return usage();
  try {
    return command->second(options);
  } catch (const std::exception& e) {
    std::cerr << "indexer: " << e.what() << "\n";
    return 1;
  }
}
