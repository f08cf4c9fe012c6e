// The WeChat message endpoint, for an official account (公众号: XML, passive replies) and a
// mini-program's customer-service push (XML or JSON; answers go out through the customer-service
// message API), in plaintext, compatible and safe (encrypted) modes.
//
// Safety: XML with a DOCTYPE or entity declaration is refused before parsing (pugixml never loads
// external entities anyway); bodies over a small cap are refused; signatures are compared in
// constant time; timestamps must fall inside a window; MsgId and timestamps are parsed as 64-bit.
// Token, EncodingAESKey, AppID and AppSecret never appear in logs or responses, and a failure
// answers with a bare status, changing nothing.
//
// Thread-safety: receive() may run on many threads; the de-duplication cache and the conversation
// memory lock internally; the customer-service client has its own worker thread.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "kb/answerer.h"
#include "kb/conversation.h"
#include "wechat_crypto.h"

namespace faq {

struct WeChatConfig {
  std::string token, encoding_aes_key, appid, appsecret;
  std::string api_base = "https://api.weixin.qq.com";  // customer-service API (tests: a local fake)
  // The mini-program's original ID (gh_…): its XML pushes are answered through the API too, like
  // every JSON push; other XML is an official account's and gets a passive reply.
  std::string miniprogram_username;
  int timestamp_window_sec = 300;
  size_t max_body_bytes = 16 * 1024;
  size_t reply_limit_bytes = 2000;  // WeChat text messages stay under 2048 bytes
  bool enabled() const { return !token.empty(); }
};

struct WeChatReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

struct WeChatMessage {
  std::string to, from, msg_type, content, recognition, event, msg_id, encrypt;
  int64_t create_time = 0;
};

class CustomerServiceClient;

class WeChatEndpoint {
 public:
  WeChatEndpoint(WeChatConfig config, const kb::Answerer& answerer);
  ~WeChatEndpoint();
  bool enabled() const { return config_.enabled(); }
  // GET: URL verification. The body is exactly echostr when the signature holds.
  WeChatReply verify(const std::map<std::string, std::string>& query) const;
  // POST: a message or event.
  WeChatReply receive(const std::map<std::string, std::string>& query, const std::string& content_type,
                      const std::string& body);
  // The text a WeChat user gets for a question (plain text, short source titles, within the limit).
  std::string answer_text(const std::string& question, const std::string& openid);

 private:
  std::string reply_for(const WeChatMessage& m);
  std::optional<WeChatReply> remembered(const std::string& key);
  void remember(const std::string& key, const WeChatReply& reply);

  WeChatConfig config_;
  const kb::Answerer& answerer_;
  std::unique_ptr<WeChatCrypto> crypto_;
  kb::ConversationMemory memory_{100000, 1800};
  std::unique_ptr<CustomerServiceClient> customer_service_;
  std::mutex dedup_mu_;
  std::unordered_map<std::string, std::pair<int64_t, WeChatReply>> dedup_;  // key → (time, reply)
};

// Parses a message body (XML or JSON); throws WeChatError on malformed or unsafe input.
WeChatMessage parse_wechat_message(const std::string& body);

}  // namespace faq
