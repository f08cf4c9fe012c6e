// The answering pipeline: validate → analyse → slots → retrieve (FTS5 bm25) → re-score with
// concept and slot evidence → decide (answer / suggest / out of scope) → evaluate rules → render.
//
// Thread-safety: ask() is const and may run on many threads at once (see Store).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kb/answer_cache.h"
#include "kb/conversation.h"
#include "kb/render.h"
#include "kb/slots.h"
#include "kb/store.h"

namespace kb {

// Bad input: the caller gets `code` and `message`; nothing changes. The server maps it to 400.
struct InvalidRequest : std::runtime_error {
  std::string code;
  InvalidRequest(std::string c, const std::string& message) : std::runtime_error(message), code(std::move(c)) {}
};

struct AskRequest {
  std::string question;
  std::string region;
  std::string format = "text";
  std::string channel;
  std::string as_of;    // YYYY-MM-DD; empty = today
  std::string context;  // the previous response's context, for a follow-up question
};

// What the answer asks back when the one fact that changes the verdict is missing.
struct AskPrompt {
  std::string slot;
  std::string question;
  std::vector<std::string> options;
};

struct Related {
  std::string entry_id, question;
};

struct AskResponse {
  std::string answer, verdict, topic, entry_id;
  double confidence = 0;
  Slots slots;
  std::vector<Source> sources;
  std::vector<Related> related;
  std::string kb_version;
  std::optional<AskPrompt> ask;
  std::string context;     // signed; the client sends it back with the next question
  bool follow_up = false;  // answered as a follow-up to the context
  // Diagnostics, not part of the answer contract.
  std::vector<std::string> corrections;
  bool suggested = false;
  nlohmann::json debug;  // terms, match expression and ranking (filled for --ask only)
  nlohmann::json to_json() const;
};

// One ranked entry: the ranking score, its best-phrasing match and its answer coverage.
struct Candidate {
  int entry;
  double score;
  double question;
  double answer;
};

// The retrieval stage's result for one question.
struct Retrieval {
  std::vector<Term> terms;
  std::vector<Candidate> ranked;
  std::vector<std::string> offtopic;  // other domains' words in the question
};

struct Thresholds {
  double floor = 0.30;   // below: out of scope
  double direct = 0.50;  // at or above (with the margin): answer without suggestions
  double margin = 0.04;  // a runner-up of another topic closer than this makes the match uncertain
  size_t max_question_chars = 500;
};

class Answerer {
 public:
  // `cache_capacity` answers are kept for repeated requests (0: no cache).
  Answerer(const Store& store, Thresholds t = {}, size_t cache_capacity = 0,
           ContextCodec codec = ContextCodec("", 1800))
      : store_(store), t_(t), cache_(cache_capacity), codec_(std::move(codec)) {}
  AskResponse ask(const AskRequest& req, bool with_debug = false) const;
  // The retrieval stage alone (for benchmarks and diagnostics): terms → ranked entries.
  Retrieval retrieve(const Analysis& analysis, const Slots& slots, const std::string& as_of) const;
  // The response as JSON text, from the cache when the same request was answered before. `body`,
  // the request as the client sent it, is remembered as a further key for cached_json().
  std::string ask_json(const AskRequest& req, std::string_view body = {}) const;
  // The response to a request body answered before, byte for byte, without parsing it (nothing
  // when it was not, or when the cache is off). Bodies with a context are never remembered.
  std::optional<std::string> cached_json(std::string_view body) const;
  const Store& store() const { return store_; }
  size_t cached() const { return cache_.size(); }

 private:
  void answer_entry(AskResponse& resp, int entry_index, double score, const std::vector<Candidate>& ranked,
                    const std::u32string& text, Format format, const std::string& as_of, bool materials) const;
  bool follow_up(const ContextState& prev, const Analysis& analysis, const Retrieval& found, Format format,
                 const std::string& as_of, AskResponse& resp) const;
  std::string context_for(const AskResponse& resp) const;
  ContextState context_state(const AskResponse& resp) const;  // everything but the issue time
  std::string serve(const CachedAnswer& cached) const;        // a cached body with a fresh context

  const Store& store_;
  Thresholds t_;
  mutable AnswerCache cache_;  // a cache, not state: same answers with or without it
  ContextCodec codec_;
};

std::string today_iso();

}  // namespace kb
