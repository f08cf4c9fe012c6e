// Answer rendering: fills a case's template with the slots and lays it out for one of three
// audiences: text (default), markdown (widget), speech (hotline agents read it aloud). Every
// heading and sentence around the case's own text comes from messages.yaml.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "kb/knowledge.h"
#include "kb/lexicon.h"
#include "kb/slots.h"

namespace kb {

enum class Format { Text, Markdown, Speech };
std::optional<Format> parse_format(const std::string& name);  // "" is text

constexpr size_t kSpeechLimit = 150;  // characters a hotline agent reads in one breath or two

struct RenderInput {
  const Entry* entry = nullptr;
  const Case* chosen = nullptr;
  const Slots* slots = nullptr;
  std::vector<std::string> suggestions;  // "you may mean" questions, when the match is uncertain
};

class Renderer {
 public:
  Renderer(const Messages& messages, const Lexicon& lexicon) : messages_(messages), lexicon_(lexicon) {}
  std::string answer(const RenderInput& in, Format f) const;
  // The answer to a question this service does not answer: what it covers and where to ask.
  std::string out_of_scope(const std::vector<std::string>& offtopic_words, const Slots& s,
                           const std::vector<std::string>& related, Format f) const;
  // A passage of a policy article as an excerpt: the lead naming its article, its headings, its text.
  std::string excerpt(const Entry& passage, Format f) const;
  // A template filled with the slots ({relation}, {region}, {channel} …).
  std::string fill_slots(const std::string& text, const Slots& s) const;

 private:
  std::string speech(const RenderInput& in, const std::string& answer) const;
  std::string sources(const Entry& e) const;
  const Messages& messages_;
  const Lexicon& lexicon_;
};

// A message for a chat channel (WeChat): the plain-text answer, then up to two source titles
// (each cut to 24 characters), the whole cut at a sentence end to at most `limit_bytes` bytes.
std::string chat_message(const std::string& answer, const std::vector<Source>& sources, const Messages& messages,
                         size_t limit_bytes);

// Removes what a voice cannot say (URLs, markdown, brackets, list markers) and cuts at a sentence
// end so that the result has at most `limit` characters.
std::string speakable(const std::string& text, size_t limit = kSpeechLimit);

}  // namespace kb
