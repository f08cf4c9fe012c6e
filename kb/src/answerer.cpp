#include "kb/answerer.h"

#include <algorithm>

#include "kb/sentences.h"
#include "kb/text.h"

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
  Analysis analysis = store_.analyzer().analyze(req.question);
  AskResponse resp;
  resp.kb_version = store_.kb_version();
  resp.corrections = analysis.corrections;
  resp.slots = extract_slots(analysis, store_.lexicon(), req.region);
  // A follow-up to the previous answer? (A context that does not open is simply ignored.)
  const auto prev = dialogue_.open(req.context);
  if (prev) {
    if (auto restored = dialogue_.restore_subject(*prev, req.question, analysis)) {
      analysis = std::move(*restored);
      resp.slots = extract_slots(analysis, store_.lexicon(), req.region);
    }
    dialogue_.resolve_pronoun(*prev, resp.slots);
  }
  Retrieval found = retriever_.retrieve(analysis, resp.slots, valid.as_of);
  retriever_.prefer_exact(found, req.question);
  if (prev && dialogue_.follow_up(*prev, analysis, found, valid, resp)) {
    resp.follow_up = true;
    return finish(resp);
  }
  if (with_debug) resp.debug = debug(analysis, found);
  const bool in_conversation = prev && dialogue_.continues(*prev, found);
  const Decision decision = decider_.decide(analysis, found, in_conversation);
  if (decision.entry) {
    composer_.answer({*decision.entry, decision.score, &found.ranked, &analysis.text, valid.format, valid.as_of}, resp);
    add_second_question(req, valid, resp);
  } else if (auto passage = decider_.excerpt(found))
    composer_.excerpt(found, *passage, valid.format, resp);
  else
    composer_.out_of_scope(found, decision.score, valid.format, resp);
  return finish(resp);
}

namespace {
// Each part costs a retrieval: a question with more parts than this is read for the first ones.
constexpr size_t kMaxQuestionParts = 4;

// The parts of a question that end with a question mark, in the asker's words (at most
// kMaxQuestionParts).
std::vector<std::u32string> questions_in(const std::string& question) {
  std::vector<std::u32string> out;
  std::u32string part;
  for (char32_t c : to_u32(question)) {
    if (out.size() == kMaxQuestionParts) break;
    const bool question_mark = c == U'?' || c == U'\uFF1F';
    if (question_mark || c == U'!' || is_sentence_end(c)) {
      if (question_mark && !part.empty()) out.push_back(part + c);
      part.clear();
    } else if (!(part.empty() && c == U' ')) {
      part += c;
    }
  }
  return out;
}

// The first sentence, and the second too when the first is a bare verdict (可以。).
std::string lead_of(const std::string& answer) {
  const std::u32string text = to_u32(answer);
  auto end = std::find_if(text.begin(), text.end(), is_sentence_end);
  if (end != text.end() && end - text.begin() <= 4) end = std::find_if(end + 1, text.end(), is_sentence_end);
  return to_utf8(std::u32string(text.begin(), end == text.end() ? end : end + 1));
}
}  // namespace

// "年底会清零吗？没用完的钱能不能给我爸用？": the answer is to the whole; another question in its
// own sentence that a different topic's entry clearly answers gets that entry's lead after it.
// Not for speech, which stays within what an agent reads in one go.
void Answerer::add_second_question(const AskRequest& req, const ValidRequest& valid, AskResponse& resp) const {
  if (valid.format == Format::Speech || resp.suggested) return;
  const auto parts = questions_in(req.question);
  if (parts.size() < 2) return;
  for (const auto& part : parts) {
    const std::string words = to_utf8(part);
    const Analysis analysis = store_.analyzer().analyze(words);
    AskResponse other;
    other.slots = extract_slots(analysis, store_.lexicon(), req.region);
    const Retrieval found = retriever_.retrieve(analysis, other.slots, valid.as_of);
    const Decision decision = decider_.decide(analysis, found, false);
    if (!decision.entry || decision.score < params_.direct) continue;
    const EntryInfo& info = store_.info(*decision.entry);
    if (info.topic == resp.topic || info.topic == store_.out_of_scope_topic()) continue;
    composer_.answer({*decision.entry, decision.score, &found.ranked, &analysis.text, valid.format, valid.as_of},
                     other);
    const std::string& also = store_.messages().also_asked;
    resp.answer += (valid.format == Format::Markdown ? "\n\n" : "\n") +
                   fill(also, {{"question", words}, {"answer", lead_of(other.answer)}});
    return;
  }
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
