// FAQ sheets: plain question–answer lists that offices already keep, as files under kb/faq/ —
// CSV (UTF-8 or GB18030), JSON Lines (UTF-8) or XLSX (the first worksheet). A header row (in
// JSON Lines: each object's keys) names the columns:
//   question, answer            required
//   similar_questions           other ways to ask: one per line in the cell, or separated by ##
//   id, topic, source, effective_from
// or their Chinese names (grammar.h: faq_column). Each row becomes a retrieval-only entry
// (kFaqEntry) beside the YAML rules; kb_loader.h reads the folder, `indexer import` normalises a
// file into it.
//
// Thread-safety: every function may be called from any thread.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kb/kb_loader.h"

namespace kb {

// One row of a sheet, its texts trimmed; the row as a spreadsheet numbers it (the header is row
// 1), or the line of a JSON Lines file.
struct FaqRow {
  int row = 0;
  std::string id, question, answer, topic, source, effective_from;
  std::vector<std::string> similar_questions;
};

struct FaqSheet {
  std::string format;    // csv, jsonl or xlsx
  std::string encoding;  // UTF-8, UTF-8 with BOM, GB18030; empty when the file could not be read
  // The columns as the file names them, each with the column it is read as ("" when unknown).
  std::vector<std::pair<std::string, std::string>> columns;
  std::vector<FaqRow> rows;  // blank rows left out
  std::vector<Problem> problems;
};

// The canonical column names, in the order `indexer import` writes them.
const std::vector<std::string>& faq_columns();
// The column a header names ("问题", "Question", "similar questions" …); "" when none.
std::string faq_column_of(std::string_view header);
// csv, jsonl or xlsx by the file's extension (any case); "" for any other file.
std::string faq_format_of(const std::filesystem::path& path);

// Reads a sheet from its bytes; problems name the file `shown` with the row.
FaqSheet read_faq_sheet(std::string_view bytes, const std::string& format, const std::string& shown);
// Reads a file; a file that cannot be read is a problem.
FaqSheet read_faq_file(const std::filesystem::path& path, const std::string& shown);

// What is wrong with a row on its own (missing question or answer, a bad id or date), as
// messages; the checks against other entries are the loader's.
std::vector<std::string> faq_row_problems(const FaqRow& row);
// The items of a cell that holds a list (similar questions, sources): one per line, or separated
// by ##; trimmed, blank ones left out.
std::vector<std::string> faq_list(std::string_view cell);
// The entry id of a row without one: faq-<the file's stem as letters and digits>-<row>, with a
// hash of the stem when it has other characters (医保问答.csv → faq-5f1c0a3e-7).
std::string faq_row_id(const std::string& stem, int row);
// A row as `indexer import` writes it: one JSON object with the canonical keys, empty ones left out.
nlohmann::ordered_json faq_row_json(const FaqRow& row);
// A date as an FAQ sheet may hold it (2024-1-5, 2024/01/05, an Excel date number) in ISO form;
// anything else unchanged.
std::string faq_date(const std::string& text, bool excel_numbers);

}  // namespace kb
