// FAQ sheets as offices send them: any bytes, read as CSV, JSON Lines or XLSX (the first byte picks
// which), give rows and problems, never an exception, a crash or a sanitizer report. Every text
// read must be UTF-8: `indexer import` writes the rows as JSON (which throws on anything else) and
// the store keeps them. Seeds: corpus/faq_sheet/ (the first byte: 0 CSV, 1 JSON Lines, 2 XLSX).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kb/faq_files.h"
#include "kb/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const formats[] = {"csv", "jsonl", "xlsx"};
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const kb::FaqSheet sheet = kb::read_faq_sheet(bytes, formats[data[0] % 3], "fuzz");
  for (const auto& row : sheet.rows) {
    const std::string line = kb::faq_row_json(row).dump();
    if (!kb::is_valid_utf8(line)) abort();
    for (const auto& problem : kb::faq_row_problems(row))
      if (!kb::is_valid_utf8(problem)) abort();
  }
  for (const auto& problem : sheet.problems)
    if (!kb::is_valid_utf8(problem.message)) abort();
  return 0;
}
