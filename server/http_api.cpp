#include "http_api.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <map>

#include "ask_body.h"
#include "embedded_openapi.h"
#include "feedback.h"
#include "log.h"
#include "request_guard.h"
#include "web_routes.h"
#include "wechat_crypto.h"

namespace faq {
namespace {

using nlohmann::json;
using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

using Clock = std::chrono::steady_clock;

// Set by a refusal before the body is read; the logger, which cpp-httplib calls on the same
// thread after writing the response, then closes the connection (request_guard.h).
thread_local bool close_after_response = false;
// When routing began for the request this thread is answering (for the duration histogram).
thread_local std::optional<Clock::time_point> request_started;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

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

// Handlers: parse, call, serialise. Each takes the engine of its time: a reload never changes it
// mid-request (the snapshot keeps the old engine alive until the handler returns).
void ask(const Services& s, const httplib::Request& req, httplib::Response& res) {
  const auto engine = s.engines.get();
  const auto started = Clock::now();
  Served served;
  // A body answered before is served without parsing it: repeated requests are most of the traffic.
  std::optional<std::string> body = engine->cache().cached(req.body, &served);
  std::optional<kb::AskRequest> parsed;
  if (!body) body = engine->cache().answer(parsed.emplace(parse_ask_body(req.body)), req.body, &served);
  if (s.recorder)
    s.recorder->http(*engine, served, parsed ? &*parsed : nullptr, req.body, seconds_since(started) * 1e3);
  res.status = 200;
  res.body = std::move(*body);  // set_content() would copy it
  res.set_header("Content-Type", "application/json; charset=utf-8");
}

void feedback(const Services& s, const httplib::Request& req, httplib::Response& res) {
  s.question_log->feedback(read_feedback(req.body, *s.feedback_codec, kb::unix_now()));
  res.status = 204;
}

void health(const Services& s, const httplib::Request&, httplib::Response& res) {
  const auto engine = s.engines.get();
  const kb::Store& store = engine->store();
  send_json(res, 200, {{"status", "ok"}, {"kb_version", store.kb_version()}, {"entries", store.entry_count()}});
}

void suggest(const Services& s, const httplib::Request& req, httplib::Response& res) {
  send_json(res, 200, suggest_json(*s.engines.get(), req));
}

void topics(const Services& s, const httplib::Request&, httplib::Response& res) {
  const auto engine = s.engines.get();
  const kb::Store& store = engine->store();
  const auto counts = store.topic_counts();
  json list = json::array();
  for (const auto& t : store.topics())
    list.push_back({{"topic", t.id}, {"name", t.name}, {"entries", counts.at(t.id)}});
  send_json(res, 200, {{"topics", list}, {"kb_version", store.kb_version()}});
}

void metrics(const Services& s, const httplib::Request&, httplib::Response& res) {
  Metrics::Outside outside{s.question_log ? s.question_log->dropped() : 0, s.engines.get()->store().kb_version()};
  res.status = 200;
  res.set_content(s.metrics->render(outside), "text/plain; version=0.0.4; charset=utf-8");
}

void openapi(const Services&, const httplib::Request&, httplib::Response& res) {
  res.status = 200;
  res.set_content(embedded::openapi.data(), embedded::openapi.size(), "application/json; charset=utf-8");
}

void reload(const Services& s, const httplib::Request&, httplib::Response& res) {
  const ReloadResult r = s.reloader->reload();  // a refused store throws ReloadError
  send_json(res, 200,
            {{"old_kb_version", r.old_kb_version}, {"new_kb_version", r.new_kb_version}, {"entries", r.entries}});
}

std::map<std::string, std::string> query_of(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

void reply_wechat(httplib::Response& res, const WeChatReply& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
}

void wechat_verify(const Services& s, const httplib::Request& req, httplib::Response& res) {
  reply_wechat(res, s.wechat->verify(query_of(req)));
}

void wechat_receive(const Services& s, const httplib::Request& req, httplib::Response& res) {
  reply_wechat(res, s.wechat->receive(query_of(req), req.get_header_value("Content-Type"), req.body));
}

// Who may reach a route. A part that is off answers 404, like a route that does not exist.
enum class Gate { open, question_log, metrics, admin, wechat };

bool passes(Gate gate, const Services& s, const httplib::Request& req, httplib::Response& res) {
  bool on = true;
  if (gate == Gate::question_log) on = s.question_log && s.feedback_codec;
  if (gate == Gate::metrics) on = s.metrics;
  if (gate == Gate::admin) on = s.reloader && !s.admin_token.empty();
  if (gate == Gate::wechat) on = s.wechat && s.wechat->enabled();
  if (!on) {
    send_error(res, 404, "not_found", "no such route");
    return false;
  }
  if (gate == Gate::admin && !constant_time_equal(req.get_header_value("Authorization"), "Bearer " + s.admin_token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "unauthorized", "a valid admin token is required");
    return false;
  }
  return true;
}

// Over the client's rate (rate_limiter.h): answered 429 with Retry-After, before the body is read.
bool throttled(const Services& s, const httplib::Request& req, httplib::Response& res) {
  if (!s.limiter || !s.limiter->enabled()) return false;
  const std::string client =
      s.proxies ? s.proxies->client(req.remote_addr, req.get_header_value("X-Forwarded-For")) : req.remote_addr;
  const std::optional<int> wait =
      s.limiter->acquire(client, std::chrono::duration<double>(Clock::now().time_since_epoch()).count());
  if (!wait) return false;
  send_error(res, 429, "rate_limited", "too many requests; try again shortly");
  res.set_header("Retry-After", std::to_string(*wait));
  return true;
}

void install_guards(httplib::Server& server, size_t max_body, const Services& s) {
  // Bodies the library would buffer or inflate without limit are refused before it reads them
  // (request_guard.h), and the connection is closed so that the unread body is never parsed.
  auto refuse = [max_body](const httplib::Request& req, httplib::Response& res) {
    auto refusal = refuse_before_body(req, max_body);
    if (!refusal) return false;
    send_error(res, refusal->status, refusal->code, refusal->message);
    return true;
  };
  server.set_pre_routing_handler([refuse, &s](const httplib::Request& req, httplib::Response& res) {
    request_started = Clock::now();
    if (!refuse(req, res) && !throttled(s, req, res)) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Connection", "close");
    close_after_response = true;
    return httplib::Server::HandlerResponse::Handled;
  });
  // "Expect: 100-continue" is answered before routing: a refused body is not even invited.
  server.set_expect_100_continue_handler([refuse](const httplib::Request& req, httplib::Response& res) {
    if (!refuse(req, res)) return 100;
    res.set_header("Connection", "close");
    close_after_response = true;
    return res.status;
  });
  // The logger runs once the response is written (shutting the connection earlier would make the
  // library think the peer left, and it would write nothing), on the same thread as the handler.
  server.set_logger([&s](const httplib::Request& req, const httplib::Response& res) {
    if (s.metrics) {
      std::optional<double> seconds;
      if (request_started) seconds = seconds_since(*request_started);
      s.metrics->observe_request(s.metrics->route_index(req.path), res.status, seconds);
    }
    request_started.reset();
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
    } catch (const kb::InvalidRequest& e) { send_error(res, 400, e.code, e.what()); } catch (const ReloadError& e) {
      send_error(res, 409, "reload_refused", e.what());  // for the operator: says why, names the store
    } catch (const std::exception& e) {
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
  install_error_handlers(server);
}

void install_routes(httplib::Server& server, const Config& config, const Services& services) {
  install_guards(server, config.max_body_bytes, services);
  struct Route {
    const char* method;
    const char* path;
    Gate gate;
    void (*handler)(const Services&, const httplib::Request&, httplib::Response&);
  };
  const std::vector<Route> routes = {
      {"POST", "/v1/ask", Gate::open, ask},
      {"POST", "/v1/feedback", Gate::question_log, feedback},
      {"GET", "/v1/topics", Gate::open, topics},
      {"GET", "/v1/suggest", Gate::open, suggest},
      {"GET", "/healthz", Gate::open, health},
      {"GET", "/metrics", Gate::metrics, metrics},
      {"GET", "/openapi.json", Gate::open, openapi},
      {"POST", "/admin/reload", Gate::admin, reload},
      {"GET", "/wechat", Gate::wechat, wechat_verify},
      {"POST", "/wechat", Gate::wechat, wechat_receive},
  };
  std::map<std::string, std::vector<std::string>> methods;  // path → the methods it answers
  const Services* s = &services;
  for (const auto& r : routes) {
    std::string method = r.method;
    Handler handler = [s, r](const httplib::Request& req, httplib::Response& res) {
      if (passes(r.gate, *s, req, res)) r.handler(*s, req, res);
    };
    (method == "GET" ? server.Get(r.path, handler) : server.Post(r.path, handler));
    methods[r.path].push_back(method);
    if (services.metrics) services.metrics->add_route(r.path);
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
