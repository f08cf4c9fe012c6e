#include "kb/answerer.h"

namespace kb {

// A store without concepts is domain-free (FAQ sheets only): it ranks and decides with the
// parameters for that (scoring.h).
Answerer::Answerer(const Store& store, ScoringParams params, RequestLimits limits, ContextCodec codec)
    : store_(store),
      params_(store.lexicon().concepts().empty() ? params.for_domain_free() : params),
      limits_(limits),
      codec_(std::move(codec)),
      retriever_(store_, params_),
      decider_(store_, params_),
      composer_(store_, decider_, params_),
      dialogue_(store_, composer_, params_, codec_) {}

AskResponse Answerer::ask(const AskRequest& req, bool with_debug) const {
  const ValidRequest valid = validate(req, limits_);
  const Analysis analysis = store_.analyzer().analyze(req.question);
  AskResponse resp;
  resp.kb_version = store_.kb_version();
  resp.corrections = analysis.corrections;
  resp.slots = extract_slots(analysis, store_.lexicon(), req.region);
  // A follow-up to the previous answer? (A context that does not open is simply ignored.)
  const auto prev = dialogue_.open(req.context);
  if (prev) dialogue_.resolve_pronoun(*prev, resp.slots);
  Retrieval found = retriever_.retrieve(analysis, resp.slots, valid.as_of);
  retriever_.prefer_exact(found, req.question);
  if (prev && dialogue_.follow_up(*prev, analysis, found, valid, resp)) {
    resp.follow_up = true;
    return finish(resp);
  }
  if (with_debug) resp.debug = debug(analysis, found);
  const bool in_conversation = prev && !prev->topic.empty() && prev->topic != store_.out_of_scope_topic();
  const Decision decision = decider_.decide(analysis, found, in_conversation);
  if (decision.entry)
    composer_.answer({*decision.entry, decision.score, &found.ranked, &analysis.text, valid.format, valid.as_of}, resp);
  else if (auto passage = decider_.excerpt(found))
    composer_.excerpt(found, *passage, valid.format, resp);
  else
    composer_.out_of_scope(found, decision.score, valid.format, resp);
  return finish(resp);
}

AskResponse& Answerer::finish(AskResponse& resp) const {
  // An excerpt quotes policy, it does not settle the asker's case: a person may.
  resp.handoff = resp.verdict == "unknown" || resp.confidence < params_.handoff_below || resp.excerpt;
  resp.context = dialogue_.seal(resp);
  return resp;
}

nlohmann::json Answerer::debug(const Analysis& analysis, const Retrieval& found) const {
  nlohmann::json terms = nlohmann::json::array(), ranked = nlohmann::json::array(), tokens = nlohmann::json::array();
  for (const auto& t : found.terms) terms.push_back(t.key);
  for (const auto& t : analysis.tokens) tokens.push_back(t.text);
  for (size_t i = 0; i < found.ranked.size() && i < 6; ++i) {
    const Candidate& c = found.ranked[i];
    ranked.push_back({store_.info(c.entry).id, c.score, store_.entry(c.entry)->question, c.question, c.answer});
  }
  nlohmann::json out = {{"tokens", tokens},
                        {"terms", terms},
                        {"match", found.text_match},
                        {"ranked", ranked},
                        {"corrections", analysis.corrections}};
  for (size_t i = 0; i < found.passages.size() && i < 3; ++i) {
    const Candidate& c = found.passages[i];
    out["passages"].push_back({store_.info(c.entry).id, c.score, c.question, c.answer});
  }
  return out;
}

}  // namespace kb
