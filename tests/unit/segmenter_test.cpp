// The segmenter alone: normalised text → tokens.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "kb/normalizer.h"

namespace {
std::string segmented(const char* in, bool keep_unknown) {
  kb::Segmenter seg(test::store().lexicon(), keep_unknown);
  std::string out;
  for (const auto& t : seg.segment(kb::normalize(in)))
    out += (out.empty() ? "" : " ") + t.text + (t.after_break ? "|" : "");
  return out;
}
}  // namespace

TEST_CASE("segmenter: fewest pieces over the lexicon, ICU for the rest", "[analyzer]") {
  struct Row {
    const char* in;
    const char* tokens;
  };
  const Row rows[] = {
      {"怎么办理绑定", "怎么办理 绑定"},  // a lexicon form whole: not 怎么办|理
      {"我在北京上班交医保", "我 在 北京 上班 交医保"},
      {"医保app上能查吗", "医保 app 上 能 查 吗"},
      {"打12333查余额", "打 12333 查 余额"},
      {"今天天气怎么样", "今天 天气 怎么样"},
      {"家附近也没有社保局", "家 附近 也 没有 社保局"},  // 家父 would cut ICU's word 附近
      {"医保，余额", "医保 余额|"},                      // punctuation is a clause break
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(segmented(r.in, true) == r.tokens);
  }
}

TEST_CASE("segmenter: for answers, only lexicon words count", "[analyzer]") {
  CHECK(segmented("天气阴沉沉", false) == "天气");  // 阴沉沉: no lexicon form
  CHECK(segmented("hello 医保 app", false) == "医保| app|");
}
