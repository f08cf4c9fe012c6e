// faq-server: serves /v1/ask over HTTP, or answers one question with --ask.
#include <csignal>
#include <iostream>

#include "config.h"
#include "http_api.h"
#include "kb/answerer.h"
#include "kb/store.h"
#include "log.h"
#include "request_guard.h"

namespace {
httplib::Server* g_server = nullptr;
void on_signal(int) {
  if (g_server) g_server->stop();
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
  try {
    kb::Store store(config.store);
    kb::Answerer answerer(store, config.thresholds, config.cache_entries,
                          kb::ContextCodec(config.context_secret, config.context_ttl_sec));
    if (!config.ask.empty()) {
      kb::AskRequest r{config.ask, config.ask_region, config.ask_format, "", config.ask_as_of, config.ask_context};
      try {
        kb::AskResponse resp = answerer.ask(r, /*with_debug=*/true);
        nlohmann::json out = resp.to_json();
        out["debug"] = resp.debug;
        std::cout << out.dump(2) << std::endl;
        return 0;
      } catch (const kb::InvalidRequest& e) {
        std::cerr << e.code << ": " << e.what() << "\n";
        return 1;
      }
    }
    if (!config.behind_proxy && !faq::is_loopback_host(config.host)) {
      std::cerr << "faq-server: refusing to listen on " << config.host
                << ": this server must not face the network on its own. Put the hardened nginx of deploy/nginx/ in "
                   "front (scripts/serve-replicas.sh) and set behind_proxy (FAQ_BEHIND_PROXY=1).\n";
      return 2;
    }
    if (config.context_secret.empty())
      spdlog::warn(
          "no context_secret set: conversations use a random secret and end when this process does; set "
          "FAQ_CONTEXT_SECRET (32+ bytes) when several replicas serve the same clients");
    httplib::Server server;
    faq::configure_server(server, config);
    faq::WeChatEndpoint wechat(config.wechat, answerer);
    faq::install_routes(server, answerer, &wechat);
    g_server = &server;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    int port = config.port;
    if (port == 0) {
      port = server.bind_to_any_port(config.host);
    } else if (!server.bind_to_port(config.host, port)) {
      port = -1;
    }
    if (port < 0) {
      std::cerr << "cannot listen on " << config.host << ":" << config.port << "\n";
      return 1;
    }
    faq::widen_listen_backlog(port);
    // Tests read this line to learn the ephemeral port.
    std::cout << "listening on http://" << config.host << ":" << port << " (kb_version " << store.kb_version() << ", "
              << store.entry_count() << " entries)" << std::endl;
    server.listen_after_bind();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "faq-server: " << e.what() << "\n";
    return 1;
  }
}
