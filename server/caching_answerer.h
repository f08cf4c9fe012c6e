// Answers from the cache when the same request was answered before. Real traffic repeats
// ("医保余额怎么查" many times an hour), and the cheapest answer is the one not computed: a repeated
// request body is served byte for byte without parsing it; otherwise the question as sent and the
// normalised question (punctuation, width and script variants) are tried before the pipeline runs.
// This is an HTTP concern (it keys on raw bodies), so it lives in the server, around kb::Answerer.
//
// Each served answer gets a fresh context (the context carries the time it was issued).
// Conversation turns (requests with a context) are never cached.
//
// Thread-safety: as AnswerCache; the answerer is const.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "answer_cache.h"
#include "kb/answerer.h"

namespace faq {

// What a served answer was, beside its text (the caller's metrics and question log want it).
struct Served {
  AnswerFacts facts;
  std::string context;  // the context the response carries
  bool from_cache = false;
};

// The facts of a response (`out_of_scope_topic`: the store's).
AnswerFacts facts_of(const kb::AskResponse& resp, const std::string& out_of_scope_topic);

class CachingAnswerer {
 public:
  CachingAnswerer(const kb::Answerer& answerer, size_t capacity) : answerer_(answerer), cache_(capacity) {}
  // The response to a request body answered before, or nothing (also when the cache is off).
  // `served`, when given, receives what the answer was.
  std::optional<std::string> cached(std::string_view body, Served* served = nullptr) const;
  // The response as JSON text; `body`, the request as the client sent it, becomes a further key.
  // Throws kb::InvalidRequest on bad input, which is never cached.
  std::string answer(const kb::AskRequest& req, std::string_view body = {}, Served* served = nullptr) const;
  bool enabled() const { return cache_.enabled(); }

 private:
  std::string serve(const CachedAnswer& cached, Served* served) const;
  AnswerCache::Value remember(const kb::AskResponse& resp) const;

  const kb::Answerer& answerer_;
  mutable AnswerCache cache_;  // a cache, not state: the same answers with or without it
};

}  // namespace faq
