// Verdict safety: a card (or 医保码, e-credential) is used only by its owner. Whatever the relative,
// the card word or the way it is put, no answer to using someone else's card may be "yes"; the
// money, not the card, is what 家庭共济 shares.
#include <catch2/catch.hpp>

#include "fixture.h"

namespace {
std::string filled(std::string pattern, const std::string& who, const std::string& card) {
  auto put = [&](const std::string& key, const std::string& value) {
    for (size_t at = pattern.find(key); at != std::string::npos; at = pattern.find(key, at + value.size()))
      pattern.replace(at, key.size(), value);
  };
  put("{who}", who);
  put("{card}", card);
  return pattern;
}
}  // namespace

TEST_CASE("safety: no answer says yes to using another person's card", "[answer][safety]") {
  const char* patterns[] = {
      "我能用{who}的{card}买药吗",
      "{who}能拿我的{card}去看病吗",
      "借{who}的{card}用一下行吗",
      "让{who}拿着我的{card}去医院行不行",
      "我刷{who}的{card}给自己拿药可以吗",
      "{who}用我的{card}开药行不行",
      "拿{who}的{card}给我自己看病中不中",
      "我的{card}能给{who}刷吗",
      // Found wanting: the card before whom it is given to, a deceased owner, the owner stressed.
      "{who}走了，他的{card}还能给我妈用吗",
      "{card}给{who}用可以吗",
      "用{who}本人的{card}给我自己买药行吗",
      "用已经去世的{who}的{card}给我妈买药可以吗",
      // A person word before the one it is given to (was: a medical-devices answer, "depends").
      "{card}给家里{who}用没事吧",
      // The card put first, then the asker using it (was: what the account pays for, yes).
      "{who}的{card}我能拿去药店给自己买药吗",
  };
  const char* people[] = {"老婆", "我妈", "爸爸", "儿子", "朋友", "同事",   "邻居",
                          "婆婆", "岳父", "弟弟", "孙子", "亲戚", "家那位", "俺男人"};
  const char* cards[] = {"医保卡", "社保卡", "医保码", "电子医保凭证"};
  for (const char* p : patterns)
    for (const char* who : people)
      for (const char* card : cards) {
        const std::string q = filled(p, who, card);
        INFO(q);
        CHECK(test::ask(q).verdict != "yes");
      }
}

TEST_CASE("safety: no answer says yes to sharing with an in-law or someone who is no near relative",
          "[answer][safety]") {
  const char* patterns[] = {
      "我{who}交的居民医保，能用我的家庭共济吗",
      "我是职工医保，想把家庭共济绑给我{who}，她交的居民医保，能绑不",
      "能用医保钱包给我{who}转钱吗",
      "共济的钱能给我{who}买药吗",
      "我{who}能用我的个人账户吗",
      "家庭共济能给我{who}交居民医保吗",
      "我{who}住院了，自费部分能用我的共济吗",
      "我{who}没有工作，交的城乡居民医保，我能共济给他吗",
  };
  // Was: yes for every in-law on the resident scheme (the rule for the resident scheme fired
  // before anyone asked who the relative was).
  const char* people[] = {"婆婆", "公公", "岳父",   "丈母娘", "小姑子", "大舅子",
                          "表哥", "朋友", "女朋友", "前妻",   "侄子"};
  for (const char* p : patterns)
    for (const char* who : people) {
      const std::string q = filled(p, who, "");
      INFO(q);
      CHECK(test::ask(q).verdict != "yes");
    }
}
