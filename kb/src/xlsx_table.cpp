// The XLSX reader of sheet_table.h: the workbook is a zip archive (libzip) of XML parts
// (pugixml). Only what an FAQ sheet needs is read: the first worksheet's cell texts.
#include <zip.h>

#include <charconv>
#include <memory>
#include <optional>
#include <pugixml.hpp>

#include "kb/sheet_table.h"
#include "kb/text.h"

namespace kb {
namespace {

// Limits that keep a hostile workbook (a zip bomb, a cell at column XFD) from using the memory
// of the machine; an FAQ sheet is far below them.
constexpr size_t kMaxPartBytes = 64 << 20;
constexpr int kMaxColumn = 1024;
constexpr int kMaxRow = 1048576;  // Excel's own limit

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The first child element with that local name (parts may use a namespace prefix: x:row).
pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (const auto& c : n.children())
    if (local_name(c) == name) return c;
  return {};
}

// OOXML writes characters XML cannot hold as _xHHHH_ (a carriage return is _x000D_).
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned code = 0;
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' &&
        std::from_chars(s.data() + i + 2, s.data() + i + 6, code, 16).ptr == s.data() + i + 6 && code != 0 &&
        (code < 0xD800 || code > 0xDFFF)) {  // no NUL, no half of a surrogate pair
      append_utf8(out, static_cast<char32_t>(code));
      i += 6;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Line breaks inside a cell as '\n'.
std::string one_line_end(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\r') {
      out += s[i];
    } else if (i + 1 >= s.size() || s[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

// A string item (<si> of sharedStrings.xml, <is> of an inline cell): its text, or its rich-text
// runs joined; phonetic guides (<rPh>) are not part of the text.
std::string string_item(const pugi::xml_node& item) {
  std::string out;
  for (const auto& c : item.children()) {
    if (local_name(c) == "t") out += c.text().get();
    if (local_name(c) == "r") out += child(c, "t").text().get();
  }
  return one_line_end(unescape(out));
}

// "AB12" → column 27 (0-based) and row 12; nothing when it is no cell reference.
std::optional<std::pair<int, int>> cell_reference(std::string_view r) {
  int column = 0;
  size_t i = 0;
  for (; i < r.size() && r[i] >= 'A' && r[i] <= 'Z' && i < 3; ++i) column = column * 26 + (r[i] - 'A' + 1);
  int row = 0;
  if (i == 0 || std::from_chars(r.data() + i, r.data() + r.size(), row).ptr != r.data() + r.size()) return std::nullopt;
  return std::pair{column - 1, row};
}

class XlsxReader {
 public:
  explicit XlsxReader(std::string_view bytes);
  ~XlsxReader() {
    if (zip_) zip_discard(zip_);
  }
  XlsxReader(const XlsxReader&) = delete;
  XlsxReader& operator=(const XlsxReader&) = delete;
  SheetTable read();

 private:
  std::optional<pugi::xml_document> part(const std::string& name, bool required);
  std::string first_sheet();
  void read_shared_strings();
  void read_row(const pugi::xml_node& row, int number);
  std::optional<std::string> cell_text(const pugi::xml_node& c, const std::string& where);
  void fail(std::string message, int row = 0) {
    if (table_.error.empty()) table_ = {{}, std::move(message), row};
  }

  zip_t* zip_ = nullptr;
  std::vector<std::string> shared_;
  SheetTable table_;
};

XlsxReader::XlsxReader(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source) zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (source && !zip_) zip_source_free(source);
  if (!zip_) fail("not an XLSX workbook (not a zip archive); save it as .xlsx or CSV");
  zip_error_fini(&error);
}

// A part of the archive, parsed; nothing (and an error when it is required) when it is absent,
// too large or not XML.
std::optional<pugi::xml_document> XlsxReader::part(const std::string& name, bool required) {
  zip_file_t* file = zip_fopen(zip_, name.c_str(), ZIP_FL_NOCASE);
  if (!file) {
    if (required) fail("not an XLSX workbook: it has no " + name);
    return std::nullopt;
  }
  std::string data;
  char buffer[1 << 16];
  zip_int64_t n;
  while ((n = zip_fread(file, buffer, sizeof buffer)) > 0 && data.size() <= kMaxPartBytes)
    data.append(buffer, static_cast<size_t>(n));
  zip_fclose(file);
  if (n < 0) fail("the workbook is damaged: " + name + " cannot be read");
  if (data.size() > kMaxPartBytes) fail(name + " is larger than 64 MiB");
  std::optional<pugi::xml_document> doc(std::in_place);
  const auto parsed = doc->load_buffer(data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed) fail(name + " is not XML: " + parsed.description());
  if (!table_.error.empty()) return std::nullopt;
  return doc;
}

// The part of the first sheet the workbook lists (its order is the tabs' order).
std::string XlsxReader::first_sheet() {
  const std::string fallback = "xl/worksheets/sheet1.xml";
  auto workbook = part("xl/workbook.xml", false);
  auto rels = part("xl/_rels/workbook.xml.rels", false);
  if (!workbook || !rels) return fallback;
  std::string id;
  for (const auto& a : child(child(child(*workbook, "workbook"), "sheets"), "sheet").attributes()) {
    const std::string_view name = a.name();
    if (name.find(':') != std::string_view::npos && name.ends_with(":id")) id = a.value();
  }
  for (const auto& r : child(*rels, "Relationships").children()) {
    if (local_name(r) != "Relationship" || id.empty() || id != r.attribute("Id").value()) continue;
    const std::string target = r.attribute("Target").value();
    return target.starts_with("/") ? target.substr(1) : "xl/" + target;
  }
  return fallback;
}

void XlsxReader::read_shared_strings() {
  auto doc = part("xl/sharedStrings.xml", false);
  if (!doc) return;
  for (const auto& si : child(*doc, "sst").children())
    if (local_name(si) == "si") shared_.push_back(string_item(si));
}

std::optional<std::string> XlsxReader::cell_text(const pugi::xml_node& c, const std::string& where) {
  const std::string_view type = c.attribute("t").value();
  if (type == "inlineStr") return string_item(child(c, "is"));
  const pugi::xml_node v = child(c, "v");
  if (!v) return std::nullopt;
  if (type != "s") return one_line_end(unescape(v.text().get()));
  const std::string_view index = v.text().get();
  size_t i = 0;
  if (std::from_chars(index.data(), index.data() + index.size(), i).ptr != index.data() + index.size() ||
      i >= shared_.size()) {
    fail("cell " + where + " refers to a shared string the workbook does not have");
    return std::nullopt;
  }
  return shared_[i];
}

void XlsxReader::read_row(const pugi::xml_node& row, int number) {
  SheetRow out{number, {}};
  int column = -1;
  for (const auto& c : row.children()) {
    if (local_name(c) != "c") continue;
    const std::string ref = c.attribute("r").value();
    auto at = cell_reference(ref);
    column = at ? at->first : column + 1;
    auto text = cell_text(c, ref.empty() ? "in row " + std::to_string(number) : ref);
    if (!text) continue;  // a cell with a style and no value
    if (!is_valid_utf8(*text)) return fail("cell " + ref + " holds bytes that are not UTF-8 text", number);
    if (column >= kMaxColumn) return fail("cell " + ref + " is beyond column " + std::to_string(kMaxColumn), number);
    if (out.cells.size() <= static_cast<size_t>(column)) out.cells.resize(static_cast<size_t>(column) + 1);
    out.cells[static_cast<size_t>(column)] = std::move(*text);
  }
  table_.rows.push_back(std::move(out));
}

SheetTable XlsxReader::read() {
  if (!zip_) return std::move(table_);
  const std::string sheet_name = first_sheet();
  read_shared_strings();
  auto sheet = part(sheet_name, true);
  if (!sheet) return std::move(table_);
  int number = 0;
  for (const auto& row : child(child(*sheet, "worksheet"), "sheetData").children()) {
    if (local_name(row) != "row") continue;
    int r = 0;
    const std::string_view attr = row.attribute("r").value();
    const bool given = std::from_chars(attr.data(), attr.data() + attr.size(), r).ptr == attr.data() + attr.size();
    number = given && r > number && r <= kMaxRow ? r : number + 1;
    read_row(row, number);
    if (!table_.error.empty()) break;
  }
  return std::move(table_);
}

}  // namespace

SheetTable read_xlsx(std::string_view bytes) { return XlsxReader(bytes).read(); }

}  // namespace kb
