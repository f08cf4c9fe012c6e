// What an answer leaves behind: it is counted in the metrics and queued for the question log.
// Called by the /v1/ask handler and the WeChat endpoint after answering; returns at once.
//
// Thread-safety: as Metrics and QuestionLog (any thread); the recorder itself holds no state.
#pragma once
#include <string>
#include <string_view>

#include "caching_answerer.h"
#include "engine.h"
#include "metrics.h"
#include "question_log.h"

namespace faq {

class AnswerRecorder {
 public:
  // Either may be null: that part is then off.
  AnswerRecorder(Metrics* metrics, QuestionLog* log) : metrics_(metrics), log_(log) {}
  // An HTTP answer. `parsed`: the request, when it was parsed; otherwise `body` is the request as
  // sent (a cached answer), and the log's writer reads it.
  void http(const Engine& engine, const Served& served, const kb::AskRequest* parsed, std::string_view body,
            double latency_ms) const;
  // A WeChat answer; `user` (ToUserName and FromUserName) is logged as a pseudonym only.
  void wechat(const Engine& engine, const std::string& question, const kb::AskResponse& resp, const std::string& user,
              double latency_ms) const;

 private:
  Metrics* metrics_;
  QuestionLog* log_;
};

}  // namespace faq
