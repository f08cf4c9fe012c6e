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

#include "answer_recorder.h"
#include "conversation_memory.h"
#include "customer_service_client.h"
#include "engine_holder.h"
#include "expiring_map.h"
#include "kb/context_codec.h"
#include "wechat_config.h"
#include "wechat_crypto.h"
#include "wechat_message.h"

namespace faq {

struct WeChatReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class WeChatEndpoint {
 public:
  // Answers with the engine `engines` holds at the time of each message; `recorder` (may be null)
  // counts and logs each answer.
  WeChatEndpoint(WeChatConfig config, const EngineHolder& engines, const AnswerRecorder* recorder = nullptr);
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
  std::string answer_text(const std::string& question, const std::string& user, const Engine& engine);
  // Entries remembered for de-duplication and replay detection (bounded by max_remembered).
  size_t remembered_count() const;

 private:
  struct Seen {
    std::string body_hash;
    std::optional<WeChatReply> reply;  // nothing while the first delivery is being answered
  };
  std::optional<WeChatMessage> authenticate(const std::map<std::string, std::string>& query, const std::string& body,
                                            WeChatReply& refusal) const;
  std::string reply_for(const WeChatMessage& m, const Engine& engine);
  WeChatReply respond(const WeChatMessage& m, const std::map<std::string, std::string>& query);
  std::string passive_reply(const WeChatMessage& m, const std::string& text,
                            const std::map<std::string, std::string>& query) const;

  WeChatConfig config_;
  const EngineHolder& engines_;
  const AnswerRecorder* recorder_;
  std::unique_ptr<WeChatCrypto> crypto_;
  ConversationMemory memory_;
  std::unique_ptr<CustomerServiceClient> customer_service_;
  mutable std::mutex seen_mu_;
  ExpiringMap<Seen> deliveries_;       // "timestamp|nonce" → the body first seen and its reply
  ExpiringMap<WeChatReply> messages_;  // message identity → reply
};

}  // namespace faq
