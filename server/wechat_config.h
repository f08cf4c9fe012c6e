// WeChat settings (config keys wechat.*), checked once at start-up.
#pragma once
#include <cstddef>
#include <string>

namespace faq {

struct WeChatConfig {
  std::string token, encoding_aes_key, appid, appsecret;
  // plaintext | compatible | safe. Anything but plaintext requires the encrypted form (compatible
  // mode sends it beside the plaintext fields, which are then ignored).
  std::string mode = "safe";
  std::string api_base = "https://api.weixin.qq.com";  // customer-service API (tests: a local fake)
  // The mini-program's original ID (gh_…): its XML pushes are answered through the API too, like
  // every JSON push; other XML is an official account's and gets a passive reply.
  std::string miniprogram_username;
  int timestamp_window_sec = 300;
  int conversation_ttl_sec = 1800;  // the server's context_ttl_sec
  size_t max_body_bytes = 16 * 1024;
  size_t reply_limit_bytes = 2000;  // WeChat text messages stay under 2048 bytes
  size_t max_remembered = 200000;   // replies and (timestamp, nonce) pairs kept for the window
  size_t conversation_capacity = 100000;
  bool enabled() const { return !token.empty(); }
  bool plaintext_allowed() const { return mode == "plaintext"; }
};

// Throws std::runtime_error with a readable message when an enabled configuration cannot work
// (unknown mode, encrypted mode without a valid EncodingAESKey, an api_base that is not http(s)).
void validate(const WeChatConfig& config);

// Throws std::runtime_error with a readable message when an enabled configuration cannot work
// (unknown mode, encrypted mode without a valid EncodingAESKey, an api_base that is not http(s)).
void validate(const WeChatConfig& config);

}  // namespace faq
