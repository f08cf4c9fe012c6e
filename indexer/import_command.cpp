// indexer import FILE [KB_DIR]: an FAQ sheet in any supported format and encoding (faq_files.h)
// normalised into KB_DIR/faq/<stem>.jsonl: UTF-8, one row a line with the canonical English keys,
// each row with its entry id (the id column, else the one the row would get from the file's own
// name), so that ids do not change when the file is converted. Then the knowledge base is
// checked with the new file in it.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "kb/faq_files.h"

namespace indexer {
namespace fs = std::filesystem;
namespace {

void describe(const std::string& file, const kb::FaqSheet& sheet) {
  std::cout << file << ": " << sheet.format << ", " << (sheet.encoding.empty() ? "not read" : sheet.encoding) << ", "
            << sheet.rows.size() << " rows\n";
  for (const auto& [name, column] : sheet.columns)
    std::cout << "  column " << name << (column.empty() ? ": not read" : name == column ? "" : " → " + column) << "\n";
}

// The rows that can become entries (with a question and an answer), as JSON Lines; the others are
// left out, and were reported.
size_t write_rows(const kb::FaqSheet& sheet, const fs::path& source, const fs::path& out) {
  std::vector<kb::FaqRow> rows;
  for (auto r : sheet.rows) {
    if (r.question.empty() || r.answer.empty()) continue;
    if (r.id.empty()) r.id = kb::faq_row_id(source.stem().string(), r.row);
    rows.push_back(std::move(r));
  }
  fs::create_directories(out.parent_path());
  std::ofstream file(out, std::ios::trunc);
  for (const auto& r : rows) file << kb::faq_row_json(r).dump() << "\n";
  if (!file) throw std::runtime_error("cannot write " + out.string());
  return rows.size();
}

}  // namespace

int import_faq(const Options& o) {
  if (o.positional.empty()) {
    std::cerr << "usage: indexer import FILE [KB_DIR]\n";
    return 2;
  }
  const fs::path source = o.positional[0];
  const fs::path dir = o.positional.size() > 1 ? o.positional[1] : "kb";
  const kb::FaqSheet sheet = kb::read_faq_file(source, source.string());
  describe(source.string(), sheet);
  bool problems = !sheet.problems.empty();
  for (const auto& p : sheet.problems) std::cout << p.str() << "\n";
  if (sheet.encoding.empty()) return 1;
  for (const auto& r : sheet.rows)
    for (const auto& message : kb::faq_row_problems(r)) {
      std::cout << kb::Problem{source.string(), r.row, message}.str() << "\n";
      problems = true;
    }
  const fs::path out = dir / "faq" / (source.stem().string() + ".jsonl");
  std::cout << "wrote " << out.string() << ": " << write_rows(sheet, source, out) << " entries\n";
  std::error_code ec;
  if (fs::equivalent(source.parent_path(), out.parent_path(), ec) && source.extension() != ".jsonl")
    std::cout << "note: " << source.string() << " is in " << out.parent_path().string()
              << " too; remove it, or its rows count twice\n";
  const kb::LoadResult loaded = kb::load_knowledge_base(dir.string());
  for (const auto& p : loaded.problems) std::cout << p.str() << "\n";
  problems = problems || !loaded.problems.empty();
  std::cout << (problems ? "problems found; kb: " : "kb ok: ") << loaded.kb.entries.size() << " entries\n";
  return problems ? 1 : 0;
}

}  // namespace indexer
