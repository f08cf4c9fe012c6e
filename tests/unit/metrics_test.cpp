#include "metrics.h"

#include <catch2/catch.hpp>

TEST_CASE("metrics: Prometheus text, exactly", "[server][metrics]") {
  faq::Metrics m;
  m.add_route("/v1/ask");
  m.add_route("/healthz");
  m.observe_request(m.route_index("/v1/ask"), 200, 0.0004);
  m.observe_request(m.route_index("/v1/ask"), 200, 0.003);
  m.observe_request(m.route_index("/v1/ask"), 400, 0.02);
  m.observe_request(m.route_index("/nowhere/../etc"), 404, std::nullopt);  // unroutable: counted, not timed
  m.count_answer("balance_query", "info", true);
  m.count_answer("balance_query", "info", false);
  m.count_answer("out_of_scope", "unknown", false);
  m.count_reload(true);
  const std::string text = m.render({3, "abc\"def"});
  const std::string expected = R"(# HELP faq_http_requests_total HTTP responses, by route pattern and status.
# TYPE faq_http_requests_total counter
faq_http_requests_total{route="other",status="404"} 1
faq_http_requests_total{route="/v1/ask",status="200"} 2
faq_http_requests_total{route="/v1/ask",status="400"} 1
# HELP faq_http_request_duration_seconds Time from routing to the response, by route.
# TYPE faq_http_request_duration_seconds histogram
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.0005"} 1
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.001"} 1
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.0025"} 1
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.005"} 2
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.01"} 2
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.025"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.05"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.1"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.25"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="0.5"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="1"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="2.5"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="5"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="10"} 3
faq_http_request_duration_seconds_bucket{route="/v1/ask",le="+Inf"} 3
faq_http_request_duration_seconds_sum{route="/v1/ask"} 0.0234
faq_http_request_duration_seconds_count{route="/v1/ask"} 3
# HELP faq_answers_total Answers given (HTTP and WeChat), by topic and verdict.
# TYPE faq_answers_total counter
faq_answers_total{topic="balance_query",verdict="info"} 2
faq_answers_total{topic="out_of_scope",verdict="unknown"} 1
# HELP faq_answer_cache_hits_total Answers served from the answer cache.
# TYPE faq_answer_cache_hits_total counter
faq_answer_cache_hits_total 1
# HELP faq_reloads_total Store reloads, by result.
# TYPE faq_reloads_total counter
faq_reloads_total{result="ok"} 1
faq_reloads_total{result="refused"} 0
# HELP faq_question_log_dropped_total Question-log records dropped (queue full or write failed).
# TYPE faq_question_log_dropped_total counter
faq_question_log_dropped_total 3
# HELP faq_kb_info The knowledge base being served.
# TYPE faq_kb_info gauge
faq_kb_info{kb_version="abc\"def"} 1
)";
  CHECK(text == expected);
}

TEST_CASE("metrics: label values escaped, numbers plain", "[server][metrics]") {
  CHECK(faq::prometheus_label("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  CHECK(faq::prometheus_number(0.0005) == "0.0005");
  CHECK(faq::prometheus_number(10) == "10");
  CHECK(faq::prometheus_number(1.0 / 0.0) == "+Inf");
}

TEST_CASE("metrics: topic x verdict pairs are bounded", "[server][metrics]") {
  faq::Metrics m;
  for (int i = 0; i < 1000; ++i) m.count_answer("topic" + std::to_string(i), "yes", false);
  const std::string text = m.render({});
  size_t lines = 0;
  for (size_t at = text.find("\nfaq_answers_total{"); at != std::string::npos;
       at = text.find("\nfaq_answers_total{", at + 1))
    ++lines;
  CHECK(lines == 257);  // 256 pairs, then topic="other"
  CHECK(text.find("faq_answers_total{topic=\"other\",verdict=\"other\"} 744") != std::string::npos);
}

TEST_CASE("metrics: statuses out of range count as 500", "[server][metrics]") {
  faq::Metrics m;
  m.observe_request(0, -1, std::nullopt);
  CHECK(m.render({}).find("faq_http_requests_total{route=\"other\",status=\"500\"} 1") != std::string::npos);
}
