// The parser of kb/articles/: policy articles (Markdown .md or plain .txt) under a YAML header
// between "---" lines, cut into passages (passage_cutter.h) by the heading markers of
// kb/articles/headings.yaml. Each passage becomes an entry of kind passage: its heading path as
// the question, its sentences as phrasings, its text as the one answer, the article as source.
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "kb/dates.h"
#include "kb/passage_cutter.h"
#include "kb/sentences.h"
#include "kb/text.h"
#include "yaml_reader.h"

namespace kb {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMinPhrasingChars = 4;  // shorter sentences ("略。") find nothing useful

struct ArticleHeader {
  std::string id, title, issuer, number, date, url, topic, effective_from, effective_to;
};

// How passages are cut: kb/articles/headings.yaml, or Markdown headings only without it.
struct CutSettings {
  std::vector<HeadingRule> rules;
  size_t max_chars = 500;
  std::string separator = " › ";
};

CutSettings read_settings(YamlReader& in, const fs::path& path) {
  CutSettings s;
  if (!fs::exists(path)) return s;
  auto doc = in.parse(path);
  if (!doc) return s;
  const std::string file = in.name(path);
  static const std::set<std::string> keys = {"max_passage_chars", "path_separator", "headings"};
  for (const auto& kv : *doc)
    if (!keys.count(kv.first.as<std::string>()))
      in.problem(file, kv.first, "unknown key '" + kv.first.as<std::string>() + "'");
  const double max_chars = in.number(file, (*doc)["max_passage_chars"], "max_passage_chars", 500);
  if (max_chars < 50) in.problem(file, (*doc)["max_passage_chars"], "max_passage_chars must be at least 50");
  s.max_chars = static_cast<size_t>(std::max(max_chars, 50.0));
  if ((*doc)["path_separator"]) s.separator = in.text(file, (*doc)["path_separator"], "path_separator");
  for (const auto& h : (*doc)["headings"]) {
    HeadingRule rule{in.text(file, h["name"], "name"), in.text(file, h["pattern"], "pattern")};
    if (rule.pattern.empty()) in.problem(file, h, "heading '" + rule.name + "' has no pattern");
    try {
      PassageCutter check({rule}, s.max_chars);
      s.rules.push_back(rule);
    } catch (const std::invalid_argument& e) { in.problem(file, h["pattern"], e.what()); }
  }
  return s;
}

// The sentences a passage can be found by (each a phrasing), in order, without repeats.
std::vector<std::string> sentences_of(const std::string& text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::u32string sentence;
  auto take = [&] {
    std::string s = to_utf8(sentence);
    sentence.clear();
    if (utf8_length(s) >= kMinPhrasingChars && seen.insert(s).second) out.push_back(std::move(s));
  };
  for (char32_t c : to_u32(text)) {
    if (c == U'\n') {
      take();
      continue;
    }
    sentence.push_back(c);
    if (is_sentence_end(c) || c == U'；') take();
  }
  take();
  return out;
}

class ArticleReader {
 public:
  ArticleReader(YamlReader& in, KnowledgeBase& kb, const CutSettings& settings)
      : in_(in), kb_(kb), settings_(settings), cutter_(settings.rules, settings.max_chars) {
    for (const auto& e : kb.entries) ids_.emplace(e.id, e.file + ":" + std::to_string(e.line));
    for (const auto& t : kb.topics)
      if (t.passages && topic_.empty()) topic_ = t.id;
  }
  void read_file(const fs::path& path);

 private:
  bool read_lines(const fs::path& path, const std::string& file, std::vector<std::string>& lines);
  bool read_header(const std::string& file, const std::vector<std::string>& lines, ArticleHeader& h, size_t& body);
  void read_fields(const std::string& file, const YAML::Node& map, int offset, ArticleHeader& h);
  void check_header(const std::string& file, const fs::path& path, ArticleHeader& h);
  void add_passages(const std::string& file, const ArticleHeader& h, const std::vector<Passage>& passages);

  YamlReader& in_;
  KnowledgeBase& kb_;
  const CutSettings& settings_;
  PassageCutter cutter_;
  std::map<std::string, std::string> ids_;  // id → where it is first defined
  std::string topic_;
};

bool ArticleReader::read_lines(const fs::path& path, const std::string& file, std::vector<std::string>& lines) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream buffer;
  buffer << f.rdbuf();
  std::string text = buffer.str();
  if (!f) {
    in_.problem(file, 0, "cannot read the file");
    return false;
  }
  if (!is_valid_utf8(text)) {
    in_.problem(file, 0, "an article must be UTF-8 text");
    return false;
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a byte-order mark
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return true;
}

// The header: YAML between a first line "---" and the next "---". `body` is the index of the
// first line after it.
bool ArticleReader::read_header(const std::string& file, const std::vector<std::string>& lines, ArticleHeader& h,
                                size_t& body) {
  auto is_fence = [](const std::string& line) {
    return line.find_first_not_of(' ', 3) == std::string::npos && line.rfind("---", 0) == 0;
  };
  if (lines.empty() || !is_fence(lines[0])) {
    in_.problem(file, 1, "an article starts with a header between '---' lines (title, issuer, number, date, url)");
    return false;
  }
  size_t end = 1;
  while (end < lines.size() && !is_fence(lines[end])) ++end;
  if (end == lines.size()) {
    in_.problem(file, 1, "the header's closing '---' line is missing");
    return false;
  }
  std::string yaml;
  for (size_t i = 1; i < end; ++i) yaml += lines[i] + "\n";
  body = end + 1;
  try {
    const YAML::Node map = YAML::Load(yaml);
    if (!map.IsMap()) {
      in_.problem(file, 2, "the header must be 'key: value' lines");
      return false;
    }
    read_fields(file, map, 2, h);  // the header's first line is the file's second
  } catch (const YAML::Exception& e) {
    in_.problem(file, e.mark.line + 2, "header YAML error: " + e.msg);
    return false;
  }
  return true;
}

void ArticleReader::read_fields(const std::string& file, const YAML::Node& map, int offset, ArticleHeader& h) {
  static const std::set<std::string> keys = {"id",  "title", "issuer",         "number",      "date",
                                             "url", "topic", "effective_from", "effective_to"};
  auto field = [&](const char* key) {
    const YAML::Node n = map[key];
    if (!n || n.IsNull()) return std::string();
    if (n.IsScalar()) return n.as<std::string>();
    in_.problem(file, n.Mark().line + offset, std::string("header: ") + key + " must be text");
    return std::string();
  };
  for (const auto& kv : map)
    if (!keys.count(kv.first.as<std::string>()))
      in_.problem(file, kv.first.Mark().line + offset, "header: unknown key '" + kv.first.as<std::string>() + "'");
  h = {field("id"),  field("title"), field("issuer"),         field("number"),      field("date"),
       field("url"), field("topic"), field("effective_from"), field("effective_to")};
}

void ArticleReader::check_header(const std::string& file, const fs::path& path, ArticleHeader& h) {
  static const std::regex id_re("[a-z0-9][a-z0-9-]*"), url_re("https?://\\S+");
  if (h.id.empty()) h.id = path.stem().string();
  if (!std::regex_match(h.id, id_re))
    in_.problem(file, 1,
                "article id '" + h.id + "' must be lowercase letters, digits and '-' (rename the file or set id)");
  if (h.title.empty()) in_.problem(file, 1, "header: title is missing");
  if (h.issuer.empty()) in_.problem(file, 1, "header: issuer is missing");
  if (!is_iso_date(h.date)) in_.problem(file, 1, "header: date must be a real date, YYYY-MM-DD");
  if (!h.url.empty() && !std::regex_match(h.url, url_re))
    in_.problem(file, 1, "header: url must start with http:// or https://");
  for (const auto* d : {&h.effective_from, &h.effective_to})
    if (!d->empty() && !is_iso_date(*d)) in_.problem(file, 1, "header: effective dates must be real dates, YYYY-MM-DD");
  if (h.topic.empty()) h.topic = topic_;
  const auto topic =
      std::find_if(kb_.topics.begin(), kb_.topics.end(), [&](const TopicDef& t) { return t.id == h.topic; });
  if (h.topic.empty())
    in_.problem(file, 1, "no topic in topics.yaml has passages: true (articles need one)");
  else if (topic == kb_.topics.end() || !topic->passages)
    in_.problem(file, 1, "header: topic '" + h.topic + "' is not a topic with passages: true");
}

void ArticleReader::add_passages(const std::string& file, const ArticleHeader& h,
                                 const std::vector<Passage>& passages) {
  const Messages::Excerpt& m = kb_.messages.excerpt;
  const Source source{h.number.empty() ? h.title : fill(m.source, {{"title", h.title}, {"number", h.number}}), h.url,
                      h.date};
  for (size_t k = 0; k < passages.size(); ++k) {
    const Passage& p = passages[k];
    Entry e;
    e.id = h.id + "-" + std::to_string(k + 1);
    e.kind = kPassageEntry;
    e.topic = h.topic;
    e.question = h.title;
    std::string own;
    for (const auto& heading : p.headings) {
      e.question += settings_.separator + heading;
      own += (own.empty() ? "" : settings_.separator) + heading;
    }
    if (!own.empty()) e.phrasings.push_back(own);
    e.section = own;
    e.citation = h.number.empty() ? fill(m.citation_unnumbered, {{"title", h.title}})
                                  : fill(m.citation, {{"title", h.title}, {"number", h.number}});
    for (auto& s : sentences_of(p.text)) e.phrasings.push_back(std::move(s));
    e.sources = {source};
    e.effective_from = h.effective_from;
    e.effective_to = h.effective_to;
    e.file = file;
    e.line = p.line;
    Case c;
    c.verdict = "info";
    c.answer = p.text;
    c.line = p.line;
    e.cases = {std::move(c)};
    if (auto [it, fresh] = ids_.emplace(e.id, file + ":" + std::to_string(p.line)); !fresh)
      in_.problem(file, p.line, "duplicate id " + e.id + " (first at " + it->second + ")");
    kb_.entries.push_back(std::move(e));
  }
}

void ArticleReader::read_file(const fs::path& path) {
  const std::string file = in_.name(path);
  std::vector<std::string> lines;
  ArticleHeader h;
  size_t body = 0;
  if (!read_lines(path, file, lines) || !read_header(file, lines, h, body)) return;
  check_header(file, path, h);
  const std::vector<std::string> text(lines.begin() + static_cast<long>(body), lines.end());
  const std::vector<Passage> passages = cutter_.cut(text, static_cast<int>(body) + 1, h.title);
  if (passages.empty()) in_.problem(file, static_cast<int>(body) + 1, "the article has no text under its header");
  add_passages(file, h, passages);
}

}  // namespace

void load_article_files(YamlReader& in, const fs::path& dir, KnowledgeBase& kb) {
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto& f : fs::directory_iterator(dir))
      if (f.path().extension() == ".md" || f.path().extension() == ".txt") files.push_back(f.path());
  if (files.empty()) return;  // articles are optional
  std::sort(files.begin(), files.end());
  const CutSettings settings = read_settings(in, dir / "headings.yaml");
  if (kb.messages.excerpt.lead.empty() || kb.messages.excerpt.citation.empty())
    in.problem(
        in.name(dir.parent_path() / "lexicon" / "messages.yaml"), 0,
        "articles need the excerpt messages (excerpt: lead, lead_speech, citation, citation_unnumbered, source)");
  ArticleReader reader(in, kb, settings);
  for (const auto& f : files) reader.read_file(f);
}

}  // namespace kb
