#include "kb/phrase_set.h"

namespace kb {

void PhraseSet::add(std::u32string_view phrase, uint32_t tag) {
  if (phrase.empty() || tag >= kMaxTags) return;
  uint32_t node = 0;
  for (char32_t c : phrase) {
    auto [it, fresh] =
        trie_.try_emplace((static_cast<uint64_t>(node) << 21) | c, static_cast<uint32_t>(node_tags_.size()));
    if (fresh) node_tags_.push_back(0);
    node = it->second;
  }
  node_tags_[node] |= uint64_t{1} << tag;
  if (phrase.front() < starts_.size()) starts_[phrase.front()] = true;
}

uint64_t PhraseSet::tags_in(std::u32string_view text) const {
  uint64_t found = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] < starts_.size() && !starts_[text[i]]) continue;  // no phrase starts here
    uint32_t node = 0;
    for (size_t j = i; j < text.size(); ++j) {
      auto it = trie_.find((static_cast<uint64_t>(node) << 21) | text[j]);
      if (it == trie_.end()) break;
      node = it->second;
      found |= node_tags_[node];
    }
  }
  return found;
}

}  // namespace kb
