// The text analysis a question goes through before retrieval: normalisation, the question chain
// (pinyin, homophone repair, segmentation, contrast drop, impersonation), its terms, the slots,
// and the FTS5 query compiled from its words, run against the store's FTS5 table. Also the
// answer chain, which the indexer runs over editors' texts. Any bytes: no exception, no
// sanitizer report, and a compiled query that SQLite accepts.
//
// The lexicon comes from kb/ (KB_SOURCE_DIR, or FAQ_KB_DIR): LLVMFuzzerInitialize builds a store
// from it once, in a temporary file. Seeds: corpus/analyzer/.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "fuzz_store.h"
#include "kb/analysis_chains.h"
#include "kb/normalizer.h"
#include "kb/query_compiler.h"
#include "kb/slots.h"
#include "kb/text.h"

namespace {

// Lexicon-word filtering as the retriever does for its text search (retriever.cpp).
std::string text_match(const kb::Analysis& a, const kb::Lexicon& lex) {
  std::vector<std::string> words;
  for (const auto& tok : a.tokens) {
    auto c = tok.form >= 0 ? lex.concept_of_form(tok.form) : std::nullopt;
    if (!c || lex.concept_kind(*c) != kb::TermKind::Filler) words.push_back(tok.text);
  }
  return kb::compile_text_match(words);
}

// The answer chain over the same lexicon.
const kb::Analyzer* answers = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  answers = new kb::Analyzer(kb::answer_chain(fuzz::store().lexicon()));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const kb::Store& store = fuzz::store();
  const kb::Analysis a = store.analyzer().analyze(text);
  for (const auto& t : a.tokens)
    if (t.text.empty() || !kb::is_valid_utf8(t.text)) abort();  // tokens are normalised text
  (void)store.analyzer().terms(a);
  const std::string_view region = text.substr(0, 32);  // a request's region is valid UTF-8
  (void)kb::extract_slots(a, store.lexicon(), kb::is_valid_utf8(region) ? region : std::string_view());
  // SQLite reports a query it cannot parse as an exception: a 500 for the asker.
  (void)store.search_text(text_match(a, store.lexicon()), 5);
  const kb::Analysis b = answers->analyze(text);
  (void)answers->terms(b);
  (void)kb::normalize_utf8(text);
  return 0;
}
