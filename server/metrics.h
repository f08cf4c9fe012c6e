// The server's metrics, rendered in Prometheus' text format (version 0.0.4) at GET /metrics:
//   faq_http_requests_total{route,status}        counter
//   faq_http_request_duration_seconds{route}     histogram (from routing to the response written)
//   faq_answers_total{topic,verdict}             counter
//   faq_answer_cache_hits_total                  counter
//   faq_reloads_total{result}                    counter (ok, refused)
// and what the caller adds at render time (faq_question_log_dropped_total, faq_kb_info).
//
// Cardinality is bounded: routes are the route table's patterns (any other path counts as
// "other"), statuses are 100–599, and topics × verdicts come from the store; past 256 pairs
// answers count under topic="other", verdict="other".
//
// Thread-safety: add_route() only before serving; after that, everything on the request path is lock-free: fixed arrays
// of relaxed atomics, and for topic × verdict a table whose slots are published once (under a mutex taken only the
// first time a pair is seen) and then only read. render() may run at any time; it reads each
// counter once, so a scrape is consistent per counter, not across counters.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace faq {

class Metrics {
 public:
  // Upper bounds of the duration histogram's buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,  5,     10};

  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // A route pattern requests are counted under. Call before serving: not safe beside the rest.
  void add_route(const std::string& pattern);
  // The label for a request path: its route, or "other".
  size_t route_index(std::string_view path) const;
  // One response. `seconds`: nothing when the request never reached routing (unreadable).
  void observe_request(size_t route, int status, std::optional<double> seconds);
  void count_answer(std::string_view topic, std::string_view verdict, bool cache_hit);
  void count_reload(bool ok);

  struct Outside {
    uint64_t question_log_dropped = 0;
    std::string kb_version;
  };
  std::string render(const Outside& outside) const;

 private:
  static constexpr size_t kStatuses = 500;  // 100–599
  static constexpr size_t kPairs = 512;     // table slots; at most half are used
  struct Route {
    std::string name;
    std::array<std::atomic<uint64_t>, kStatuses> statuses{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // the last is +Inf
    std::atomic<uint64_t> timed{0}, nanoseconds{0};
  };
  struct Pair {
    std::string topic, verdict;
  };
  struct Slot {
    std::atomic<const Pair*> pair{nullptr};
    std::atomic<uint64_t> count{0};
  };
  Slot& slot_for(std::string_view topic, std::string_view verdict);
  void render_requests(std::string& out) const;
  void render_durations(std::string& out) const;
  void render_answers(std::string& out) const;

  std::vector<std::unique_ptr<Route>> routes_;  // the first is "other"
  std::unordered_map<std::string, size_t> route_of_;
  std::array<Slot, kPairs> answers_;
  std::mutex insert_mu_;
  std::vector<std::unique_ptr<Pair>> pairs_;  // owned here, published in answers_
  Slot overflow_;
  std::atomic<uint64_t> cache_hits_{0}, reloads_ok_{0}, reloads_refused_{0};
};

// A Prometheus label value: backslash, double quote and line feed escaped.
std::string prometheus_label(std::string_view value);
// A sample value: integers as such, other numbers in their shortest exact form.
std::string prometheus_number(double value);

}  // namespace faq
