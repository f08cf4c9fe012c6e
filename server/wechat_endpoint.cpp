#include "wechat_endpoint.h"

#include <openssl/sha.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "kb/text.h"
#include "log.h"

namespace faq {
namespace {

constexpr size_t kMaxEchostrDigits = 64;

std::string cdata(const std::string& text) {
  std::string out = "<![CDATA[";
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "]]>") == 0) {
      out += "]]]]><![CDATA[>";
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out + "]]>";
}

std::string get(const std::map<std::string, std::string>& q, const char* key) {
  auto it = q.find(key);
  return it == q.end() ? "" : it->second;
}

WeChatReply status(int code) {
  WeChatReply r;
  r.status = code;
  r.body = code == 403 ? "forbidden" : code == 413 ? "too large" : "bad request";
  return r;
}

bool timestamp_fresh(const std::string& timestamp, int window_sec) {
  auto ts = parse_decimal(timestamp, 12);  // seconds: 12 digits reach the year 33658
  return ts && std::llabs(kb::unix_now() - *ts) <= window_sec;
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) out += {hex[b >> 4], hex[b & 15]};
  return out;
}

std::string message_key(const WeChatMessage& m) {
  const char sep = '\x1f';
  std::string key = m.to + sep + m.from + sep;
  return m.msg_id.empty() ? key + "e" + std::to_string(m.create_time) + sep + m.event : key + "m" + m.msg_id;
}

}  // namespace

WeChatEndpoint::WeChatEndpoint(WeChatConfig config, const EngineHolder& engines, const AnswerRecorder* recorder)
    : config_(std::move(config)),
      engines_(engines),
      recorder_(recorder),
      memory_(config_.conversation_capacity, config_.conversation_ttl_sec),
      // WeChat retries three times within about 15 s; a captured request could be replayed for as
      // long as its timestamp is accepted, so both are remembered for the whole window.
      deliveries_(config_.timestamp_window_sec + 60, config_.max_remembered),
      messages_(config_.timestamp_window_sec + 60, config_.max_remembered) {
  if (!config_.encoding_aes_key.empty())
    crypto_ = std::make_unique<WeChatCrypto>(config_.encoding_aes_key, config_.appid);
  if (config_.enabled() && !config_.appid.empty() && !config_.appsecret.empty())
    customer_service_ = std::make_unique<CustomerServiceClient>(
        CustomerServiceConfig{config_.api_base, config_.appid, config_.appsecret});
}

WeChatEndpoint::~WeChatEndpoint() = default;

WeChatReply WeChatEndpoint::verify(const std::map<std::string, std::string>& query) const {
  const std::string timestamp = get(query, "timestamp"), echostr = get(query, "echostr");
  std::string expected = sha1_signature({config_.token, timestamp, get(query, "nonce")});
  if (!constant_time_equal(expected, get(query, "signature"))) return status(403);
  if (!timestamp_fresh(timestamp, config_.timestamp_window_sec)) return status(403);
  const bool digits = !echostr.empty() && echostr.size() <= kMaxEchostrDigits &&
                      std::all_of(echostr.begin(), echostr.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return status(400);
  WeChatReply r;
  r.body = echostr;
  return r;
}

std::string WeChatEndpoint::answer_text(const std::string& question, const std::string& user, const Engine& engine) {
  kb::AskRequest req;
  req.question = question;
  req.channel = "wechat";
  req.context = memory_.get(user, kb::unix_now());
  const kb::Messages& messages = engine.store().messages();
  kb::AskResponse resp;
  const auto started = std::chrono::steady_clock::now();
  try {
    resp = engine.answerer().ask(req);
  } catch (const kb::InvalidRequest&) { return messages.wechat.too_long; }
  memory_.put(user, resp.context, kb::unix_now());
  if (recorder_)
    recorder_->wechat(engine, question, resp, user,
                      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  return kb::chat_message(resp.answer, resp.sources, messages, config_.reply_limit_bytes);
}

std::string WeChatEndpoint::reply_for(const WeChatMessage& m, const Engine& engine) {
  const kb::Messages& messages = engine.store().messages();
  const std::string user = m.to + '\x1f' + m.from;
  if (m.msg_type == "text") return answer_text(m.content, user, engine);
  if (m.msg_type == "voice")
    return m.recognition.empty() ? messages.wechat.not_heard : answer_text(m.recognition, user, engine);
  if (m.msg_type == "event")
    return m.event == "subscribe" || m.event == "user_enter_tempsession" ? messages.wechat.welcome : "";
  return messages.wechat.unsupported;
}

size_t WeChatEndpoint::remembered_count() const {
  std::lock_guard<std::mutex> lock(seen_mu_);
  return deliveries_.size() + messages_.size();
}

std::optional<WeChatMessage> WeChatEndpoint::authenticate(const std::map<std::string, std::string>& query,
                                                          const std::string& body, WeChatReply& refusal) const {
  const std::string timestamp = get(query, "timestamp"), nonce = get(query, "nonce");
  refusal = status(403);
  if (!timestamp_fresh(timestamp, config_.timestamp_window_sec)) return std::nullopt;
  try {
    WeChatMessage envelope = parse_wechat_message(body);
    if (get(query, "encrypt_type") == "aes") {
      refusal = status(400);
      if (!crypto_ || envelope.encrypt.empty()) return std::nullopt;
      std::string expected = sha1_signature({config_.token, timestamp, nonce, envelope.encrypt});
      refusal = status(403);
      if (!constant_time_equal(expected, get(query, "msg_signature"))) return std::nullopt;
      WeChatMessage m = parse_wechat_message(crypto_->decrypt(envelope.encrypt));
      m.json = m.json || envelope.json;
      return m;
    }
    // A plaintext push: its signature covers neither the body nor the sender.
    if (!config_.plaintext_allowed()) return std::nullopt;
    std::string expected = sha1_signature({config_.token, timestamp, nonce});
    if (!constant_time_equal(expected, get(query, "signature"))) return std::nullopt;
    return envelope;
  } catch (const WeChatError&) {
    refusal = status(400);  // no detail goes back to the sender
    return std::nullopt;
  }
}

std::string WeChatEndpoint::passive_reply(const WeChatMessage& m, const std::string& text,
                                          const std::map<std::string, std::string>& query) const {
  std::string xml = "<xml><ToUserName>" + cdata(m.from) + "</ToUserName><FromUserName>" + cdata(m.to) +
                    "</FromUserName><CreateTime>" + std::to_string(kb::unix_now()) +
                    "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>" + cdata(text) + "</Content></xml>";
  if (get(query, "encrypt_type") != "aes") return xml;
  const std::string timestamp = get(query, "timestamp"), nonce = get(query, "nonce");
  std::string encrypt = crypto_->encrypt(xml);
  std::string sig = sha1_signature({config_.token, timestamp, nonce, encrypt});
  return "<xml><Encrypt>" + cdata(encrypt) + "</Encrypt><MsgSignature>" + cdata(sig) + "</MsgSignature><TimeStamp>" +
         timestamp + "</TimeStamp><Nonce>" + cdata(nonce) + "</Nonce></xml>";
}

WeChatReply WeChatEndpoint::respond(const WeChatMessage& m, const std::map<std::string, std::string>& query) {
  WeChatReply reply;
  reply.body = "success";
  std::string text = reply_for(m, *engines_.get());
  if (text.empty()) return reply;
  const bool miniprogram = m.json || (!config_.miniprogram_username.empty() && m.to == config_.miniprogram_username);
  if (miniprogram) {
    // Mini-program customer service: the push is only acknowledged; the answer goes out via the API.
    if (customer_service_)
      customer_service_->send(m.from, m.question(), text);
    else
      spdlog::warn("wechat: no appid/appsecret configured, cannot answer user {}", log::user_tag(m.from));
    return reply;
  }
  reply.body = passive_reply(m, text, query);
  reply.content_type = "application/xml; charset=utf-8";
  return reply;
}

WeChatReply WeChatEndpoint::receive(const std::map<std::string, std::string>& query, const std::string&,
                                    const std::string& body) {
  if (body.size() > config_.max_body_bytes) return status(413);
  WeChatReply refusal;
  std::optional<WeChatMessage> m = authenticate(query, body, refusal);
  if (!m) return refusal;

  const std::string delivery = get(query, "timestamp") + "|" + get(query, "nonce");
  const std::string body_hash = sha256_hex(body), identity = message_key(*m);
  {
    std::lock_guard<std::mutex> lock(seen_mu_);
    const int64_t now = kb::unix_now();
    if (Seen* seen = deliveries_.find(delivery, now)) {
      // The same (timestamp, nonce) again: WeChat's retry of the same body gets the same reply;
      // anything else is a replay of a captured URL with another body.
      if (seen->body_hash != body_hash) return status(403);
      return seen->reply ? *seen->reply : WeChatReply{200, "text/plain; charset=utf-8", "success"};
    }
    deliveries_.put(delivery, Seen{body_hash, std::nullopt}, now);
    if (WeChatReply* again = messages_.find(identity, now)) return *again;  // a retry with a fresh URL
  }
  WeChatReply reply = respond(*m, query);
  std::lock_guard<std::mutex> lock(seen_mu_);
  const int64_t now = kb::unix_now();
  if (Seen* seen = deliveries_.find(delivery, now)) seen->reply = reply;
  messages_.put(identity, reply, now);
  return reply;
}

}  // namespace faq
