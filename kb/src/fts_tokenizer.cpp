#include "kb/fts_tokenizer.h"

#include <stdexcept>
#include <string>

#include "kb/normalizer.h"
#include "kb/text.h"

namespace kb {
namespace {

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, reinterpret_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

int create(void*, const char**, int, Fts5Tokenizer** out) {
  static int instance;  // the tokenizer is stateless; FTS5 only needs a non-null handle
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer*) {}

// Offsets: FTS5 uses them only for highlight()/snippet(), which this project does not call, so every
// token reports the whole input span rather than paying for an offset map through normalisation.
int tokenize(Fts5Tokenizer*, void* ctx, int, const char* text, int n,
             int (*emit)(void*, int, const char*, int, int, int)) {
  std::u32string norm = normalize(std::string_view(text, static_cast<size_t>(n)));
  std::string token;
  for (size_t i = 0; i < norm.size();) {
    token.clear();
    char32_t c = norm[i];
    if (c == U' ') {
      ++i;
      continue;
    }
    if (is_han(c)) {
      append_utf8(token, c);
      ++i;
    } else {
      // Runs of letters and digits (ASCII or not) stay whole: "12333", "app".
      while (i < norm.size() && norm[i] != U' ' && !is_han(norm[i])) append_utf8(token, norm[i++]);
    }
    int rc = emit(ctx, 0, token.data(), static_cast<int>(token.size()), 0, n);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

}  // namespace

void register_fts5_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (!api || api->iVersion < 2) throw std::runtime_error("SQLite has no FTS5 (fts5_api unavailable)");
  fts5_tokenizer t{create, destroy, tokenize};
  if (api->xCreateTokenizer(api, kTokenizerName, nullptr, &t, nullptr) != SQLITE_OK)
    throw std::runtime_error("cannot register the FTS5 tokenizer");
}

}  // namespace kb
