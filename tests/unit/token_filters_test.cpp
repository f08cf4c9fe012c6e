// Each token filter alone, on hand-made tokens: input tokens → output tokens.
#include "kb/token_filters.h"

#include <catch2/catch.hpp>

#include "fixture.h"
#include "kb/text.h"

namespace {
// Tokens from space-separated words, with lexicon forms looked up; "|" before a word marks a
// clause break.
std::vector<kb::Token> tokens(const std::string& words) {
  std::vector<kb::Token> out;
  size_t i = 0;
  while (i < words.size()) {
    size_t j = words.find(' ', i);
    if (j == std::string::npos) j = words.size();
    std::string w = words.substr(i, j - i);
    bool brk = !w.empty() && w[0] == '|';
    if (brk) w = w.substr(1);
    auto form = test::store().lexicon().find_form(kb::to_u32(w));
    out.push_back({w, form.value_or(-1), false, brk});
    i = j + 1;
  }
  return out;
}
std::string joined(const std::vector<kb::Token>& toks) {
  std::string out;
  for (const auto& t : toks) out += (out.empty() ? "" : " ") + t.text;
  return out;
}

// A filter that drops tokens, on a table of input → output tokens.
struct DropRow {
  const char* in;
  const char* out;
};
void check_drops(const kb::TokenFilter& filter, std::initializer_list<DropRow> rows) {
  for (const auto& r : rows) {
    INFO(r.in);
    auto toks = tokens(r.in);
    filter.apply(toks);
    CHECK(joined(toks) == r.out);
  }
}
}  // namespace

TEST_CASE("token filter: a contrast drops what the question is not about", "[analyzer]") {
  check_drops(kb::ContrastDrop(),
              {
                  {"不 是 公积金 |是 医保", "医保"},
                  {"不 是 我 自己 用 |是 给 我 哥 用", "给 我 哥 用"},
                  {"他 不 是 近亲属 |是 我 表哥", "他 我 表哥"},
                  {"不 是 公积金 |而是 医保", "医保"},
                  // A question inside the span, a 不是 without a 是 after it, or 不|是 across a clause break stay.
                  {"不 是 说 能 提现 吗 |是 真 的 吗", "不 是 说 能 提现 吗 是 真 的 吗"},
                  {"他 不 是 近亲属 能用 吗", "他 不 是 近亲属 能用 吗"},
                  {"不 |是 公积金 是 医保", "不 是 公积金 是 医保"},
              });
}

TEST_CASE("token filter: a relative who says something is not whom the question is about", "[analyzer]") {
  check_drops(kb::SpeakerDrop(test::store().lexicon()),
              {
                  // Regression (h17-044): the wife's worry made a question about leaving a job one of who may share.
                  {"老婆 一直 念叨 说 医保卡 里 还有 四千 块 |断 了 就 作废 了",
                   "一直 念叨 说 医保卡 里 还有 四千 块 断 了 就 作废 了"},
                  {"听 我 妈 说 年底 会 清零", "听 我 说 年底 会 清零"},
                  // What is said refers back to them, or is what they want done: they stay.
                  {"我 妈 说 她 能用 我 的 医保 吗", "我 妈 说 她 能用 我 的 医保 吗"},
                  {"我 妈 说 想 用 我 的 医保卡 买药", "我 妈 说 想 用 我 的 医保卡 买药"},
                  // A reporting word too far, or in another clause, reports nothing of theirs.
                  {"我 爸 住院 了 |医生 说 要 交 押金", "我 爸 住院 了 医生 说 要 交 押金"},
              });
}

TEST_CASE("token filter: a relative's card used by the asker is marked as impersonation", "[analyzer]") {
  const auto& lex = test::store().lexicon();
  const int impersonation = *lex.find_concept(lex.impersonation().concept_id);
  struct Row {
    const char* in;
    int marked_token;  // -1: none
  };
  const Row rows[] = {
      {"拿 我 爸 的 医保卡 给 自己 开药", 0},
      {"用 我 姐 的 医保码 买药", 0},
      {"我 刷 老婆 医保卡", 1},
      {"用 我 爸 的 医保卡 里 的 钱", -1},  // the money on it
      {"我 爸 的 医保卡 丢 了", -1},        // no verb of use
      {"用 我 的 医保卡", -1},              // the asker's own card: no relative
      {"我 刷 同事 的 电子医保凭证", 1},    // an owner the lexicon does not know, with 的
      {"借 男人 的 码 用 一下", 0},
      {"用 自己 的 医保卡", -1},                  // the asker's own, said with 自己
      {"刷 谁 的 卡", -1},                        // asks whose card
      {"用 医保卡 的 钱", -1},                    // no owner at all
      {"拿 老人 的 医保码 去 给 老人 买药", -1},  // for the owner (marked 代买 instead)
      {"替 我 老公 买药 刷 他 的 医保卡", -1},
      {"我 同事 没交医保 |想 用 我的 医保卡 住院", 4},  // the subject of the clause before
      {"我 妈 住院 |我 用 我的 医保卡", -1},            // a clause with its own subject
      // The asker's own card stressed (was: not read, so "给我爸买降压药，刷我自己的卡" got 可以; dl6-05).
      {"我 给 我 爸 买药 |刷 我 自己 的 卡 可以 吧", 5},
      {"我 用 我 自己 的 医保卡 买药", -1},
      {"把 我的 医保卡 给 他 去 看病", 0},
      {"拿 去世 老人 的 医保卡 继续 买药", 0},              // a word describing the owner
      {"用 已经 去世 的 父亲 的 医保卡 给 我 妈 买药", 0},  // words and 的 describing the owner
      {"用 刚 办 的 医保卡 买药", -1},                      // words describing the card, no owner
      {"用 我 爸 的 医保卡 给 我 妈 买药", 0},              // another patient
      {"用 男人 医保卡", -1},                               // an owner the lexicon does not know needs the 的
      // The owner stressed as themselves: for them, for the asker, or undecided.
      {"帮 婆婆 买 药 |用 她 本人 的 医保卡 刷", -1},  // for the owner (marked 代买 instead)
      {"用 她 本人 的 医保卡 给 我 自己 买药", 0},
      {"拿 我 妈 自己 的 医保卡 给 我 买药", 0},
      {"我 妈 用 她 自己 的 医保卡 买药", -1},
      {"她 去 看病 |能不能 刷 我的 职工医保 卡", 4},  // a word between 的 and the card
      // A card given to someone who uses it: marked on the card.
      {"他 的 医保卡 还 能 给 我 妈 用 吗", 2},
      {"医保卡 给 老人 用 可以吗", 0},
      {"医保卡 给 家里 老人 用 没 事", 0},  // a person word before the person
      // Another person's card put first, then the asker using it.
      {"老公 的 医保卡 我 能 拿去 药店 给 自己 买药 吗", 2},
      {"老公 的 医保卡 在 哪 补办", -1},  // nobody uses it
      {"老公 的 医保卡 能 给 我 用 不", 2},
      // Another person hands the asker their card (was: what the account pays for, an info).
      {"老公 把 医保卡 给 我 了 |我 能 去 医院 用 吗", 2},
      {"我 妈 把 医保卡 给 我 了 |让 我 帮 她 拿药", -1},  // for the owner (marked 代买 instead)
      {"医保卡 给 老人 查 余额", -1},                      // no verb of use after the person
      {"他 的 医保卡 给 他 用", -1},                       // given to its owner
      // A card lent to a person (was: how a bound relative pays, vc2-012): lending says the use.
      {"医保卡 可以 借给 亲戚 用 吗", 0},
      {"能 把 医保卡 借给 老公 去 看病 吗", 2},
      {"医保卡 里 的 钱 借给 我 妈", -1},  // the money on it
      {"医保卡 借给 老公", 0},             // the person may end the question
  };
  for (const auto& r : rows) {
    INFO(r.in);
    auto toks = tokens(r.in);
    kb::ImpersonationMarker(lex).apply(toks);
    for (size_t i = 0; i < toks.size(); ++i)
      CHECK((toks[i].marks == impersonation) == (static_cast<int>(i) == r.marked_token));
  }
  const int for_owner = *lex.find_concept(lex.impersonation().for_owner_concept);
  auto toks = tokens("帮 婆婆 买 药 |用 她 本人 的 医保卡 刷");
  kb::ImpersonationMarker(lex).apply(toks);
  CHECK(toks[4].marks == for_owner);
}
