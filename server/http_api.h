// The HTTP layer: configures cpp-httplib for real clients and installs the route table.
// Handlers only parse, call the engine and serialise; every error leaves as JSON
// {"error": {"code", "message"}} with its status chosen in one place (send_error and the
// exception handler).
//
// Around every request: the guard against bodies the library would buffer (request_guard.h), the
// per-client rate limit (rate_limiter.h), and, once the response is written, the metrics.
#pragma once
#include <httplib.h>

#include "answer_recorder.h"
#include "config.h"
#include "engine_holder.h"
#include "kb/context_codec.h"
#include "metrics.h"
#include "question_log.h"
#include "rate_limiter.h"
#include "reloader.h"
#include "trusted_proxies.h"
#include "wechat_endpoint.h"

namespace faq {

// What the routes use besides the engine. Any pointer may be null: that part is then off
// (/wechat, /admin/reload and /v1/feedback answer 404; no metrics, log or limit).
struct Services {
  const EngineHolder& engines;
  WeChatEndpoint* wechat = nullptr;
  Metrics* metrics = nullptr;
  const AnswerRecorder* recorder = nullptr;
  QuestionLog* question_log = nullptr;
  const kb::ContextCodec* feedback_codec = nullptr;  // verifies the contexts feedback names
  Reloader* reloader = nullptr;
  std::string admin_token;  // empty: /admin answers 404
  RateLimiter* limiter = nullptr;
  const TrustedProxies* proxies = nullptr;
};

void configure_server(httplib::Server& server, const Config& config);
// Installs the routes (and registers them with the metrics). `services` must outlive the server.
void install_routes(httplib::Server& server, const Config& config, const Services& services);

// cpp-httplib 0.11 listens with a backlog of 5: 64 clients connecting at once overflow it and
// wait for SYN retransmission (measured: p99 over 700 ms on /healthz). Linux lets a second
// listen() on the bound socket raise the backlog; this finds our listening socket by its port.
void widen_listen_backlog(int port);

}  // namespace faq
