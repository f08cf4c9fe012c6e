#include "http_api.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <map>

#include "ask_body.h"
#include "log.h"
#include "request_guard.h"

namespace faq {
namespace {

using nlohmann::json;
using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

// Set by a refusal before the body is read; the logger, which cpp-httplib calls on the same
// thread after writing the response, then closes the connection (request_guard.h).
thread_local bool close_after_response = false;

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  send_json(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

// The status-to-error table for responses httplib produces itself (unknown route, body too big …).
void default_error(httplib::Response& res) {
  static const std::map<int, std::pair<const char*, const char*>> known = {
      {400, {"bad_request", "the request could not be read"}},
      {404, {"not_found", "no such route"}},
      {405, {"method_not_allowed", "this route does not accept that method"}},
      {413, {"payload_too_large", "the request body is larger than the limit"}},
      {414, {"uri_too_long", "the request URI is too long"}},
      {500, {"internal_error", "the server failed to answer"}},
  };
  auto it = known.find(res.status);
  auto [code, message] = it != known.end() ? it->second : std::pair{"error", "request failed"};
  send_error(res, res.status, code, message);
}

void ask(const Engine& engine, const httplib::Request& req, httplib::Response& res) {
  // A body answered before is served without parsing it: repeated requests are most of the traffic.
  std::optional<std::string> body = engine.cache().cached(req.body);
  if (!body) body = engine.cache().answer(parse_ask_body(req.body), req.body);
  res.status = 200;
  res.body = std::move(*body);  // set_content() would copy it
  res.set_header("Content-Type", "application/json; charset=utf-8");
}

void health(const Engine& engine, httplib::Response& res) {
  const kb::Store& store = engine.store();
  send_json(res, 200, {{"status", "ok"}, {"kb_version", store.kb_version()}, {"entries", store.entry_count()}});
}

void topics(const Engine& engine, httplib::Response& res) {
  const kb::Store& store = engine.store();
  const auto counts = store.topic_counts();
  json list = json::array();
  for (const auto& t : store.topics())
    list.push_back({{"topic", t.id}, {"name", t.name}, {"entries", counts.at(t.id)}});
  send_json(res, 200, {{"topics", list}, {"kb_version", store.kb_version()}});
}

std::map<std::string, std::string> query_of(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

void reply_wechat(httplib::Response& res, const WeChatReply& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
}

void install_guards(httplib::Server& server, size_t max_body) {
  // Bodies the library would buffer or inflate without limit are refused before it reads them
  // (request_guard.h), and the connection is closed so that the unread body is never parsed.
  auto refuse = [max_body](const httplib::Request& req, httplib::Response& res) {
    auto refusal = refuse_before_body(req, max_body);
    if (!refusal) return false;
    send_error(res, refusal->status, refusal->code, refusal->message);
    res.set_header("Connection", "close");
    close_after_response = true;
    return true;
  };
  server.set_pre_routing_handler([refuse](const httplib::Request& req, httplib::Response& res) {
    return refuse(req, res) ? httplib::Server::HandlerResponse::Handled : httplib::Server::HandlerResponse::Unhandled;
  });
  // "Expect: 100-continue" is answered before routing: a refused body is not even invited.
  server.set_expect_100_continue_handler(
      [refuse](const httplib::Request& req, httplib::Response& res) { return refuse(req, res) ? res.status : 100; });
  // The logger runs once the response is written (shutting the connection earlier would make the
  // library think the peer left, and it would write nothing), on the same thread as the handler.
  server.set_logger([](const httplib::Request& req, const httplib::Response&) {
    if (!close_after_response) return;
    close_after_response = false;
    close_connection_of(req);
  });
}

void install_error_handlers(httplib::Server& server) {
  // One place maps failures to statuses: bad input → 400, anything unexpected → 500.
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const kb::InvalidRequest& e) { send_error(res, 400, e.code, e.what()); } catch (const std::exception& e) {
      // The reason goes to the log, never to the client: it may name files or internals.
      spdlog::error("{} {} failed: {}", req.method, log::printable(req.path), log::printable(e.what()));
      send_error(res, 500, "internal_error", "the server failed to answer");
    } catch (...) { send_error(res, 500, "internal_error", "the server failed to answer"); }
  });
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    default_error(res);
    return httplib::Server::HandlerResponse::Handled;
  }));
}

}  // namespace

void widen_listen_backlog(int port) {
  for (int fd = 3; fd < 1024; ++fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    int bound = addr.ss_family == AF_INET    ? ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port)
                : addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                             : -1;
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

void configure_server(httplib::Server& server, const Config& config) {
  // Nagle's algorithm held keep-alive answers back (~290 req/s measured); small JSON replies want
  // TCP_NODELAY, and a keep-alive count that does not close connections every few requests.
  // cpp-httplib 0.11 keeps one pool thread per open keep-alive connection, so the pool must be at
  // least as large as the number of concurrent clients (measured: 4 threads and 64 clients left
  // 60 connections queued, p99 over 700 ms).
  server.set_tcp_nodelay(true);
  const size_t threads = config.threads > 0 ? static_cast<size_t>(config.threads) : 128;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(static_cast<size_t>(config.keep_alive_max_count));
  server.set_keep_alive_timeout(config.keep_alive_timeout_sec);
  server.set_read_timeout(config.read_timeout_sec, 0);
  server.set_write_timeout(config.write_timeout_sec, 0);
  server.set_payload_max_length(config.max_body_bytes);
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
  install_guards(server, config.max_body_bytes);
  install_error_handlers(server);
}

void install_routes(httplib::Server& server, const EngineHolder& engines, WeChatEndpoint* wechat) {
  // Each request answers from the engine of its time: a reload never changes it mid-request.
  auto with_engine = [&engines](auto handler) {
    return
        [&engines, handler](const httplib::Request& req, httplib::Response& res) { handler(*engines.get(), req, res); };
  };
  auto wechat_only = [wechat](auto handler) {
    return [wechat, handler](const httplib::Request& req, httplib::Response& res) {
      if (!wechat || !wechat->enabled()) return send_error(res, 404, "not_found", "no such route");
      handler(*wechat, req, res);
    };
  };
  struct Route {
    const char* method;
    const char* path;
    Handler handler;
  };
  const std::vector<Route> routes = {
      {"POST", "/v1/ask", with_engine([](const Engine& e, const auto& req, auto& res) { ask(e, req, res); })},
      {"GET", "/v1/topics", with_engine([](const Engine& e, const auto&, auto& res) { topics(e, res); })},
      {"GET", "/healthz", with_engine([](const Engine& e, const auto&, auto& res) { health(e, res); })},
      {"GET", "/wechat",
       wechat_only([](WeChatEndpoint& w, const auto& req, auto& res) { reply_wechat(res, w.verify(query_of(req))); })},
      {"POST", "/wechat", wechat_only([](WeChatEndpoint& w, const auto& req, auto& res) {
         reply_wechat(res, w.receive(query_of(req), req.get_header_value("Content-Type"), req.body));
       })},
  };
  std::map<std::string, std::vector<std::string>> methods;  // path → the methods it answers
  for (const auto& r : routes) {
    std::string method = r.method;
    (method == "GET" ? server.Get(r.path, r.handler) : server.Post(r.path, r.handler));
    methods[r.path].push_back(method);
  }
  // A known route asked with another method is 405, not 404.
  auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
    send_error(res, 405, "method_not_allowed", "this route does not accept that method");
  };
  for (const auto& [path, allowed] : methods) {
    auto has = [&a = allowed](const char* m) { return std::find(a.begin(), a.end(), m) != a.end(); };
    if (!has("GET")) server.Get(path, not_allowed);
    if (!has("POST")) server.Post(path, not_allowed);
    server.Put(path, not_allowed).Delete(path, not_allowed).Patch(path, not_allowed);
  }
}

}  // namespace faq
