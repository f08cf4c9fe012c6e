// faq-server: serves /v1/ask over HTTP, or answers one question with --ask.
#include <csignal>
#include <iostream>

#include "config.h"
#include "engine_holder.h"
#include "http_api.h"
#include "log.h"
#include "request_guard.h"
#include "web_routes.h"

namespace {

httplib::Server* g_server = nullptr;
void on_signal(int) {
  if (g_server) g_server->stop();
}

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

int serve(const faq::Config& config, faq::EngineHolder& engines) {
  if (!config.behind_proxy && !faq::is_loopback_host(config.host)) {
    std::cerr << "faq-server: refusing to listen on " << config.host
              << ": this server must not face the network on its own. Put the hardened nginx of deploy/nginx/ in "
                 "front (scripts/serve-replicas.sh) and set behind_proxy (FAQ_BEHIND_PROXY=1).\n";
    return 2;
  }
  if (config.context_secret_drawn)
    spdlog::warn(
        "no context_secret set: conversations use a random secret and end when this process does; set "
        "FAQ_CONTEXT_SECRET (32+ bytes) when several replicas serve the same clients");
  httplib::Server server;
  faq::configure_server(server, config);
  faq::WeChatEndpoint wechat(config.wechat, engines);
  faq::install_routes(server, engines, &wechat);
  faq::install_web_routes(server, engines, config);
  g_server = &server;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
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
  server.listen_after_bind();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  faq::log::init();
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
    faq::EngineHolder engines(std::make_shared<const faq::Engine>(config.store, engine_options(config)));
    if (!config.ask.empty()) return ask_once(config, *engines.get());
    return serve(config, engines);
  } catch (const std::exception& e) {
    std::cerr << "faq-server: " << e.what() << "\n";
    return 1;
  }
}
