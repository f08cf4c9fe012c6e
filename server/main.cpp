// faq-server: serves /v1/ask over HTTP, answers one question with --ask, or prints the editors'
// report over the question log with `faq-server report` (report.h).
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "config.h"
#include "engine_holder.h"
#include "http_api.h"
#include "kb/hmac.h"
#include "log.h"
#include "report.h"
#include "request_guard.h"
#include "signal_watcher.h"
#include "web_routes.h"

namespace {

faq::EngineOptions engine_options(const faq::Config& c) {
  return {c.scoring, c.limits, c.context_secret, c.context_ttl_sec, c.cache_entries};
}

int ask_once(const faq::Config& config, const faq::Engine& engine) {
  kb::AskRequest r{config.ask, config.ask_region, config.ask_format, "", config.ask_as_of, config.ask_context};
  try {
    kb::AskResponse resp = engine.answerer().ask(r, /*with_debug=*/true);
    nlohmann::json out = resp.to_json();
    out["debug"] = resp.debug;
    std::cout << out.dump(2) << std::endl;
    return 0;
  } catch (const kb::InvalidRequest& e) {
    std::cerr << e.code << ": " << e.what() << "\n";
    return 1;
  }
}

std::shared_ptr<const faq::Redactor> load_redactor(const faq::Config& c) {
  if (c.redaction_file.empty())
    return std::make_shared<const faq::Redactor>(
        faq::parse_redaction_rules(faq::builtin_redaction_yaml(), "built-in config/redaction.yaml"));
  std::ifstream in(c.redaction_file);
  if (!in) throw std::runtime_error("redaction_file not found: " + c.redaction_file);
  std::stringstream text;
  text << in.rdbuf();
  return std::make_shared<const faq::Redactor>(faq::parse_redaction_rules(text.str(), c.redaction_file));
}

std::unique_ptr<faq::QuestionLog> open_question_log(const faq::Config& c, std::shared_ptr<const faq::Redactor> r) {
  if (c.question_log.empty()) return nullptr;
  faq::QuestionLogOptions o;
  o.path = c.question_log;
  o.retention_days = c.question_log_retention_days;
  o.queue_capacity = c.question_log_queue;
  // Pseudonyms keyed by the context secret: replicas that share it name conversations alike.
  const auto key = kb::PrekeyedHmacSha256(c.context_secret).mac("question log pseudonyms");
  o.pseudonym_key.assign(reinterpret_cast<const char*>(key.data()), key.size());
  o.redactor = std::move(r);
  return std::make_unique<faq::QuestionLog>(std::move(o));
}

bool refuse_exposed(const faq::Config& config) {
  if (config.behind_proxy || faq::is_loopback_host(config.host)) return false;
  std::cerr << "faq-server: refusing to listen on " << config.host
            << ": this server must not face the network on its own. Put the hardened nginx of deploy/nginx/ in "
               "front (scripts/serve-replicas.sh) and set behind_proxy (FAQ_BEHIND_PROXY=1).\n";
  return true;
}

// Binds, prints the line tests read, and serves until stop() (SIGTERM/SIGINT). Returns the exit code.
int listen(httplib::Server& server, const faq::Config& config, const faq::EngineHolder& engines,
           const std::atomic<bool>& stop_requested) {
  int port = config.port;
  if (port == 0)
    port = server.bind_to_any_port(config.host);
  else if (!server.bind_to_port(config.host, port))
    port = -1;
  if (port < 0) {
    std::cerr << "cannot listen on " << config.host << ":" << config.port << "\n";
    return 1;
  }
  faq::widen_listen_backlog(port);
  const kb::Store& store = engines.get()->store();
  // Tests read this line to learn the ephemeral port.
  std::cout << "listening on http://" << config.host << ":" << port << " (kb_version " << store.kb_version() << ", "
            << store.entry_count() << " entries)" << std::endl;
  if (!stop_requested) server.listen_after_bind();
  // listen returns once every connection it accepted is answered: in-flight requests finish.
  spdlog::info("stopped");
  return 0;
}

int serve(const faq::Config& config, faq::EngineHolder& engines, std::shared_ptr<const faq::Redactor> redactor) {
  if (refuse_exposed(config)) return 2;
  if (config.context_secret_drawn)
    spdlog::warn(
        "no context_secret set: conversations use a random secret and end when this process does; set "
        "FAQ_CONTEXT_SECRET (32+ bytes) when several replicas serve the same clients");
  httplib::Server server;
  faq::Metrics metrics;
  faq::Reloader reloader(engines, config.store, engine_options(config),
                         [&metrics](bool ok) { metrics.count_reload(ok); });
  std::atomic<bool> stop_requested{false};
  // Before any other thread starts (they inherit the blocked signals): SIGHUP reloads, SIGTERM
  // and SIGINT stop the server once the requests in flight are answered.
  faq::SignalWatcher signals(
      [&reloader] {
        try {
          reloader.reload();
        } catch (const faq::ReloadError&) {}  // logged by the reloader; the old store keeps serving
      },
      [&server, &stop_requested] {
        stop_requested = true;
        // A stop that arrives while the server is still starting waits for it (at most 2 s).
        for (int i = 0; i < 200 && !server.is_running(); ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        server.stop();
      });
  std::unique_ptr<faq::QuestionLog> question_log = open_question_log(config, redactor);
  faq::AnswerRecorder recorder(&metrics, question_log.get());
  faq::WeChatEndpoint wechat(config.wechat, engines, &recorder);
  faq::RateLimiter limiter(config.rate_limit_per_sec,
                           config.rate_limit_burst > 0 ? config.rate_limit_burst : 2 * config.rate_limit_per_sec,
                           config.rate_limit_clients);
  const faq::TrustedProxies proxies(config.trusted_proxies);
  const kb::ContextCodec feedback_codec(config.context_secret, config.feedback_ttl_sec);
  const faq::Services services{engines,
                               &wechat,
                               &metrics,
                               &recorder,
                               question_log.get(),
                               question_log ? &feedback_codec : nullptr,
                               &reloader,
                               config.admin_token,
                               &limiter,
                               &proxies};
  faq::configure_server(server, config);
  faq::install_routes(server, config, services);
  faq::install_web_routes(server, engines, config);
  return listen(server, config, engines, stop_requested);
}

}  // namespace

int main(int argc, char** argv) {
  faq::log::init();
  if (argc > 1 && std::string(argv[1]) == "report") return faq::run_report(argc - 1, argv + 1, std::cout, std::cerr);
  faq::Config config;
  try {
    config = faq::load_config(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  if (config.print_config) {
    std::cout << faq::describe(config);
    return 0;
  }
  try {
    auto redactor = load_redactor(config);
    faq::log::redact_with(redactor);  // before anything is logged that a resident wrote
    faq::EngineHolder engines(std::make_shared<const faq::Engine>(config.store, engine_options(config)));
    if (!config.ask.empty()) return ask_once(config, *engines.get());
    return serve(config, engines, redactor);
  } catch (const std::exception& e) {
    std::cerr << "faq-server: " << e.what() << "\n";
    return 1;
  }
}
