// The analysis chains the system uses, declared in one place. The indexer and the server run the
// same question chain: over every phrasing at index time, over every question at query time.
#pragma once
#include "kb/analyzer.h"

namespace kb {

// Questions and phrasings: pinyin, homophone repair, segmentation with ICU word breaks for
// unknown words, contrast drop, impersonation.
Analyzer question_chain(const Lexicon& lexicon);
// Answer texts, for answer coverage: segmentation over the lexicon only (unknown words yield no
// term), impersonation. Answers are long and written by editors: no repair, no ICU, several
// times cheaper per character, which is what lets a million entries index in minutes.
Analyzer answer_chain(const Lexicon& lexicon);

}  // namespace kb
