// Cuts the body of a policy article (kb/articles/) into titled passages: every heading opens a
// new passage, and a passage keeps the path of headings above it (第二章 › 第十条). Headings are
// Markdown headings ("## …") and lines that open with a structure marker of Chinese legal texts
// (第一章, 第十条, 一、, （一）); the markers are data (kb/articles/headings.yaml), not code.
//
// Thread-safety: immutable after construction; cut() may run on many threads.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace kb {

// One kind of heading line, outermost first. `pattern` is an ICU regular expression matched at
// the start of a line: its first group, when it has one, is the heading, and what follows the
// match on the same line is text of the passage (第四十一条 is followed by the clause itself).
struct HeadingRule {
  std::string name, pattern;
};

struct Passage {
  std::vector<std::string> headings;  // outermost first, without the article's title
  std::string text;                   // its paragraphs, joined by "\n"
  int line = 0;                       // the file line of its first text
};

class PassageCutter {
 public:
  // A section longer than `max_chars` characters is cut at paragraph ends (at sentence ends
  // inside a longer paragraph). Throws std::invalid_argument naming a pattern that does not compile.
  PassageCutter(const std::vector<HeadingRule>& rules, size_t max_chars);
  ~PassageCutter();
  PassageCutter(const PassageCutter&) = delete;
  PassageCutter& operator=(const PassageCutter&) = delete;

  // `lines` are the body's lines, `first_line` the file line of lines[0]. A heading that repeats
  // `title` (a Markdown "# title" under the header) adds nothing to the path.
  std::vector<Passage> cut(const std::vector<std::string>& lines, int first_line, const std::string& title) const;

 private:
  struct Patterns;
  bool rule_heading(const std::string& line, int& rank, std::string& heading, std::string& rest) const;

  std::unique_ptr<Patterns> patterns_;
  size_t max_chars_;
};

}  // namespace kb
