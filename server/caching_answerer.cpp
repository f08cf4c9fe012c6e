#include "caching_answerer.h"

#include "kb/dates.h"
#include "kb/normalizer.h"

namespace faq {
namespace {

// Bodies longer than this are answered normally but not kept under their raw bytes: the key would
// cost more memory than the answer it saves (questions are short; a body this long carries padding).
constexpr size_t kMaxRawBodyKey = 1024;

// Keys start with a letter naming their kind, and hold today's date: tomorrow's rules may differ.
std::string body_key(std::string_view body) {
  std::string key = "b" + kb::today_iso() + '\x1f';
  key.append(body);
  return key;
}

}  // namespace

AnswerFacts facts_of(const kb::AskResponse& resp, const std::string& out_of_scope_topic) {
  const char* outcome = resp.topic == out_of_scope_topic ? "out_of_scope" : resp.suggested ? "suggested" : "answered";
  return {resp.topic, resp.entry_id, resp.verdict, outcome, resp.confidence};
}

std::string CachingAnswerer::serve(const CachedAnswer& cached, Served* served) const {
  std::string context = answerer_.codec().seal(cached.context_prefix, kb::unix_now());
  if (served) *served = {cached.facts, context, true};
  std::string out;
  out.reserve(cached.body_open.size() + context.size() + 16);
  // base64url: nothing in a context needs escaping
  out.append(cached.body_open).append(",\"context\":\"").append(context).append("\"}");
  return out;
}

std::optional<std::string> CachingAnswerer::cached(std::string_view body, Served* served) const {
  if (!cache_.enabled() || body.size() > kMaxRawBodyKey) return std::nullopt;
  if (auto hit = cache_.get(body_key(body))) return serve(*hit, served);
  return std::nullopt;
}

AnswerCache::Value CachingAnswerer::remember(const kb::AskResponse& resp) const {
  auto made = std::make_shared<CachedAnswer>();
  made->body_open = resp.json_text(/*with_context=*/false);
  made->body_open.pop_back();  // the closing brace: serve() appends the context and closes
  made->context_prefix = kb::ContextCodec::payload_prefix(answerer_.context_state(resp));
  made->facts = facts_of(resp, answerer_.store().out_of_scope_topic());
  return made;
}

std::string CachingAnswerer::answer(const kb::AskRequest& req, std::string_view body, Served* served) const {
  // A conversation turn depends on its context: never cached.
  if (!cache_.enabled() || !req.context.empty()) {
    kb::AskResponse resp = answerer_.ask(req);
    if (served) *served = {facts_of(resp, answerer_.store().out_of_scope_topic()), resp.context, false};
    return resp.json_text();
  }
  const kb::ValidRequest valid = kb::validate(req, answerer_.limits());  // bad input: reported, never cached
  std::string rest;
  for (const auto* part : {&req.region, &req.format, &valid.as_of}) (rest += '\x1f') += *part;
  const std::string raw_key = "r" + req.question + rest;
  const bool keep_body = !body.empty() && body.size() <= kMaxRawBodyKey;
  AnswerCache::Value hit = cache_.get(raw_key);
  if (!hit) {
    const std::string key = "n" + kb::normalize_utf8(req.question) + rest;
    hit = cache_.get(key);
    if (!hit) {
      // A question not seen before is kept under its normalised form only: most questions of real
      // traffic are new, and keeping three keys for each (measured) made new questions slower
      // than with no cache at all. Its raw keys follow when it comes back.
      hit = remember(answerer_.ask(req));
      cache_.put(key, hit);
      std::string out = serve(*hit, served);
      if (served) served->from_cache = false;
      return out;
    }
    cache_.put(raw_key, hit);
  }
  if (keep_body) cache_.put(body_key(body), hit);
  return serve(*hit, served);
}

}  // namespace faq
