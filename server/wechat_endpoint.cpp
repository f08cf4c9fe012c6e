#include "wechat_endpoint.h"

#include <openssl/sha.h>

#include <algorithm>
#include <stdexcept>

#include "kb/text.h"
#include "log.h"

namespace faq {
namespace {

const char* kWelcome =
    "您好！这里解答职工医保个人账户的问题：怎么查余额、家庭共济（谁能用、怎么绑定、家人怎么用）、医保钱包转账、"
    "余额能不能取。直接打字或发语音提问就行，比如“我老婆能用我医保卡里的钱吗”。";
const char* kUnsupported = "目前只能回答文字或语音提问，请用文字描述您的问题，比如“医保余额怎么查”。";
const char* kNotHeard = "抱歉，没有听清您的语音，请再说一遍，或者直接打字提问。";
const char* kTooLong = "问题太长或无法识别，请用一两句话描述您的问题。";

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

// Cuts UTF-8 text to at most `limit` bytes, at the last sentence end that fits.
std::string fit(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  std::u32string u = kb::to_u32(text);
  std::string out;
  size_t last_sentence = 0;
  for (char32_t c : u) {
    std::string piece;
    kb::append_utf8(piece, c);
    if (out.size() + piece.size() + 3 > limit) break;
    out += piece;
    if (c == U'。' || c == U'！' || c == U'？' || c == U'\n') last_sentence = out.size();
  }
  if (last_sentence > limit / 2) out.resize(last_sentence);
  return out + "…";
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

void validate(const WeChatConfig& c) {
  if (!c.enabled()) return;
  if (c.mode != "plaintext" && c.mode != "compatible" && c.mode != "safe")
    throw std::runtime_error("wechat.mode must be plaintext, compatible or safe, not '" + c.mode + "'");
  if (!c.plaintext_allowed() && c.encoding_aes_key.empty())
    throw std::runtime_error("wechat.mode is " + c.mode +
                             ": set wechat.encoding_aes_key (FAQ_WECHAT_AES_KEY), or set wechat.mode to plaintext "
                             "(FAQ_WECHAT_MODE=plaintext) to accept unencrypted pushes");
  if (!c.encoding_aes_key.empty()) WeChatCrypto check(c.encoding_aes_key, c.appid);  // throws when malformed
  if (c.api_base.rfind("http://", 0) != 0 && c.api_base.rfind("https://", 0) != 0)
    throw std::runtime_error("wechat.api_base must start with http:// or https://");
}

WeChatEndpoint::WeChatEndpoint(WeChatConfig config, const kb::Answerer& answerer)
    : config_(std::move(config)),
      answerer_(answerer),
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

std::string WeChatEndpoint::answer_text(const std::string& question, const std::string& user) {
  kb::AskRequest req;
  req.question = question;
  req.channel = "wechat";
  req.context = memory_.get(user, kb::unix_now());
  kb::AskResponse resp;
  try {
    resp = answerer_.ask(req);
  } catch (const kb::InvalidRequest&) { return kTooLong; }
  memory_.put(user, resp.context, kb::unix_now());
  std::string text = resp.answer;
  if (!resp.sources.empty()) {
    text += "\n来源：";
    for (size_t i = 0; i < resp.sources.size() && i < 2; ++i) {
      std::u32string title = kb::to_u32(resp.sources[i].title);
      if (title.size() > 24) title = title.substr(0, 23) + U"…";
      text += (i ? "；" : "") + kb::to_utf8(title);
    }
  }
  return fit(text, config_.reply_limit_bytes);
}

std::string WeChatEndpoint::reply_for(const WeChatMessage& m) {
  const char sep = '\x1f';
  if (m.msg_type == "text") return answer_text(m.content, m.to + sep + m.from);
  if (m.msg_type == "voice") return m.recognition.empty() ? kNotHeard : answer_text(m.recognition, m.to + sep + m.from);
  if (m.msg_type == "event") return m.event == "subscribe" || m.event == "user_enter_tempsession" ? kWelcome : "";
  return kUnsupported;
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
  std::string text = reply_for(m);
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
