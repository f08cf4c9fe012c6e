// Reading FAQ sheets (faq_files.h): the file's format and encoding, its header, its rows.
#include "kb/faq_files.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <set>

#include "kb/dates.h"
#include "kb/grammar.h"
#include "kb/sheet_table.h"
#include "kb/text_encoding.h"

namespace kb {
namespace {

constexpr uintmax_t kMaxFileBytes = 64 << 20;

// The length of the blank at s[i] (ASCII white space, U+3000, U+00A0, a byte-order mark); 0 if none.
size_t blank_at(std::string_view s, size_t i) {
  static constexpr std::string_view wide[] = {"\xE3\x80\x80", "\xC2\xA0", "\xEF\xBB\xBF"};
  if (std::string_view(" \t\r\n\v\f").find(s[i]) != std::string_view::npos) return 1;
  for (auto w : wide)
    if (s.substr(i).starts_with(w)) return w.size();
  return 0;
}

std::string trim(std::string_view s) {
  size_t n;
  while (!s.empty() && (n = blank_at(s, 0)) > 0) s.remove_prefix(n);
  for (bool again = true; again && !s.empty();) {
    again = false;
    for (size_t k : {1, 2, 3})
      if (s.size() >= k && blank_at(s, s.size() - k) == k) {
        s.remove_suffix(k);
        again = true;
        break;
      }
  }
  return std::string(s);
}

}  // namespace

std::vector<std::string> faq_list(std::string_view cell) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= cell.size(); ++i) {
    const bool hashes = i + 1 < cell.size() && cell[i] == '#' && cell[i + 1] == '#';
    if (i < cell.size() && cell[i] != '\n' && !hashes) continue;
    if (auto q = trim(cell.substr(start, i - start)); !q.empty()) out.push_back(std::move(q));
    if (hashes) ++i;
    start = i + 1;
  }
  return out;
}

namespace {

void set_field(FaqRow& r, const std::string& column, const std::string& text, bool excel) {
  if (column == "similar_questions") {
    for (auto& q : faq_list(text)) r.similar_questions.push_back(std::move(q));
    return;
  }
  std::string value = trim(text);
  if (column == "id") r.id = std::move(value);
  if (column == "question") r.question = std::move(value);
  if (column == "answer") r.answer = std::move(value);
  if (column == "topic") r.topic = std::move(value);
  if (column == "source") r.source = std::move(value);
  if (column == "effective_from") r.effective_from = faq_date(value, excel);
}

bool blank(const SheetRow& row) {
  return std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return trim(c).empty(); });
}

// The header's columns by position ("" for a column that is not read), with problems.
std::vector<std::string> read_header(const SheetRow& header, const std::string& shown, FaqSheet& out) {
  std::vector<std::string> columns;
  for (const auto& cell : header.cells) {
    const std::string name = trim(cell);
    std::string column = faq_column_of(name);
    if (!name.empty() && column.empty()) out.problems.push_back({shown, header.row, "unknown column '" + name + "'"});
    if (!column.empty() && std::find(columns.begin(), columns.end(), column) != columns.end()) {
      out.problems.push_back({shown, header.row, "two columns are read as " + column + "; the second is ignored"});
      column.clear();
    }
    if (!name.empty()) out.columns.emplace_back(name, column);
    columns.push_back(std::move(column));
  }
  for (const char* required : {"question", "answer"})
    if (std::find(columns.begin(), columns.end(), required) == columns.end())
      out.problems.push_back({shown, header.row, std::string("the header names no ") + required + " column"});
  return columns;
}

void read_rows(const SheetTable& t, const std::string& shown, bool excel, FaqSheet& out) {
  if (!t.error.empty()) out.problems.push_back({shown, t.error_row, t.error});
  auto header = std::find_if(t.rows.begin(), t.rows.end(), [](const SheetRow& r) { return !blank(r); });
  if (header == t.rows.end()) {
    if (t.error.empty()) out.problems.push_back({shown, 0, "no header row: the file is empty"});
    return;
  }
  const std::vector<std::string> columns = read_header(*header, shown, out);
  for (auto row = header + 1; row != t.rows.end(); ++row) {
    if (blank(*row) || (t.error_row > 0 && row->row >= t.error_row)) continue;
    FaqRow r{row->row, {}, {}, {}, {}, {}, {}, {}};
    bool outside = false;
    for (size_t i = 0; i < row->cells.size(); ++i) {
      if (i < columns.size() && !columns[i].empty())
        set_field(r, columns[i], row->cells[i], excel);
      else if (!trim(row->cells[i]).empty() && (i >= columns.size() || trim(header->cells[i]).empty()))
        outside = true;  // a value under no header (an unquoted comma?); under an unknown one it is ignored
    }
    if (outside) out.problems.push_back({shown, r.row, "a cell outside the header's columns"});
    out.rows.push_back(std::move(r));
  }
}

// A JSON value as cell text: a list is one item per line (similar questions, sources).
std::optional<std::string> json_text(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  if (!v.is_array()) return std::nullopt;
  std::string out;
  for (const auto& item : v) {
    auto text = item.is_array() ? std::nullopt : json_text(item);
    if (!text) return std::nullopt;
    (out += *text) += '\n';
  }
  return out;
}

// One JSON Lines object. `questions` is how `indexer export` writes an entry: the question, then
// the similar ones.
void read_object(const nlohmann::json& j, const std::string& shown, FaqRow& r, FaqSheet& out) {
  for (const auto& item : j.items()) {
    const std::string& key = item.key();  // a name, not a structured binding: lambdas capture it (clang 14)
    const std::string column = key == "questions" ? key : faq_column_of(key);
    const bool seen =
        std::any_of(out.columns.begin(), out.columns.end(), [&](const auto& c) { return c.first == key; });
    if (!seen) out.columns.emplace_back(key, column);
    if (column.empty()) {
      if (!seen) out.problems.push_back({shown, r.row, "unknown column '" + key + "'"});
      continue;
    }
    auto text = json_text(item.value());
    if (!text) {
      out.problems.push_back({shown, r.row, "'" + key + "' must be text or a list of texts"});
    } else if (column == "questions") {
      auto questions = faq_list(*text);
      if (!questions.empty() && r.question.empty()) r.question = questions.front();
      for (auto& q : questions)
        if (q != r.question) r.similar_questions.push_back(std::move(q));
    } else {
      set_field(r, column, *text, false);
    }
  }
}

void read_jsonl(std::string_view text, const std::string& shown, FaqSheet& out) {
  int line = 0;
  for (size_t start = 0; start < text.size(); ++line) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view l = text.substr(start, end - start);
    start = end + 1;
    if (trim(l).empty()) continue;
    auto j = nlohmann::json::parse(l, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      out.problems.push_back({shown, line + 1, "not a JSON object"});
      continue;
    }
    FaqRow r{line + 1, {}, {}, {}, {}, {}, {}, {}};
    read_object(j, shown, r, out);
    out.rows.push_back(std::move(r));
  }
}

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) (h ^= c) *= 16777619u;
  return h;
}

// An Excel date number (days since 1899-12-30, counting Excel's 1900-02-29) as YYYY-MM-DD.
std::string excel_date(long days) {
  using namespace std::chrono;
  if (days < 1 || days == 60 || days > 2958465) return "";
  const year_month_day d{sys_days{1899y / December / (days < 60 ? 31 : 30)} + std::chrono::days{days}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

}  // namespace

const std::vector<std::string>& faq_columns() {
  static const std::vector<std::string> names = {"id",    "question", "similar_questions", "answer",
                                                 "topic", "source",   "effective_from"};
  return names;
}

std::string faq_column_of(std::string_view header) {
  std::string h = trim(header);
  if (auto chinese = grammar::faq_column(h); !chinese.empty()) return std::string(chinese);
  for (char& c : h) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  const auto& names = faq_columns();
  return std::find(names.begin(), names.end(), h) != names.end() ? h : "";
}

std::string faq_format_of(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".csv" ? "csv" : ext == ".jsonl" ? "jsonl" : ext == ".xlsx" ? "xlsx" : "";
}

FaqSheet read_faq_sheet(std::string_view bytes, const std::string& format, const std::string& shown) {
  FaqSheet s;
  s.format = format;
  if (format == "xlsx") {
    SheetTable t = read_xlsx(bytes);
    if (t.error.empty() || !t.rows.empty()) s.encoding = "UTF-8 (XLSX)";
    read_rows(t, shown, true, s);
    return s;
  }
  DecodedText d = decode_text(bytes);
  if (!d.ok()) {
    s.problems.push_back({shown, d.error_line, d.error});
    return s;
  }
  s.encoding = d.encoding;
  if (format == "jsonl")
    read_jsonl(d.utf8, shown, s);
  else
    read_rows(parse_csv(d.utf8), shown, false, s);
  return s;
}

FaqSheet read_faq_file(const std::filesystem::path& path, const std::string& shown) {
  const std::string format = faq_format_of(path);
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  std::string problem = format.empty()         ? "not an FAQ file: FAQ files are .csv, .jsonl or .xlsx"
                        : ec                   ? "cannot read the file"
                        : size > kMaxFileBytes ? "the file is larger than 64 MiB"
                                               : "";
  std::string bytes;
  if (problem.empty()) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) problem = "cannot read the file";
  }
  if (problem.empty()) return read_faq_sheet(bytes, format, shown);
  FaqSheet s;
  s.format = format;
  s.problems.push_back({shown, 0, problem});
  return s;
}

std::vector<std::string> faq_row_problems(const FaqRow& r) {
  static const std::regex id_re("[a-z0-9][a-z0-9-]*");
  std::vector<std::string> out;
  if (r.question.empty()) out.push_back("missing question");
  if (r.answer.empty()) out.push_back("missing answer");
  if (!r.id.empty() && !std::regex_match(r.id, id_re))
    out.push_back("id '" + r.id + "' must be lowercase letters, digits and '-'");
  if (!r.effective_from.empty() && !is_iso_date(r.effective_from))
    out.push_back("effective_from '" + r.effective_from + "' is not a date (YYYY-MM-DD)");
  return out;
}

std::string faq_row_id(const std::string& stem, int row) {
  std::string slug;
  bool other = false;
  for (char c : stem) {
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9'))
      slug += lower;
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
    other = other || static_cast<unsigned char>(c) >= 0x80;
  }
  if (other || slug.empty()) {
    char hash[9];
    std::snprintf(hash, sizeof hash, "%08x", fnv1a(stem));
    if (!slug.empty() && slug.back() != '-') slug += '-';
    slug += hash;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return "faq-" + slug + "-" + std::to_string(row);
}

nlohmann::ordered_json faq_row_json(const FaqRow& r) {
  nlohmann::ordered_json j;
  auto put = [&](const char* key, const auto& value) {
    if (!value.empty()) j[key] = value;
  };
  put("id", r.id);
  put("question", r.question);
  put("similar_questions", r.similar_questions);
  put("answer", r.answer);
  put("topic", r.topic);
  put("source", r.source);
  put("effective_from", r.effective_from);
  return j;
}

std::string faq_date(const std::string& text, bool excel_numbers) {
  static const std::regex date(R"((\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)");
  static const std::regex number(R"(\d{1,7}(?:\.\d+)?)");
  std::smatch m;
  if (std::regex_match(text, m, date)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02d", m[1].str().c_str(), std::stoi(m[2].str()), std::stoi(m[3].str()));
    return buf;
  }
  if (excel_numbers && std::regex_match(text, number)) {
    std::string iso = excel_date(std::stol(text));
    if (!iso.empty()) return iso;
  }
  return text;
}

}  // namespace kb
