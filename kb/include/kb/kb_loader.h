// Reads the human-edited knowledge base (kb/entries/*.yaml, kb/lexicon/*.yaml) and validates it.
// Bad content is reported as problems with file and line, never asserted: the knowledge base is
// input, edited by people.
#pragma once
#include <string>
#include <vector>

#include "kb/knowledge.h"

namespace kb {

struct Problem {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const { return file + ":" + std::to_string(line) + ": " + message; }
};

struct LoadResult {
  KnowledgeBase kb;
  std::vector<Problem> problems;
};

// `dir` is the kb/ folder (holding entries/ and lexicon/, and optionally faq/ and articles/).
// Without lexicon/ it is domain-free: no concepts, and the built-in kind factors, topics and
// messages of kb/defaults/.
LoadResult load_knowledge_base(const std::string& dir);

}  // namespace kb
