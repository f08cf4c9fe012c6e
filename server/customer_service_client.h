// Sends answers to mini-program users through WeChat's customer-service message API
// (cgi-bin/message/custom/send), with an access token from cgi-bin/stable_token, cached and
// refreshed early or when the API says it expired.
//
// Runs on its own worker thread so that the push is acknowledged at once. Nothing the API
// returns can end the process: every job runs under its own catch, and responses are read with
// their types checked ({"errcode":"0"}, [] or null are failures, not exceptions). An answer that
// cannot be delivered (48-hour window, quota, unknown user, API unreachable) is logged with the
// user's question (escaped, the user as a hash), so nothing is lost silently.
//
// Thread-safety: send() may be called from any thread; the worker owns the token and the client.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace faq {

struct CustomerServiceConfig {
  std::string api_base;  // scheme://host[:port], http or https
  std::string appid, appsecret;
  size_t max_queue = 10000;
  int connect_timeout_sec = 3, read_timeout_sec = 5;
};

class CustomerServiceClient {
 public:
  explicit CustomerServiceClient(CustomerServiceConfig config);
  ~CustomerServiceClient();
  CustomerServiceClient(const CustomerServiceClient&) = delete;
  CustomerServiceClient& operator=(const CustomerServiceClient&) = delete;

  // Queues an answer for `openid`; drops it (logged) when the queue is full.
  void send(std::string openid, std::string question, std::string text);
  // Jobs finished (delivered or given up), for tests.
  uint64_t finished() const;

 private:
  struct Job {
    std::string openid, question, text;
  };
  std::string token(bool force);
  std::optional<int> post(const Job& job, const std::string& access_token);  // errcode, nothing when unreadable
  void deliver(const Job& job);
  void run();

  CustomerServiceConfig config_;
  std::string token_;
  int64_t token_expires_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  uint64_t finished_ = 0;
  std::thread worker_;
};

}  // namespace faq
