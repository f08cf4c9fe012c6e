#include "metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>

namespace faq {
namespace {

constexpr auto kRelaxed = std::memory_order_relaxed;
constexpr size_t kMaxPairs = 256;

void help(std::string& out, const char* name, const char* type, const char* text) {
  out.append("# HELP ").append(name).append(" ").append(text).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels, const std::string& value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

std::string label(std::string_view name, std::string_view value) {
  return std::string(name) + "=\"" + prometheus_label(value) + "\"";
}

}  // namespace

std::string prometheus_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string prometheus_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[400];  // fixed notation of a large double is long
  // Fixed notation, shortest exact: "0.0005", not "5e-04" (both are valid; this one reads).
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : "NaN";
}

Metrics::Metrics() { add_route("other"); }

void Metrics::add_route(const std::string& pattern) {
  if (route_of_.count(pattern)) return;
  route_of_[pattern] = routes_.size();
  routes_.push_back(std::make_unique<Route>());
  routes_.back()->name = pattern;
}

size_t Metrics::route_index(std::string_view path) const {
  auto it = route_of_.find(std::string(path));
  return it == route_of_.end() ? 0 : it->second;
}

void Metrics::observe_request(size_t route, int status, std::optional<double> seconds) {
  Route& r = *routes_[route < routes_.size() ? route : 0];
  if (status < 100 || status > 599) status = 500;
  r.statuses[static_cast<size_t>(status - 100)].fetch_add(1, kRelaxed);
  if (!seconds) return;
  size_t b = 0;
  while (b < kBuckets.size() && *seconds > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, kRelaxed);
  r.timed.fetch_add(1, kRelaxed);
  r.nanoseconds.fetch_add(static_cast<uint64_t>(std::max(0.0, *seconds) * 1e9), kRelaxed);
}

Metrics::Slot& Metrics::slot_for(std::string_view topic, std::string_view verdict) {
  const size_t h = std::hash<std::string_view>{}(topic)*31 + std::hash<std::string_view>{}(verdict);
  for (size_t probe = 0; probe < kPairs; ++probe) {
    Slot& s = answers_[(h + probe) % kPairs];
    const Pair* p = s.pair.load(std::memory_order_acquire);
    if (!p) {
      // First sight of this pair (or a race for the slot): publish it under the lock.
      std::lock_guard<std::mutex> lock(insert_mu_);
      p = s.pair.load(std::memory_order_acquire);
      if (!p) {
        if (pairs_.size() >= kMaxPairs) return overflow_;
        pairs_.push_back(std::make_unique<Pair>(Pair{std::string(topic), std::string(verdict)}));
        p = pairs_.back().get();
        s.pair.store(p, std::memory_order_release);
      }
    }
    if (p->topic == topic && p->verdict == verdict) return s;
  }
  return overflow_;
}

void Metrics::count_answer(std::string_view topic, std::string_view verdict, bool cache_hit) {
  slot_for(topic, verdict).count.fetch_add(1, kRelaxed);
  if (cache_hit) cache_hits_.fetch_add(1, kRelaxed);
}

void Metrics::count_reload(bool ok) { (ok ? reloads_ok_ : reloads_refused_).fetch_add(1, kRelaxed); }

void Metrics::render_requests(std::string& out) const {
  help(out, "faq_http_requests_total", "counter", "HTTP responses, by route pattern and status.");
  for (const auto& r : routes_)
    for (size_t s = 0; s < kStatuses; ++s)
      if (uint64_t n = r->statuses[s].load(kRelaxed))
        sample(out, "faq_http_requests_total", label("route", r->name) + "," + label("status", std::to_string(s + 100)),
               std::to_string(n));
}

void Metrics::render_durations(std::string& out) const {
  help(out, "faq_http_request_duration_seconds", "histogram", "Time from routing to the response, by route.");
  for (const auto& r : routes_) {
    const uint64_t count = r->timed.load(kRelaxed);
    if (!count) continue;
    const std::string route = label("route", r->name);
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += r->buckets[b].load(kRelaxed);
      const std::string le = b < kBuckets.size() ? prometheus_number(kBuckets[b]) : "+Inf";
      sample(out, "faq_http_request_duration_seconds_bucket", route + "," + label("le", le),
             std::to_string(cumulative));
    }
    sample(out, "faq_http_request_duration_seconds_sum", route,
           prometheus_number(static_cast<double>(r->nanoseconds.load(kRelaxed)) / 1e9));
    sample(out, "faq_http_request_duration_seconds_count", route, std::to_string(cumulative));
  }
}

void Metrics::render_answers(std::string& out) const {
  help(out, "faq_answers_total", "counter", "Answers given (HTTP and WeChat), by topic and verdict.");
  std::vector<std::pair<std::string, uint64_t>> lines;  // sorted by labels: slots are in hash order
  for (const Slot& s : answers_)
    if (const Pair* p = s.pair.load(std::memory_order_acquire))
      lines.emplace_back(label("topic", p->topic) + "," + label("verdict", p->verdict), s.count.load(kRelaxed));
  std::sort(lines.begin(), lines.end());
  if (uint64_t n = overflow_.count.load(kRelaxed))
    lines.emplace_back(label("topic", "other") + "," + label("verdict", "other"), n);
  for (const auto& [labels, n] : lines) sample(out, "faq_answers_total", labels, std::to_string(n));
}

std::string Metrics::render(const Outside& outside) const {
  std::string out;
  render_requests(out);
  render_durations(out);
  render_answers(out);
  help(out, "faq_answer_cache_hits_total", "counter", "Answers served from the answer cache.");
  sample(out, "faq_answer_cache_hits_total", "", std::to_string(cache_hits_.load(kRelaxed)));
  help(out, "faq_reloads_total", "counter", "Store reloads, by result.");
  sample(out, "faq_reloads_total", label("result", "ok"), std::to_string(reloads_ok_.load(kRelaxed)));
  sample(out, "faq_reloads_total", label("result", "refused"), std::to_string(reloads_refused_.load(kRelaxed)));
  help(out, "faq_question_log_dropped_total", "counter", "Question-log records dropped (queue full or write failed).");
  sample(out, "faq_question_log_dropped_total", "", std::to_string(outside.question_log_dropped));
  help(out, "faq_kb_info", "gauge", "The knowledge base being served.");
  sample(out, "faq_kb_info", label("kb_version", outside.kb_version), "1");
  return out;
}

}  // namespace faq
