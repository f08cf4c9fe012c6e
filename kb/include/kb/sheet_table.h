// A sheet of text cells, read from a CSV file (RFC 4180) or from the first worksheet of an XLSX
// workbook: rows of cells, each row numbered as a spreadsheet shows it (the first row is 1).
// Readers report bad input in `error`, never throw and never crash: the files come from offices.
//
// Thread-safety: both readers may be called from any thread.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kb {

struct SheetRow {
  int row = 0;
  std::vector<std::string> cells;  // a cell with several lines holds them joined by '\n'
};

struct SheetTable {
  std::vector<SheetRow> rows;  // in order; rows that are absent (XLSX) or blank are still listed when read
  std::string error;           // empty when the whole input was read
  int error_row = 0;           // the row the error is about (0: the file)
};

// RFC 4180: cells separated by commas, rows by CRLF (LF or CR accepted); a quoted cell may hold
// commas, doubled quotes and line breaks (kept as '\n'). `utf8` is already decoded text.
SheetTable parse_csv(std::string_view utf8);

// The first worksheet of an XLSX workbook: shared and inline strings (rich-text runs joined),
// numbers as written, cells that the file skips left empty by their reference (C7).
SheetTable read_xlsx(std::string_view bytes);

}  // namespace kb
