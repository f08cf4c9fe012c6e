// The CSV reader of sheet_table.h: one pass, byte by byte (commas, quotes and line breaks are
// ASCII, so UTF-8 text needs no decoding here).
#include "kb/sheet_table.h"

namespace kb {
namespace {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}
  SheetTable read();

 private:
  void quoted_char();
  void plain_char();
  void end_cell();
  void end_row();
  size_t line_break_length() const {  // CRLF, LF or CR at i_
    return text_[i_] == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n' ? 2 : 1;
  }

  std::string_view text_;
  size_t i_ = 0;
  SheetTable table_;
  SheetRow row_{1, {}};
  std::string cell_;
  bool in_quotes_ = false;
  bool was_quoted_ = false;  // the cell opened with a quote: later quotes are text
  int quote_row_ = 0;
};

void CsvReader::end_cell() {
  row_.cells.push_back(std::move(cell_));
  cell_.clear();
  was_quoted_ = false;
}

void CsvReader::end_row() {
  end_cell();
  const int next = row_.row + 1;
  table_.rows.push_back(std::move(row_));
  row_ = {next, {}};
}

void CsvReader::quoted_char() {
  const char c = text_[i_];
  if (c == '"' && i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
    cell_ += '"';
    i_ += 2;
  } else if (c == '"') {
    in_quotes_ = false;
    ++i_;
  } else if (c == '\r' || c == '\n') {  // a line break inside a cell is kept as '\n'
    cell_ += '\n';
    i_ += line_break_length();
  } else {
    cell_ += c;
    ++i_;
  }
}

// Outside quotes. Text after a closing quote, or a quote inside an unquoted cell, is kept as
// text, as spreadsheets read it.
void CsvReader::plain_char() {
  const char c = text_[i_];
  if (c == '"' && cell_.empty() && !was_quoted_) {
    in_quotes_ = was_quoted_ = true;
    quote_row_ = row_.row;
    ++i_;
  } else if (c == ',') {
    end_cell();
    ++i_;
  } else if (c == '\r' || c == '\n') {
    i_ += line_break_length();
    end_row();
  } else {
    cell_ += c;
    ++i_;
  }
}

SheetTable CsvReader::read() {
  while (i_ < text_.size()) in_quotes_ ? quoted_char() : plain_char();
  if (in_quotes_) {
    table_.error = "a quoted cell is never closed (a missing '\"')";
    table_.error_row = quote_row_;
  }
  if (!row_.cells.empty() || !cell_.empty() || was_quoted_) end_row();  // the last row had no line break
  return std::move(table_);
}

}  // namespace

SheetTable parse_csv(std::string_view utf8) { return CsvReader(utf8).read(); }

}  // namespace kb
