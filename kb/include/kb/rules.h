// Rule evaluation: picks the case of an entry that holds for the question's slots, words and date.
#pragma once
#include <string>

#include "kb/knowledge.h"
#include "kb/lexicon.h"
#include "kb/slots.h"

namespace kb {

// Whether the question's region is (inside) one of `names` (provinces or cities).
bool region_matches(const std::vector<std::string>& names, const Slots& s, const Lexicon& lex);
// `text` is the normalised question in UTF-8 (rule words are stored normalised in UTF-8 too).
bool condition_holds(const Condition& c, const Slots& s, const std::string& text, const Lexicon& lex);
// The first case in force whose condition holds; nullptr when none is in force.
const Case* select_case(const Entry& e, const Slots& s, const std::u32string& text, const Lexicon& lex,
                        const std::string& as_of);

}  // namespace kb
