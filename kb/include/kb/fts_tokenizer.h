// The FTS5 tokenizer "yibao": one token per Han character, ASCII letter/digit runs whole, after the
// same normalisation as every other stage (NFKC, case folding, traditional → simplified).
//
// Why per character (measured on SQLite 3.40.1 / ICU 72): unicode61 makes a whole Han run one
// token, so MATCH '医保' finds nothing inside 医保卡余额; trigram cannot match two-character words;
// ICU word break cuts 医保 into 医|保 and merges 卡里. With one token per character a quoted phrase
// "医保" is an exact substring search, so a segmentation choice at query time can cost precision
// but never make a document unfindable, and bm25 still weighs whole phrases.
#pragma once
#include <sqlite3.h>

namespace kb {

constexpr const char* kTokenizerName = "yibao";

// Registers the tokenizer on one connection (FTS5 tokenizers are per connection).
// Throws std::runtime_error when the connection has no FTS5.
void register_fts5_tokenizer(sqlite3* db);

}  // namespace kb
