#include "kb/grammar.h"

namespace kb::grammar {

bool is_negation(std::string_view t) { return t == "不"; }
bool is_copula(std::string_view t) { return t == "是"; }
bool closes_contrast(std::string_view t) { return t == "是" || t == "而是"; }
bool is_question_particle(std::string_view t) { return t == "吗" || t == "呢" || t == "吧"; }
bool is_possessive(std::string_view t) { return t == "的"; }
bool is_household(std::string_view t) { return t == "家"; }
bool is_kinship_link(std::string_view t) { return t == "的" || t == "他" || t == "她" || t == "家的"; }
bool is_subject_pronoun_link(std::string_view t) { return t == "他" || t == "她"; }

}  // namespace kb::grammar
