#include "request_guard.h"

#include <catch2/catch.hpp>

namespace {
std::string refusal(const std::string& method, const httplib::Headers& headers) {
  httplib::Request req;
  req.method = method;
  req.headers = headers;
  auto r = faq::refuse_before_body(req, 65536);
  return r ? std::to_string(r->status) + " " + r->code : "ok";
}
}  // namespace

TEST_CASE("request guard: bodies the library would buffer without limit are refused first", "[http]") {
  struct Row {
    const char* method;
    httplib::Headers headers;
    const char* expected;
  };
  const std::vector<Row> rows = {
      {"POST", {{"Content-Length", "20"}}, "ok"},
      {"POST", {{"Content-Length", "20"}, {"Content-Encoding", "gzip"}}, "415 unsupported_content_encoding"},
      {"POST", {{"Content-Length", "3"}, {"Content-Encoding", "br"}}, "415 unsupported_content_encoding"},
      {"POST", {{"Content-Length", "3"}, {"Content-Encoding", "identity"}}, "ok"},
      {"POST", {{"Transfer-Encoding", "chunked"}}, "411 length_required"},
      {"POST", {{"Content-Length", "65537"}}, "413 payload_too_large"},
      {"POST", {{"Content-Length", "99999999999999999999999"}}, "400 bad_request"},
      {"POST", {{"Content-Length", "-1"}}, "400 bad_request"},
      {"POST", {{"Content-Length", "1"}, {"Content-Length", "2"}}, "400 bad_request"},
      {"POST", {}, "ok"},  // no length: an empty body
      {"GET", {}, "ok"},
      {"GET", {{"Content-Length", "0"}}, "ok"},
      {"GET", {{"Content-Length", "30"}}, "400 bad_request"},
      {"GET", {{"Transfer-Encoding", "chunked"}}, "411 length_required"},
  };
  for (const auto& r : rows) {
    INFO(r.method << " " << r.expected);
    CHECK(refusal(r.method, r.headers) == r.expected);
  }
}

TEST_CASE("request guard: a POST without a length gets the empty body HTTP gives it", "[http]") {
  httplib::Request req;
  req.method = "POST";
  CHECK_FALSE(faq::refuse_before_body(req, 65536));
  CHECK(req.get_header_value("Content-Length") == "0");
}

TEST_CASE("request guard: loopback addresses", "[http]") {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) CHECK(faq::is_loopback_host(host));
  for (const char* host : {"0.0.0.0", "::", "10.0.0.1", "192.168.1.2", "example.gov.cn", "", "128.0.0.1"})
    CHECK_FALSE(faq::is_loopback_host(host));
}
