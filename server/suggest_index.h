// Suggestions while typing (GET /v1/suggest): the standard questions of the entries whose
// standard question or phrasings match what has been typed so far — as a prefix, as pinyin
// (initials "ybye", full "yibao", or half typed "医保yu"), or word by word (the typed text's
// character pairs).
//
// Built once per engine from its store (Engine::suggestions()), so a reloaded knowledge base
// brings its own index. A query scans every text of the index: the knowledge base has a few
// hundred, and a scan takes microseconds.
//
// Thread-safety: immutable after construction; find() may be called from any thread.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "kb/store.h"

namespace faq {

struct Suggestion {
  std::string question, entry, topic;
};

class SuggestIndex {
 public:
  // Entries out of scope and entries no longer in force are left out.
  explicit SuggestIndex(const kb::Store& store);
  // At most `limit` suggestions, best first, one per entry; none for an empty query.
  std::vector<Suggestion> find(std::string_view query, size_t limit) const;
  size_t size() const { return texts_.size(); }

 private:
  struct Text {
    size_t entry;            // index into entries_
    std::u32string compact;  // normalised, spaces removed
    std::string initials;    // first letter of each syllable ("ybye"), other letters and digits kept
    std::string pinyin;      // toneless syllables run together ("yibaoyue")
    bool standard = false;   // the entry's standard question (ranks above a phrasing)
  };
  struct Typed {
    bool letters_only = false;  // ybye, yibao: pinyin (or an ASCII word)
    bool mixed = false;         // 医保yu: Han and pinyin letters
    std::string pinyin;         // what was typed, spelled out in toneless pinyin
  };
  double score(const Text& t, const std::u32string& query, const Typed& typed) const;
  std::vector<Suggestion> entries_;
  std::vector<Text> texts_;
};

}  // namespace faq
