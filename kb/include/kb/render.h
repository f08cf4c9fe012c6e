// Answer rendering: fills a case's template with the slots and lays it out for one of three
// audiences: text (default), markdown (widget), speech (hotline agents read it aloud).
#pragma once
#include <string>
#include <vector>

#include "kb/knowledge.h"
#include "kb/slots.h"

namespace kb {

enum class Format { Text, Markdown, Speech };
bool parse_format(const std::string& name, Format& out);

constexpr size_t kSpeechLimit = 150;  // characters a hotline agent reads in one breath or two

std::string fill_template(const std::string& text, const Slots& s);

struct RenderInput {
  const Entry* entry = nullptr;
  const Case* chosen = nullptr;
  const Slots* slots = nullptr;
  std::vector<std::string> suggestions;  // "你是不是想问" questions, when the match is uncertain
};

std::string render_answer(const RenderInput& in, Format f);

// The out-of-scope answer: what this service covers and where to ask instead.
std::string render_out_of_scope(const std::vector<std::string>& offtopic_words, const Slots& s,
                                 const std::vector<std::string>& related, Format f);

// Removes what a voice cannot say (URLs, markdown, brackets, list markers) and cuts at a sentence
// end so that the result has at most `limit` characters.
std::string speakable(const std::string& text, size_t limit = kSpeechLimit);

}  // namespace kb
