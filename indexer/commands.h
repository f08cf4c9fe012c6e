// The indexer's commands, one file each; main.cpp only parses the shared options and dispatches.
// Every command returns the process exit status: 0 done, 1 problems found, 2 bad usage.
#pragma once
#include <string>
#include <vector>

namespace indexer {

struct Options {
  std::vector<std::string> positional;                     // arguments after the command that are no flag
  std::string out;                                         // --out
  std::string entries_jsonl;                               // --entries-jsonl (build)
  std::vector<std::pair<std::string, std::string>> flags;  // other --name value pairs, in order
  // The value of --name, or "" when absent.
  std::string flag(const std::string& name) const;
  // The knowledge base folder: the first positional argument, kb by default.
  std::string dir() const { return positional.empty() ? "kb" : positional.front(); }
};

int build(const Options& o);
int check(const Options& o);
int export_entries(const Options& o);
int import_faq(const Options& o);
int diff(const Options& o);
int rank(const Options& o);

}  // namespace indexer
