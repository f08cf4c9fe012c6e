#include "redactor.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

#include "embedded_redaction.h"
#include "kb/text.h"

namespace faq {
namespace {

bool is_digit(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }
bool is_letter(char32_t c) {
  return kb::is_ascii_letter(c) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}
bool is_x(char32_t c) { return c == 'X' || c == 'x' || c == 0xFF38 || c == 0xFF58; }
bool is_separator(char32_t c) { return c == ' ' || c == '-' || c == 0x3000 || c == 0xFF0D; }
char ascii_digit(char32_t c) { return static_cast<char>(c >= 0xFF10 ? c - 0xFF10 + '0' : c); }

bool starts_at(const std::u32string& s, size_t i, const std::u32string& word) {
  return !word.empty() && s.compare(i, word.size(), word) == 0;
}

// The longest of `words` found at s[i], or nullptr.
const std::u32string* longest_at(const std::u32string& s, size_t i, const std::vector<std::u32string>& words) {
  const std::u32string* best = nullptr;
  for (const auto& w : words)
    if (starts_at(s, i, w) && (!best || w.size() > best->size())) best = &w;
  return best;
}

// Characters of `fillers` from s[i], at most `gap` of them.
size_t skip_fillers(const std::u32string& s, size_t i, const std::u32string& fillers, size_t gap) {
  size_t n = 0;
  while (n < gap && i + n < s.size() && fillers.find(s[i + n]) != std::u32string::npos) ++n;
  return n;
}

// A run of digits (and letters when `letters`) from s[i], in groups joined by one separator when
// the groups on both sides have at least `group_min` characters.
struct Run {
  size_t end = 0, chars = 0;
  std::string digits;  // as ASCII
};
Run scan_run(const std::u32string& s, size_t i, bool letters, size_t group_min) {
  auto member = [&](char32_t c) { return is_digit(c) || (letters && is_letter(c)); };
  Run r;
  r.end = i;
  size_t group = 0;
  for (size_t j = i; j < s.size();) {
    if (member(s[j])) {
      if (is_digit(s[j])) r.digits += ascii_digit(s[j]);
      ++group, ++r.chars, r.end = ++j;
      continue;
    }
    if (!is_separator(s[j]) || group < group_min) break;
    size_t next = 0;
    while (j + 1 + next < s.size() && member(s[j + 1 + next])) ++next;
    if (next < group_min) break;
    ++j, group = 0;
  }
  return r;
}

std::u32string u32(const YAML::Node& node) { return node ? kb::to_u32(node.as<std::string>()) : std::u32string(); }

std::vector<std::u32string> u32_list(const YAML::Node& node) {
  std::vector<std::u32string> out;
  for (const auto& item : node) out.push_back(kb::to_u32(item.as<std::string>()));
  return out;
}

std::string required_text(const YAML::Node& node, const char* what) {
  std::string v = node ? node.as<std::string>() : "";
  if (v.empty()) throw std::runtime_error(std::string(what) + " must not be empty");
  return v;
}

RedactionRules::Number number_rule(const YAML::Node& n) {
  RedactionRules::Number r;
  r.name = n["name"].as<std::string>("");
  r.replace = required_text(n["replace"], "numbers: replace");
  r.starts_with = n["starts_with"].as<std::string>("");
  r.min_digits = n["digits"] ? n["digits"].as<size_t>() : n["min_digits"].as<size_t>(0);
  r.max_digits = n["digits"] ? r.min_digits : n["max_digits"].as<size_t>(r.min_digits);
  r.x_last = n["x_last"].as<bool>(false);
  if (r.min_digits == 0 || r.max_digits < r.min_digits)
    throw std::runtime_error("numbers: " + r.name + ": digits must be a positive count or range");
  return r;
}

void read_labels(const YAML::Node& node, RedactionRules& r) {
  if (!node) return;
  r.label_gap = node["gap"].as<size_t>(r.label_gap);
  r.label_min_chars = node["min_chars"].as<size_t>(r.label_min_chars);
  r.label_fillers = u32(node["fillers"]);
  for (const auto& rule : node["rules"])
    r.labels.push_back({u32_list(rule["words"]), required_text(rule["replace"], "labelled: replace")});
}

void read_names(const YAML::Node& node, RedactionRules& r) {
  if (!node) return;
  r.name_replace = required_text(node["replace"], "names: replace");
  r.name_fillers = u32(node["fillers"]);
  r.name_max_chars = std::max<size_t>(2, node["max_chars"].as<size_t>(r.name_max_chars));
  r.name_markers = u32_list(node["markers"]);
  r.weak_name_markers = u32_list(node["weak_markers"]);
  r.name_stops = u32(node["stop"]);
  r.surnames = u32(node["surnames"]);
  r.compound_surnames = u32_list(node["compound_surnames"]);
  r.not_names = u32_list(node["not_names"]);
}

}  // namespace

RedactionRules parse_redaction_rules(const std::string& yaml, const std::string& source) {
  try {
    YAML::Node doc = YAML::Load(yaml);
    RedactionRules r;
    r.group_min = doc["number_group_min"].as<size_t>(r.group_min);
    for (const auto& n : doc["numbers"]) r.numbers.push_back(number_rule(n));
    read_labels(doc["labelled"], r);
    read_names(doc["names"], r);
    return r;
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  } catch (const std::exception& e) { throw std::runtime_error(source + ": " + e.what()); }
}

const std::string& builtin_redaction_yaml() {
  static const std::string text(embedded::redaction);
  return text;
}

Redactor::Redactor(RedactionRules rules) : rules_(std::move(rules)) {
  for (char32_t c : rules_.name_stops) stops_.insert(c);
  for (char32_t c : rules_.surnames)
    if (kb::is_han(c)) surnames_.insert(c);
  for (const auto* words : {&rules_.name_markers, &rules_.weak_name_markers})
    for (const auto& w : *words)
      if (!w.empty()) word_starts_.insert(w[0]);
  for (const auto& label : rules_.labels)
    for (const auto& w : label.words)
      if (!w.empty()) word_starts_.insert(w[0]);
}

size_t Redactor::name_length(const std::u32string& s, size_t i, bool weak) const {
  const bool compound = longest_at(s, i, rules_.compound_surnames) != nullptr;
  if (i >= s.size() || (weak && !compound && !surnames_.count(s[i]))) return 0;
  if (longest_at(s, i, rules_.not_names)) return 0;
  // Always two characters (a surname and a given name, which may well be a stop character), then
  // more up to the limit until a stop character.
  const size_t least = compound ? 3 : 2, most = rules_.name_max_chars + (compound ? 1 : 0);
  size_t n = 0;
  while (i + n < s.size() && n < most && kb::is_han(s[i + n]) && (n < least || !stops_.count(s[i + n]))) ++n;
  return n >= least ? n : 0;
}

Redactor::Match Redactor::name_at(const std::u32string& s, size_t i, size_t& keep) const {
  const std::u32string* strong = longest_at(s, i, rules_.name_markers);
  const std::u32string* weak = longest_at(s, i, rules_.weak_name_markers);
  const bool is_weak = weak && (!strong || weak->size() > strong->size());
  const std::u32string* marker = is_weak ? weak : strong;
  if (!marker) return {};
  keep = marker->size();
  keep += skip_fillers(s, i + keep, rules_.name_fillers, 2);
  size_t n = name_length(s, i + keep, is_weak);
  return n ? Match{n, &rules_.name_replace} : Match{};
}

Redactor::Match Redactor::label_at(const std::u32string& s, size_t i, size_t& keep) const {
  const RedactionRules::Label* found = nullptr;
  const std::u32string* word = nullptr;
  for (const auto& rule : rules_.labels)
    if (const auto* w = longest_at(s, i, rule.words); w && (!word || w->size() > word->size())) word = w, found = &rule;
  if (!found) return {};
  keep = word->size();
  keep += skip_fillers(s, i + keep, rules_.label_fillers, rules_.label_gap);
  // After a label the code is taken whole, however it is grouped.
  Run run = scan_run(s, i + keep, /*letters=*/true, /*group_min=*/1);
  if (run.chars < rules_.label_min_chars) return {};
  return {run.end - (i + keep), &found->replace};
}

Redactor::Match Redactor::number_at(const std::u32string& s, size_t i) const {
  if (!is_digit(s[i])) return {};
  Run run = scan_run(s, i, /*letters=*/false, rules_.group_min);
  const bool x = run.end < s.size() && is_x(s[run.end]);
  for (const bool with_x : {true, false}) {
    if (with_x && !x) continue;
    const size_t digits = run.digits.size() + (with_x ? 1 : 0);
    for (const auto& rule : rules_.numbers) {
      if (digits < rule.min_digits || digits > rule.max_digits || (with_x && !rule.x_last)) continue;
      if (run.digits.compare(0, rule.starts_with.size(), rule.starts_with) != 0) continue;
      return {run.end - i + (with_x ? 1 : 0), &rule.replace};
    }
  }
  return {run.end - i, nullptr};  // a number no rule names: kept, and not looked at again digit by digit
}

std::string Redactor::redact(std::string_view text) const {
  const std::u32string s = kb::to_u32(text);
  std::string out;
  out.reserve(text.size());
  auto copy = [&](size_t from, size_t n) {
    for (size_t k = from; k < from + n; ++k) kb::append_utf8(out, s[k]);
  };
  for (size_t i = 0; i < s.size();) {
    size_t keep = 0;
    Match m;
    if (word_starts_.count(s[i])) {
      m = name_at(s, i, keep);
      if (!m.replace && !keep) m = label_at(s, i, keep);
    }
    if (!m.replace && !keep) m = number_at(s, i);
    copy(i, keep);
    i += keep;
    if (m.replace) {
      out += *m.replace;
    } else {
      const size_t n = keep ? 0 : std::max<size_t>(m.length, 1);
      copy(i, n);
      m.length = n;
    }
    i += m.length;
  }
  return out;
}

}  // namespace faq
