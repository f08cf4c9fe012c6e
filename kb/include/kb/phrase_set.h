// Which of a fixed set of phrases occur anywhere in a text, each phrase tagged with a small
// number: one pass over the text with a trie instead of one substring search per phrase (the
// intent lists hold some 200 phrases; searching each was the largest cost of slot extraction).
//
// Thread-safety: immutable after the phrases are added.
#pragma once
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kb {

class PhraseSet {
 public:
  static constexpr uint32_t kMaxTags = 64;
  // `tag` < kMaxTags; an empty phrase is ignored.
  void add(std::u32string_view phrase, uint32_t tag);
  // One bit per tag whose phrase occurs in `text` (bit `tag` set).
  uint64_t tags_in(std::u32string_view text) const;

 private:
  std::unordered_map<uint64_t, uint32_t> trie_;                   // (node << 21 | code point) → child node
  std::vector<uint64_t> node_tags_{0};                            // node → tags of the phrases ending there
  std::vector<bool> starts_ = std::vector<bool>(0x10000, false);  // BMP code points a phrase starts with
};

}  // namespace kb
