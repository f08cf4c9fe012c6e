// Removes personal data from residents' text before it is stored or logged: ID-card numbers,
// mobile numbers, bank-card numbers, 社保卡 numbers and other long numbers, codes named by a
// label (社保卡号：…), and names after the words people introduce themselves with (我叫 …).
//
// Every word, pattern and replacement is data: config/redaction.yaml, built into the binary
// (embedded_redaction.h) and replaceable by an operator's file (`redaction_file`). The rules err
// on the side of removing too much: a 9-digit amount is replaced too.
//
// Thread-safety: immutable after construction; redact() may run on any number of threads.
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace faq {

struct RedactionRules {
  struct Number {
    std::string name, replace, starts_with;
    size_t min_digits = 0, max_digits = 0;
    bool x_last = false;  // a final X or x counts as a digit
  };
  struct Label {
    std::vector<std::u32string> words;
    std::string replace;
  };
  size_t group_min = 3;  // digits on each side of a space or hyphen inside a number
  std::vector<Number> numbers;
  size_t label_gap = 3, label_min_chars = 6;
  std::u32string label_fillers;
  std::vector<Label> labels;
  std::string name_replace;
  std::u32string name_fillers;
  size_t name_max_chars = 3;
  std::vector<std::u32string> name_markers, weak_name_markers, compound_surnames, not_names;
  std::u32string name_stops, surnames;
};

// Reads rules from YAML text; throws std::runtime_error naming `source` and the problem.
RedactionRules parse_redaction_rules(const std::string& yaml, const std::string& source);
// The rules built into the binary (config/redaction.yaml at build time).
const std::string& builtin_redaction_yaml();

class Redactor {
 public:
  explicit Redactor(RedactionRules rules);
  std::string redact(std::string_view text) const;

 private:
  struct Match {
    size_t length = 0;  // code points taken from the text
    const std::string* replace = nullptr;
  };
  Match name_at(const std::u32string& s, size_t i, size_t& marker) const;
  Match label_at(const std::u32string& s, size_t i, size_t& label) const;
  Match number_at(const std::u32string& s, size_t i) const;
  size_t name_length(const std::u32string& s, size_t i, bool weak) const;
  size_t code_run(const std::u32string& s, size_t i, bool letters) const;

  RedactionRules rules_;
  std::unordered_set<char32_t> stops_, surnames_;
  std::unordered_set<char32_t> word_starts_;  // first characters of every marker and label
};

}  // namespace faq
