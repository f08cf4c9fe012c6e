// The WeChat message endpoint, for an official account (公众号: XML, passive replies) and a
// mini-program's customer-service push (XML or JSON; answers go out through the customer-service
// message API), in plaintext, compatible and safe (encrypted) modes.
//
// Who is who: WeChat's MsgId is unique only within one account, and one endpoint serves an
// official account and a mini-program. Every per-user thing is keyed by the full identity:
// replies by (ToUserName, FromUserName, MsgId) — events by (ToUserName, FromUserName, CreateTime,
// Event) — and the conversation by (ToUserName, FromUserName).
//
// Safety:
// - With an EncodingAESKey the push must come encrypted, with msg_signature, which covers the
//   body; plaintext pushes (whose signature covers only token, timestamp and nonce) are accepted
//   only when the configuration says `mode: plaintext`.
// - Every (timestamp, nonce) is remembered for the timestamp window: a repeat is accepted only as
//   WeChat's retry of the same body, answered from the remembered reply, never with another body.
// - XML with a DOCTYPE in its prolog is refused before parsing; bodies over a small cap are
//   refused; signatures are compared in constant time; timestamps must fall inside a window.
// - Token, EncodingAESKey, AppID and AppSecret never appear in logs or responses; questions are
//   logged escaped and user ids as a hash; a failure answers with a bare status, changing nothing.
//
// Thread-safety: receive() may run on many threads; the remembered replies and (timestamp, nonce)
// pairs are under one mutex (O(1) per message); the conversation memory locks internally; the
// customer-service client has its own worker thread.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "customer_service_client.h"
#include "expiring_map.h"
#include "kb/answerer.h"
#include "kb/conversation.h"
#include "wechat_crypto.h"
#include "wechat_message.h"

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

struct WeChatReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class WeChatEndpoint {
 public:
  WeChatEndpoint(WeChatConfig config, const kb::Answerer& answerer);
  ~WeChatEndpoint();
  bool enabled() const { return config_.enabled(); }
  // GET: URL verification. The body is exactly echostr when the signature holds, the timestamp
  // is inside the window and echostr is a short digit string (nothing else is ever reflected).
  WeChatReply verify(const std::map<std::string, std::string>& query) const;
  // POST: a message or event.
  WeChatReply receive(const std::map<std::string, std::string>& query, const std::string& content_type,
                      const std::string& body);
  // The text a WeChat user gets for a question (plain text, short source titles, within the limit).
  // `user` is the conversation key: ToUserName and FromUserName together.
  std::string answer_text(const std::string& question, const std::string& user);
  // Entries remembered for de-duplication and replay detection (bounded by max_remembered).
  size_t remembered_count() const;

 private:
  struct Seen {
    std::string body_hash;
    std::optional<WeChatReply> reply;  // nothing while the first delivery is being answered
  };
  std::optional<WeChatMessage> authenticate(const std::map<std::string, std::string>& query, const std::string& body,
                                            WeChatReply& refusal) const;
  std::string reply_for(const WeChatMessage& m);
  WeChatReply respond(const WeChatMessage& m, const std::map<std::string, std::string>& query);
  std::string passive_reply(const WeChatMessage& m, const std::string& text,
                            const std::map<std::string, std::string>& query) const;

  WeChatConfig config_;
  const kb::Answerer& answerer_;
  std::unique_ptr<WeChatCrypto> crypto_;
  kb::ConversationMemory memory_;
  std::unique_ptr<CustomerServiceClient> customer_service_;
  mutable std::mutex seen_mu_;
  ExpiringMap<Seen> deliveries_;       // "timestamp|nonce" → the body first seen and its reply
  ExpiringMap<WeChatReply> messages_;  // message identity → reply
};

}  // namespace faq
