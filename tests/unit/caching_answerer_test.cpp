#include "caching_answerer.h"

#include <catch2/catch.hpp>

#include "fixture.h"

namespace {
// A context served with an answer about family sharing continues the conversation: "那我哥哥呢"
// is a follow-up, answered yes. Returns the follow-up request.
kb::AskRequest brother_follows(const kb::Answerer& answerer, const std::string& context) {
  kb::AskRequest next;
  next.question = "那我哥哥呢";
  next.as_of = "2026-01-01";
  next.context = context;
  auto follow = answerer.ask(next);
  CHECK(follow.follow_up);
  CHECK(follow.verdict == "yes");
  return next;
}
}  // namespace

TEST_CASE("caching answerer: bounded, and a hit is the same answer", "[cache]") {
  faq::AnswerCache cache(32);
  auto v = std::make_shared<const faq::CachedAnswer>();
  for (int i = 0; i < 1000; ++i) cache.put(std::to_string(i) + "k", v);
  CHECK(cache.size() <= 32 + 64);  // per-shard rounding (64 shards)
  CHECK_FALSE(faq::AnswerCache(0).enabled());

  faq::CachingAnswerer cached(test::answerer(), 100);
  kb::AskRequest r;
  r.question = "怎么查询医保卡余额？";
  r.as_of = "2026-01-01";
  // Contexts carry a timestamp and the signer's secret; everything else must be identical.
  auto without_context = [](const std::string& body) {
    auto j = nlohmann::json::parse(body);
    CHECK_FALSE(j.value("context", "").empty());
    j.erase("context");
    return j.dump();
  };
  std::string first = without_context(cached.answer(r)), second = without_context(cached.answer(r));
  CHECK(first == second);
  auto fresh = test::answerer().ask(r).to_json();
  fresh.erase("context");
  CHECK(first == fresh.dump());
  // The normalised question is the key: punctuation and width do not matter …
  r.question = "怎么查询医保卡余额";
  CHECK(without_context(cached.answer(r)) == first);
  // … but the date, region and format do.
  r.format = "speech";
  CHECK(without_context(cached.answer(r)) != first);
  // A context from a cache hit continues the conversation like a fresh one.
  kb::AskRequest family;
  family.question = "医保卡里的钱可以给家人用吗";
  family.as_of = "2026-01-01";
  cached.answer(family);
  auto hit = nlohmann::json::parse(cached.answer(family));
  brother_follows(test::answerer(), hit.at("context"));
  // Bad input is reported, never cached.
  r.question = "";
  CHECK_THROWS_AS(cached.answer(r), kb::InvalidRequest);
}

TEST_CASE("caching answerer: a request body sent again is answered without parsing it", "[cache]") {
  faq::CachingAnswerer cached(test::answerer(), 100);
  const std::string body = R"({"question":"医保卡里的钱可以给家人用吗","as_of":"2026-01-01"})";
  CHECK_FALSE(cached.cached(body));
  kb::AskRequest family;
  family.question = "医保卡里的钱可以给家人用吗";
  family.as_of = "2026-01-01";
  auto first = nlohmann::json::parse(cached.answer(family, body));
  CHECK_FALSE(cached.cached(body));  // a question seen once is kept under its normalised form only
  cached.answer(family, body);       // … and under its body once it comes back
  auto again = cached.cached(body);
  REQUIRE(again);
  auto hit = nlohmann::json::parse(*again);
  CHECK(hit.at("answer") == first.at("answer"));
  CHECK(hit.at("entry_id") == first.at("entry_id"));
  // Another body (even one that means the same) is not this key.
  CHECK_FALSE(cached.cached(R"({"as_of":"2026-01-01","question":"医保卡里的钱可以给家人用吗"})"));
  // The served context continues the conversation.
  kb::AskRequest next = brother_follows(test::answerer(), hit.at("context"));
  // A turn with a context depends on it: its body is never remembered.
  const std::string turn = R"({"question":"那我哥哥呢","as_of":"2026-01-01","context":")" + next.context + "\"}";
  cached.answer(next, turn);
  CHECK_FALSE(cached.cached(turn));
  // Nor is a body the cache is off for.
  faq::CachingAnswerer uncached(test::answerer(), 0);
  uncached.answer(family, body);
  CHECK_FALSE(uncached.cached(body));
}
