#include "customer_service_client.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "kb/context_codec.h"
#include "log.h"

namespace faq {
namespace {

constexpr int kTokenExpired[] = {40001, 42001, 40014};  // invalid or expired access token
constexpr int64_t kRefreshEarlySec = 300;

// The JSON object a 200 response carries; nothing for any other status or shape.
std::optional<nlohmann::json> json_object(const httplib::Result& res) {
  if (!res || res->status != 200) return std::nullopt;
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string why_not_delivered(const std::optional<int>& err) {
  if (!err.has_value()) return "API unreachable or its answer unreadable";
  const int code = err.value();
  const char* what = code == 45015   ? "outside the 48-hour window"
                     : code == 45047 ? "message quota used up"
                                     : "API error";
  return std::string(what) + ", errcode " + std::to_string(code);
}

}  // namespace

CustomerServiceClient::CustomerServiceClient(CustomerServiceConfig config)
    : config_(std::move(config)), worker_([this] { run(); }) {}

CustomerServiceClient::~CustomerServiceClient() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void CustomerServiceClient::send(std::string openid, std::string question, std::string text) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.size() < config_.max_queue) {
      queue_.push_back({std::move(openid), std::move(question), std::move(text)});
      cv_.notify_one();
      return;
    }
  }
  spdlog::warn("wechat: customer-service queue full, dropped the answer for user {} to: {}", log::user_tag(openid),
               log::printable(question));
}

uint64_t CustomerServiceClient::finished() const {
  std::lock_guard<std::mutex> lock(mu_);
  return finished_;
}

std::string CustomerServiceClient::token(bool force) {
  const int64_t now = kb::unix_now();
  if (!force && !token_.empty() && now < token_expires_) return token_;
  httplib::Client client(config_.api_base);
  client.set_connection_timeout(config_.connect_timeout_sec, 0);
  client.set_read_timeout(config_.read_timeout_sec, 0);
  nlohmann::json req = {{"grant_type", "client_credential"},
                        {"appid", config_.appid},
                        {"secret", config_.appsecret},
                        {"force_refresh", force}};
  auto j = json_object(client.Post("/cgi-bin/stable_token", req.dump(), "application/json"));
  if (!j) return "";
  auto token = j->find("access_token");
  if (token == j->end() || !token->is_string() || token->get<std::string>().empty()) return "";
  int64_t expires_in = 7200;
  if (auto e = j->find("expires_in"); e != j->end() && e->is_number_integer()) expires_in = e->get<int64_t>();
  token_ = token->get<std::string>();
  token_expires_ = now + std::max<int64_t>(60, expires_in - kRefreshEarlySec);
  return token_;
}

std::optional<int> CustomerServiceClient::post(const Job& job, const std::string& access_token) {
  httplib::Client client(config_.api_base);
  client.set_connection_timeout(config_.connect_timeout_sec, 0);
  client.set_read_timeout(config_.read_timeout_sec, 0);
  nlohmann::json body = {{"touser", job.openid}, {"msgtype", "text"}, {"text", {{"content", job.text}}}};
  auto j = json_object(client.Post(("/cgi-bin/message/custom/send?access_token=" + access_token).c_str(), body.dump(),
                                   "application/json"));
  if (!j) return std::nullopt;
  auto err = j->find("errcode");
  if (err == j->end()) return 0;  // success replies may leave errcode out
  if (!err->is_number_integer()) return std::nullopt;
  return err->get<int>();
}

void CustomerServiceClient::deliver(const Job& job) {
  auto send_with = [&](bool fresh_token) {
    std::string t = token(fresh_token);
    return t.empty() ? std::optional<int>() : post(job, t);
  };
  std::optional<int> err = send_with(false);
  auto expired = [](int code) {
    return std::find(std::begin(kTokenExpired), std::end(kTokenExpired), code) != std::end(kTokenExpired);
  };
  if (err.has_value() && expired(err.value())) err = send_with(true);  // refresh once
  if (err.has_value() && err.value() == 0) return;
  spdlog::warn("wechat: answer not delivered to user {} ({}); question was: {}", log::user_tag(job.openid),
               why_not_delivered(err), log::printable(job.question));
}

void CustomerServiceClient::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      deliver(job);
    } catch (const std::exception& e) {
      // One bad job (an unexpected API answer, a client that cannot be built) must not end the
      // process: std::terminate would take every resident's answers with it.
      spdlog::error("wechat: sending to user {} failed: {}", log::user_tag(job.openid), log::printable(e.what()));
    } catch (...) { spdlog::error("wechat: sending to user {} failed", log::user_tag(job.openid)); }
    std::lock_guard<std::mutex> lock(mu_);
    ++finished_;
  }
}

}  // namespace faq
