// FAQ rows as entries (faq_loader.h): one unconditional case with verdict info, the row's
// similar questions as phrasings, and the checks an editor needs (file:row: message).
#include <algorithm>
#include <map>
#include <set>

#include "faq_loader.h"
#include "kb/faq_files.h"
#include "kb/normalizer.h"

namespace kb {
namespace fs = std::filesystem;
namespace {

// The topic of rows that name none (editors may define it in topics.yaml, with a name).
constexpr const char* kFaqTopic = "faq";

// A source cell: one source per line (or ##), each a title, a URL, or a title and a URL.
std::vector<Source> sources_of(const std::string& cell) {
  std::vector<Source> out;
  for (const auto& item : faq_list(cell)) {
    Source s;
    const size_t at = std::min(item.find("http://"), item.find("https://"));
    if (at != std::string::npos) {
      size_t end = at;
      while (end < item.size() && static_cast<unsigned char>(item[end]) > ' ' &&
             static_cast<unsigned char>(item[end]) < 0x80)
        ++end;
      s.url = item.substr(at, end - at);
      const auto title = faq_list(item.substr(0, at) + " " + item.substr(end));  // the text beside the URL
      s.title = title.empty() ? s.url : title.front();
    } else {
      s.title = item;
    }
    out.push_back(std::move(s));
  }
  return out;
}

class FaqEntries {
 public:
  FaqEntries(YamlReader& in, KnowledgeBase& kb);
  void add_file(const fs::path& path);

 private:
  void add_row(const std::string& file, const std::string& stem, const FaqRow& r);
  std::string topic_of(const std::string& text);
  void claim(const Entry& e);

  YamlReader& in_;
  KnowledgeBase& kb_;
  std::map<std::string, std::string> ids_;        // id → where it is (file:line)
  std::map<std::string, std::string> questions_;  // normalised question → its entry and where
};

std::string where(const Entry& e) { return e.file + ":" + std::to_string(e.line); }

FaqEntries::FaqEntries(YamlReader& in, KnowledgeBase& kb) : in_(in), kb_(kb) {
  for (const auto& e : kb.entries) {
    ids_.emplace(e.id, where(e));
    for (const auto& q : e.questions()) questions_.emplace(normalize_utf8(q), e.id + " (" + where(e) + ")");
  }
}

void FaqEntries::add_file(const fs::path& path) {
  const std::string file = in_.name(path);
  FaqSheet sheet = read_faq_file(path, file);
  for (const auto& p : sheet.problems) in_.problem(p.file, p.line, p.message);
  for (const auto& r : sheet.rows) add_row(file, path.stem().string(), r);
}

// A topic by its id or its name; a new one when the knowledge base has neither.
std::string FaqEntries::topic_of(const std::string& text) {
  const std::string wanted = text.empty() ? kFaqTopic : text;
  for (const auto& t : kb_.topics)
    if (t.id == wanted || t.name == wanted) return t.id;
  TopicDef added;
  added.id = added.name = wanted;
  kb_.topics.push_back(std::move(added));
  return wanted;
}

// Ids and questions are unique across the whole knowledge base, rules and FAQ rows alike.
void FaqEntries::claim(const Entry& e) {
  if (auto [it, fresh] = ids_.emplace(e.id, where(e)); !fresh)
    in_.problem(e.file, e.line, "duplicate id " + e.id + " (first at " + it->second + ")");
  std::set<std::string> own;
  for (const auto& q : e.questions()) {
    const std::string key = normalize_utf8(q);
    if (!own.insert(key).second) continue;
    if (auto [it, fresh] = questions_.emplace(key, e.id + " (" + where(e) + ")"); !fresh)
      in_.problem(e.file, e.line, "question '" + q + "' is also under " + it->second);
  }
}

void FaqEntries::add_row(const std::string& file, const std::string& stem, const FaqRow& r) {
  for (const auto& message : faq_row_problems(r)) in_.problem(file, r.row, message);
  if (r.question.empty() || r.answer.empty()) return;
  Entry e;
  e.kind = kFaqEntry;
  e.id = r.id.empty() ? faq_row_id(stem, r.row) : r.id;
  e.topic = topic_of(r.topic);
  e.question = r.question;
  e.phrasings = r.similar_questions;
  e.sources = sources_of(r.source);
  e.effective_from = r.effective_from;
  Case answer;
  answer.verdict = "info";
  answer.answer = r.answer;
  answer.line = r.row;
  e.cases.push_back(std::move(answer));
  e.file = file;
  e.line = r.row;
  claim(e);
  kb_.entries.push_back(std::move(e));
}

}  // namespace

void load_faq_files(YamlReader& in, const fs::path& dir, KnowledgeBase& kb) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(dir, ec)) {
    const std::string name = f.path().filename().string();
    // Hidden files and the lock files Excel (~$) and WPS (.~) keep beside an open sheet.
    if (name.starts_with(".") || name.starts_with("~$") || !f.is_regular_file()) continue;
    files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  FaqEntries entries(in, kb);
  for (const auto& f : files) entries.add_file(f);
}

}  // namespace kb
