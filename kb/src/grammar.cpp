#include "kb/grammar.h"

namespace kb::grammar {

bool is_negation(std::string_view t) { return t == "不"; }
bool owns_next_pinyin(std::string_view r) {
  return r == "wo" || r == "ni" || r == "ta" || r == "an" || r == "lao" || r == "wode" || r == "nide" || r == "tade" ||
         r == "zan" || r == "women";
}
bool denies_having(std::string_view t) {
  return t == "没有" || t == "没" || t == "不是" || t == "无" || t == "没交" || t == "没参加" || t == "未参加";
}
bool is_copula(std::string_view t) { return t == "是"; }
bool closes_contrast(std::string_view t) { return t == "是" || t == "而是"; }
bool is_question_particle(std::string_view t) { return t == "吗" || t == "呢" || t == "吧"; }
std::string_view final_particle(std::string_view p) {
  return p == "ma" ? "吗" : p == "ne" ? "呢" : p == "ba" ? "吧" : "";
}
bool is_possessive(std::string_view t) { return t == "的"; }
bool is_household(std::string_view t) { return t == "家"; }
bool is_kinship_link(std::string_view t) { return t == "的" || t == "他" || t == "她" || t == "家的"; }
bool is_subject_pronoun_link(std::string_view t) { return t == "他" || t == "她"; }

// The Chinese headers of an FAQ sheet (kb/faq/) are a file-format contract, like the English
// ones: offices' sheets are written against them, and a FAQ-only knowledge base has no
// kb/lexicon/ to hold them. Rewording them would break every sheet, so they are not data.
std::string_view faq_column(std::string_view h) {
  static constexpr std::string_view names[][2] = {
      {"问题", "question"}, {"答案", "answer"}, {"相似问题", "similar_questions"}, {"编号", "id"},
      {"主题", "topic"},    {"来源", "source"}, {"生效日期", "effective_from"}};
  for (const auto& [chinese, column] : names)
    if (h == chinese) return column;
  return "";
}

}  // namespace kb::grammar
