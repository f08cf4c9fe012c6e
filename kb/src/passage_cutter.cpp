#include "kb/passage_cutter.h"

#include <unicode/regex.h>

#include <algorithm>
#include <stdexcept>

#include "kb/sentences.h"
#include "kb/text.h"

namespace kb {
namespace {

// A heading's place: its Markdown level (1–6; kNoLevel for a marker line) and its marker's rank
// (from kFirstRank, outermost first; 0 for a Markdown heading that is no marker). A Markdown
// heading closes the open headings of its level and deeper, a marker those of its rank and
// deeper: Markdown headings enclose markers, and "## 第二章" closes both kinds.
constexpr int kNoLevel = 7, kFirstRank = 1;
struct Place {
  int level = kNoLevel, rank = 0;
  bool closes(const Place& open) const {
    return (level < kNoLevel && open.level >= level) || (rank > 0 && open.rank >= rank);
  }
};

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\r' || c == 0x3000; }

std::string trim(const std::string& s) {
  const std::u32string u = to_u32(s);
  size_t a = 0, b = u.size();
  while (a < b && is_space(u[a])) ++a;
  while (b > a && is_space(u[b - 1])) --b;
  return to_utf8(u.substr(a, b - a));
}

std::string trimmed(const icu::UnicodeString& u) {
  std::string s;
  return trim(u.toUTF8String(s));
}

// "## text ##": the level (1–6) and the text; 0 when the line is no Markdown heading.
int markdown_heading(const std::string& line, std::string& text) {
  size_t level = 0;
  while (level < line.size() && line[level] == '#') ++level;
  if (level == 0 || level > 6 || level >= line.size() || line[level] != ' ') return 0;
  std::string rest = line.substr(level + 1);
  while (!rest.empty() && (rest.back() == '#' || rest.back() == ' ')) rest.pop_back();
  text = trim(rest);
  return text.empty() ? 0 : static_cast<int>(level);
}

// A Markdown list item ("- ", "* ", "1. ") starts a paragraph of its own.
bool starts_list_item(const std::string& line) {
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') return true;
  size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  return digits > 0 && digits + 1 < line.size() && line[digits] == '.' && line[digits + 1] == ' ';
}

// Wrapped lines of one paragraph: Chinese joins without a space, Latin words with one.
void join_line(std::string& paragraph, const std::string& line) {
  if (!paragraph.empty() && static_cast<unsigned char>(paragraph.back()) < 0x80 &&
      static_cast<unsigned char>(line.front()) < 0x80)
    paragraph += ' ';
  paragraph += line;
}

// Pieces of at most `max_chars` characters, cut at sentence ends (anywhere when a sentence is longer).
std::vector<std::string> split_paragraph(const std::string& paragraph, size_t max_chars) {
  std::vector<std::string> out;
  std::u32string rest = to_u32(paragraph);
  while (rest.size() > max_chars) {
    size_t cut = last_end_within(rest, max_chars, is_sentence_end);
    if (cut == 0) cut = max_chars;
    out.push_back(to_utf8(rest.substr(0, cut)));
    rest.erase(0, cut);
  }
  if (!rest.empty()) out.push_back(to_utf8(rest));
  return out;
}

// The state of one cut: the open headings, and the text under the innermost one.
class Cutting {
 public:
  Cutting(size_t max_chars, std::vector<Passage>& out) : max_chars_(max_chars), out_(out) {}
  void heading(Place place, const std::string& text) {
    end_section();
    // The outermost heading it closes closes everything opened inside it too.
    auto closed = std::find_if(open_.begin(), open_.end(), [&](const auto& open) { return place.closes(open.first); });
    open_.erase(closed, open_.end());
    open_.emplace_back(place, text);
  }
  void text(const std::string& line, int line_no) {
    if (first_line_ == 0) first_line_ = line_no;
    if (starts_list_item(line)) end_paragraph();
    join_line(paragraph_, line);
  }
  void end_paragraph() {
    if (!paragraph_.empty()) paragraphs_.push_back(std::move(paragraph_));
    paragraph_.clear();
  }
  void end_section();

 private:
  void emit(std::string text) {
    std::vector<std::string> headings;
    for (const auto& h : open_) headings.push_back(h.second);
    out_.push_back({std::move(headings), std::move(text), first_line_});
  }
  size_t max_chars_;
  std::vector<Passage>& out_;
  std::vector<std::pair<Place, std::string>> open_;  // outermost first
  std::vector<std::string> paragraphs_;
  std::string paragraph_;
  int first_line_ = 0;
};

void Cutting::end_section() {
  end_paragraph();
  std::string text;
  size_t chars = 0;
  for (const auto& paragraph : paragraphs_)
    for (const auto& piece : split_paragraph(paragraph, max_chars_)) {
      const size_t n = utf8_length(piece);
      if (!text.empty() && chars + n > max_chars_) {
        emit(std::move(text));
        text.clear();
        chars = 0;
      }
      text += (text.empty() ? "" : "\n") + piece;
      chars += n;
    }
  if (!text.empty()) emit(std::move(text));
  paragraphs_.clear();
  first_line_ = 0;
}

}  // namespace

struct PassageCutter::Patterns {
  std::vector<std::unique_ptr<icu::RegexPattern>> list;
};

PassageCutter::PassageCutter(const std::vector<HeadingRule>& rules, size_t max_chars)
    : patterns_(std::make_unique<Patterns>()), max_chars_(max_chars == 0 ? 1 : max_chars) {
  for (const auto& rule : rules) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    std::unique_ptr<icu::RegexPattern> p(
        icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(rule.pattern), 0, where, status));
    if (U_FAILURE(status))
      throw std::invalid_argument("heading '" + rule.name + "': pattern does not compile (" + u_errorName(status) +
                                  " at offset " + std::to_string(where.offset) + ")");
    patterns_->list.push_back(std::move(p));
  }
}

PassageCutter::~PassageCutter() = default;

// The first rule whose pattern opens the line: its rank, the heading and the text after it.
bool PassageCutter::rule_heading(const std::string& line, int& rank, std::string& heading, std::string& rest) const {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(line);
  for (size_t i = 0; i < patterns_->list.size(); ++i) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> m(patterns_->list[i]->matcher(u, status));
    if (U_FAILURE(status) || !m->lookingAt(status) || U_FAILURE(status)) continue;
    const icu::UnicodeString h = m->groupCount() > 0 ? m->group(1, status) : m->group(status);
    const int32_t end = m->end(status);
    if (U_FAILURE(status) || h.isEmpty()) continue;
    heading = trimmed(h);
    rest = trimmed(u.tempSubString(end));
    rank = kFirstRank + static_cast<int>(i);
    return true;
  }
  return false;
}

std::vector<Passage> PassageCutter::cut(const std::vector<std::string>& lines, int first_line,
                                        const std::string& title) const {
  std::vector<Passage> out;
  Cutting cutting(max_chars_, out);
  const std::string own_title = trim(title);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line_no = first_line + static_cast<int>(i);
    const std::string line = trim(lines[i]);
    std::string heading, rest;
    int rank = 0;
    if (line.empty()) {
      cutting.end_paragraph();
    } else if (int level = markdown_heading(line, heading); level > 0) {
      std::string marked, after;
      if (!rule_heading(heading, rank, marked, after)) rank = 0;
      if (heading != own_title) cutting.heading({level, rank}, heading);
    } else if (rule_heading(line, rank, heading, rest)) {
      cutting.heading({kNoLevel, rank}, heading);
      if (!rest.empty()) cutting.text(rest, line_no);
    } else {
      cutting.text(line, line_no);
    }
  }
  cutting.end_section();
  return out;
}

}  // namespace kb
