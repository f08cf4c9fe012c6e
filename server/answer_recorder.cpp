#include "answer_recorder.h"

#include <chrono>

namespace faq {
namespace {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

void AnswerRecorder::http(const Engine& engine, const Served& served, const kb::AskRequest* parsed,
                          std::string_view body, double latency_ms) const {
  if (metrics_) metrics_->count_answer(served.facts.topic, served.facts.verdict, served.from_cache);
  if (!log_) return;
  QuestionRecord r;
  r.time_ms = now_ms();
  if (parsed) {
    r.question = parsed->question;
    r.channel = parsed->channel;
    r.context_in = parsed->context;
  } else {
    r.body = body;
  }
  r.context_out = served.context;
  r.facts = served.facts;
  r.kb_version = engine.store().kb_version();
  r.latency_ms = latency_ms;
  log_->record(std::move(r));
}

void AnswerRecorder::wechat(const Engine& engine, const std::string& question, const kb::AskResponse& resp,
                            const std::string& user, double latency_ms) const {
  const AnswerFacts facts = facts_of(resp, engine.store().out_of_scope_topic());
  if (metrics_) metrics_->count_answer(facts.topic, facts.verdict, false);
  if (!log_) return;
  QuestionRecord r;
  r.time_ms = now_ms();
  r.channel = "wechat";
  r.question = question;
  r.context_out = resp.context;
  r.conversation = log_->pseudonym("wechat\x1f" + user);
  r.facts = facts;
  r.kb_version = engine.store().kb_version();
  r.latency_ms = latency_ms;
  log_->record(std::move(r));
}

}  // namespace faq
