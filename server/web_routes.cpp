#include "web_routes.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "cors.h"
#include "kb/request.h"
#include "web_files.h"
#include "web_pages.h"

namespace faq {

const char* const kPageCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'";

namespace {

using httplib::Request;
using httplib::Response;

constexpr const char* kConsoleCookie = "faq_console";

void send_file(const Request& req, Response& res, std::string_view name, const char* cache_control) {
  const WebFile* f = web_file(name);
  res.set_header("Cache-Control", cache_control);
  res.set_header("ETag", f->etag);
  // The widget is loaded by other sites' pages.
  res.set_header("Cross-Origin-Resource-Policy", "cross-origin");
  if (req.get_header_value("If-None-Match") == f->etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(f->body.data(), f->body.size(), std::string(f->content_type).c_str());
}

void send_page(Response& res, int status, const std::string& html, const char* csp_extra = "") {
  res.status = status;
  res.set_header("Content-Security-Policy", std::string(kPageCsp) + csp_extra);
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_content(html, "text/html; charset=utf-8");
}

std::string hex_digest(std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) (out += hex[b >> 4]) += hex[b & 15];
  return out;
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The console's cookie holds a digest of the admin token, never the token itself.
std::string console_session(const Config& c) { return hex_digest("faq-console:" + c.admin_token); }

std::string cookie_value(const Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    at = end + 1;
  }
  return "";
}

bool console_allowed(const Request& req, const Config& c) {
  if (!c.console_requires_token) return true;
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0 && same_secret(auth.substr(7), c.admin_token)) return true;
  return same_secret(cookie_value(req, kConsoleCookie), console_session(c));
}

void not_found(Response& res) {
  res.status = 404;
  res.set_content(R"({"error":{"code":"not_found","message":"no such route"}})", "application/json; charset=utf-8");
}

void console_login(const Request& req, Response& res, const Config& c) {
  if (!same_secret(req.get_param_value("token"), c.admin_token))
    return send_page(res, 401, console_login_page(true), "; frame-ancestors 'none'");
  res.status = 303;
  res.set_header("Location", "/console");
  res.set_header("Set-Cookie", std::string(kConsoleCookie) + "=" + console_session(c) +
                                   "; Path=/console; HttpOnly; SameSite=Strict; Max-Age=43200");
  res.set_header("Cache-Control", "no-store");
}

void install_console(httplib::Server& server, const EngineHolder& engines, const Config& c) {
  auto enabled = [&c](auto handler) {
    return [&c, handler](const Request& req, Response& res) { c.console_enabled ? handler(req, res) : not_found(res); };
  };
  server.Get("/console", enabled([&engines, &c](const Request& req, Response& res) {
               if (!console_allowed(req, c))
                 return send_page(res, 401, console_login_page(false), "; frame-ancestors 'none'");
               send_page(res, 200, console_page(engines.get()->store()), "; frame-ancestors 'none'");
             }));
  server.Post("/console/login", enabled([&c](const Request& req, Response& res) { console_login(req, res, c); }));
  for (const char* name : {"console.js", "console.css"})
    server.Get(std::string("/console/") + name,
               enabled([name](const Request& req, Response& res) { send_file(req, res, name, "no-cache"); }));
}

void install_cors(httplib::Server& server, const Config& c) {
  auto policy = std::make_shared<const CorsPolicy>(c.cors_origins);
  server.Options(R"(/v1/.*)", [policy](const Request& req, Response& res) {
    if (!policy->allows(req.get_header_value("Origin"))) {
      res.status = 403;
      res.set_content(R"({"error":{"code":"origin_not_allowed","message":"this origin may not call the API"}})",
                      "application/json; charset=utf-8");
      return;
    }
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "GET, POST");
    res.set_header("Access-Control-Allow-Headers", "Content-Type");
    res.set_header("Access-Control-Max-Age", "600");
  });
  // After every response, refusals and errors included: /v1/* says which origins may read it.
  server.set_post_routing_handler([policy](const Request& req, Response& res) {
    if (req.path.rfind("/v1/", 0) != 0) return;
    res.set_header("Vary", "Origin");
    const std::string origin = req.get_header_value("Origin");
    if (!policy->allows(origin) || res.has_header("Access-Control-Allow-Origin")) return;
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Expose-Headers", "Retry-After");
  });
}

}  // namespace

nlohmann::json suggest_json(const Engine& engine, const Request& req) {
  if (!req.has_param("q")) throw kb::InvalidRequest("missing_query", "\"q\" is required");
  size_t limit = 5;
  if (req.has_param("limit")) {
    const std::string text = req.get_param_value("limit");
    if (text.empty() || text.size() > 2 || text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(text) < 1 || std::stoi(text) > 10)
      throw kb::InvalidRequest("invalid_limit", "\"limit\" must be a whole number from 1 to 10");
    limit = static_cast<size_t>(std::stoi(text));
  }
  const std::string q = req.get_param_value("q");
  if (q.size() > 2000) throw kb::InvalidRequest("question_too_long", "\"q\" is too long");
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : engine.suggestions().find(q, limit))
    list.push_back({{"question", s.question}, {"entry", s.entry}, {"topic", s.topic}});
  return {{"suggestions", list}};
}

void install_web_routes(httplib::Server& server, const EngineHolder& engines, const Config& config) {
  for (const char* name : {"widget.js", "widget.css", "ask.css"})
    server.Get(std::string("/") + name,
               [name](const Request& req, Response& res) { send_file(req, res, name, "public, max-age=300"); });
  server.Get("/ask", [&engines](const Request& req, Response& res) {
    const AskPageQuery q{req.get_param_value("q"), req.get_param_value("region"), req.get_param_value("context")};
    const Page page = ask_page(*engines.get(), q);
    send_page(res, page.status, page.html);
  });
  install_console(server, engines, config);
  install_cors(server, config);
}

}  // namespace faq
