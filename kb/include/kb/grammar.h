// Grammar particles: the few function words whose role is syntax, not vocabulary, and which the
// analysis therefore names in code. Everything else a Chinese word list needs (pronouns, verbs,
// card words, question words) is data in kb/lexicon/. This is the only place in the code that
// holds Chinese text.
#pragma once
#include <string_view>

namespace kb::grammar {

// A contrast "不是 X，是 Y": its negation, the copula, and "而是" (rather).
bool is_negation(std::string_view token);
bool owns_next_pinyin(std::string_view run);        // wo, ni, ta, an, lao: "wo ma" is 我妈, not 我吗
bool denies_having(std::string_view token);         // 没有, 没, 不是, 无 ("我没有职工医保")
bool is_copula(std::string_view token);             // 是
bool closes_contrast(std::string_view token);       // 是, 而是
bool is_question_particle(std::string_view token);  // 吗, 呢, 吧
// The question particle a sentence-final pinyin syllable stands for ("…yibaoka ma": 吗, not 妈),
// or "" when it stands for none.
std::string_view final_particle(std::string_view pinyin);
// What links two kinship terms into one relation ("老婆的爸妈", "媳妇她妈", "我姐家的儿子").
bool is_possessive(std::string_view token);            // 的
bool is_household(std::string_view token);             // 家 (before an optional 的)
bool is_kinship_link(std::string_view token);          // 的, 他, 她, 家的
bool is_subject_pronoun_link(std::string_view token);  // 他, 她 ("俺是他儿媳妇")

// The canonical column (question, answer, similar_questions, id, topic, source, effective_from)
// that a Chinese FAQ-sheet header names (问题, 答案 …), or "" when it names none.
std::string_view faq_column(std::string_view header);

}  // namespace kb::grammar
