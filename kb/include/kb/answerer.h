// The answer pipeline, in stages with one job each:
//   validate (request.h) → analyse (analyzer.h) → slots (slots.h) → retrieve (retriever.h)
//   → follow-up? (dialogue.h) → decide (decider.h) → compose (composer.h) → seal the context.
// This class only runs them in order; each stage has its own unit tests.
//
// Thread-safety: ask() is const and may run on many threads at once (see Store).
#pragma once
#include "kb/context_codec.h"
#include "kb/dialogue.h"
#include "kb/request.h"
#include "kb/response.h"

namespace kb {

class Answerer {
 public:
  Answerer(const Store& store, ScoringParams params = {}, RequestLimits limits = {},
           ContextCodec codec = ContextCodec("", 1800));
  Answerer(const Answerer&) = delete;  // the stages hold references to each other
  Answerer& operator=(const Answerer&) = delete;

  // Throws InvalidRequest on bad input. `with_debug` fills resp.debug (tokens, terms, ranking).
  AskResponse ask(const AskRequest& req, bool with_debug = false) const;
  // What a conversation carries on from `resp`, without the issue time (for cached answers).
  ContextState context_state(const AskResponse& resp) const { return dialogue_.state_of(resp); }
  const ContextCodec& codec() const { return codec_; }
  const Store& store() const { return store_; }
  const ScoringParams& params() const { return params_; }
  const RequestLimits& limits() const { return limits_; }
  const Retriever& retriever() const { return retriever_; }

 private:
  AskResponse& finish(AskResponse& resp) const;  // handoff and the sealed context
  void add_second_question(const AskRequest& req, const ValidRequest& valid, AskResponse& resp) const;
  nlohmann::json debug(const Analysis& analysis, const Retrieval& found) const;

  const Store& store_;
  ScoringParams params_;
  RequestLimits limits_;
  ContextCodec codec_;
  Retriever retriever_;
  Decider decider_;
  Composer composer_;
  Dialogue dialogue_;
};

}  // namespace kb
