#include "wechat_endpoint.h"

#include <httplib.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <thread>

#include "kb/text.h"

namespace faq {
namespace {

// WeChat retries three times within about 15 s; a captured request could be replayed for as long
// as its timestamp is accepted, so replies are remembered for the whole window.
int64_t dedup_seconds(const WeChatConfig& c) { return std::max<int64_t>(60, c.timestamp_window_sec + 60); }

const char* kWelcome =
    "您好！这里解答职工医保个人账户的问题：怎么查余额、家庭共济（谁能用、怎么绑定、家人怎么用）、医保钱包转账、"
    "余额能不能取。直接打字或发语音提问就行，比如“我老婆能用我医保卡里的钱吗”。";
const char* kUnsupported = "目前只能回答文字或语音提问，请用文字描述您的问题，比如“医保余额怎么查”。";
const char* kNotHeard = "抱歉，没有听清您的语音，请再说一遍，或者直接打字提问。";

bool starts_with_nocase(const std::string& s, size_t pos, const char* word) {
  for (size_t i = 0; word[i]; ++i)
    if (pos + i >= s.size() || std::tolower(static_cast<unsigned char>(s[pos + i])) != std::tolower(static_cast<unsigned char>(word[i])))
      return false;
  return true;
}

bool declares_dtd(const std::string& body) {
  for (size_t i = body.find("<!"); i != std::string::npos; i = body.find("<!", i + 2))
    if (starts_with_nocase(body, i + 2, "doctype") || starts_with_nocase(body, i + 2, "entity")) return true;
  return false;
}

std::optional<int64_t> parse_int64(const std::string& s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

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

}  // namespace

// --- the mini-program customer-service API client -------------------------------------------------

// Sends answers through message/custom/send with an access token from stable_token, cached and
// refreshed. Runs on its own thread so that the push is acknowledged at once. A message that
// cannot be delivered (48-hour window, quota, unknown user) is logged, with the user's question, so
// that nothing is lost silently.
class CustomerServiceClient {
 public:
  CustomerServiceClient(const WeChatConfig& config) : config_(config), worker_([this] { run(); }) {}
  ~CustomerServiceClient() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }
  void send(std::string openid, std::string question, std::string text) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.size() >= 10000) {
        std::cerr << "wechat: customer-service queue full, dropped the answer for " << openid << " to: " << question << "\n";
        return;
      }
      queue_.push_back({std::move(openid), std::move(question), std::move(text)});
    }
    cv_.notify_one();
  }

 private:
  struct Job {
    std::string openid, question, text;
  };

  std::string token(bool force) {
    int64_t now = kb::unix_now();
    if (!force && !token_.empty() && now < token_expires_) return token_;
    httplib::Client client(config_.api_base);
    client.set_connection_timeout(3, 0);
    client.set_read_timeout(5, 0);
    nlohmann::json req = {{"grant_type", "client_credential"}, {"appid", config_.appid}, {"secret", config_.appsecret},
                          {"force_refresh", force}};
    auto res = client.Post("/cgi-bin/stable_token", req.dump(), "application/json");
    if (!res || res->status != 200) return "";
    auto j = nlohmann::json::parse(res->body, nullptr, false);
    if (j.is_discarded() || !j.contains("access_token")) return "";
    token_ = j.value("access_token", "");
    token_expires_ = now + std::max<int64_t>(60, j.value("expires_in", int64_t{7200}) - 300);  // refresh early
    return token_;
  }

  // errcode of one send (0 = delivered), -2 when no answer came back.
  int post(const Job& job, const std::string& access_token) {
    httplib::Client client(config_.api_base);
    client.set_connection_timeout(3, 0);
    client.set_read_timeout(5, 0);
    nlohmann::json body = {{"touser", job.openid}, {"msgtype", "text"}, {"text", {{"content", job.text}}}};
    auto res = client.Post(("/cgi-bin/message/custom/send?access_token=" + access_token).c_str(), body.dump(),
                           "application/json");
    if (!res || res->status != 200) return -2;
    auto j = nlohmann::json::parse(res->body, nullptr, false);
    return j.is_discarded() ? -2 : j.value("errcode", 0);
  }

  void deliver(const Job& job) {
    std::string t = token(false);
    int err = t.empty() ? -2 : post(job, t);
    if (err == 40001 || err == 42001 || err == 40014) {  // token expired or invalid: refresh once
      t = token(true);
      err = t.empty() ? -2 : post(job, t);
    }
    if (err == 0) return;
    const char* why = err == 45015 ? "outside the 48-hour window" : err == 45047 ? "message quota used up"
                      : err == -2 ? "API unreachable" : "API error";
    std::cerr << "wechat: answer not delivered to " << job.openid << " (" << why << ", errcode " << err
              << "); question was: " << job.question << "\n";
  }

  void run() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      deliver(job);
    }
  }

  WeChatConfig config_;
  std::string token_;
  int64_t token_expires_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

// --- parsing ---------------------------------------------------------------------------------------

WeChatMessage parse_wechat_message(const std::string& body) {
  WeChatMessage m;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw WeChatError("empty body");
  if (body[first] == '{') {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw WeChatError("bad JSON");
    auto str = [&](const char* k) -> std::string {
      auto it = j.find(k);
      if (it == j.end() || it->is_null()) return "";
      if (it->is_string()) return it->get<std::string>();
      if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());  // 64-bit MsgId stays exact
      if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
      return "";
    };
    m.to = str("ToUserName"), m.from = str("FromUserName"), m.msg_type = str("MsgType");
    m.content = str("Content"), m.recognition = str("Recognition"), m.event = str("Event");
    m.msg_id = str("MsgId"), m.encrypt = str("Encrypt");
    m.create_time = parse_int64(str("CreateTime")).value_or(0);
    return m;
  }
  if (declares_dtd(body)) throw WeChatError("DOCTYPE or ENTITY in XML");
  pugi::xml_document doc;
  // parse_default without parse_doctype: a DOCTYPE would be a parse error anyway.
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default & ~pugi::parse_doctype))
    throw WeChatError("bad XML");
  pugi::xml_node xml = doc.child("xml");
  if (!xml) throw WeChatError("no <xml> root");
  auto text = [&](const char* k) { return std::string(xml.child(k).text().as_string()); };
  m.to = text("ToUserName"), m.from = text("FromUserName"), m.msg_type = text("MsgType");
  m.content = text("Content"), m.recognition = text("Recognition"), m.event = text("Event");
  m.msg_id = text("MsgId"), m.encrypt = text("Encrypt");
  m.create_time = parse_int64(text("CreateTime")).value_or(0);
  return m;
}

// --- the endpoint ----------------------------------------------------------------------------------

WeChatEndpoint::WeChatEndpoint(WeChatConfig config, const kb::Answerer& answerer)
    : config_(std::move(config)), answerer_(answerer) {
  if (!config_.encoding_aes_key.empty()) crypto_ = std::make_unique<WeChatCrypto>(config_.encoding_aes_key, config_.appid);
  if (config_.enabled() && !config_.appid.empty() && !config_.appsecret.empty())
    customer_service_ = std::make_unique<CustomerServiceClient>(config_);
}

WeChatEndpoint::~WeChatEndpoint() = default;

WeChatReply WeChatEndpoint::verify(const std::map<std::string, std::string>& query) const {
  std::string expected = sha1_signature({config_.token, get(query, "timestamp"), get(query, "nonce")});
  if (!constant_time_equal(expected, get(query, "signature"))) return status(403);
  WeChatReply r;
  r.body = get(query, "echostr");
  return r;
}

std::string WeChatEndpoint::answer_text(const std::string& question, const std::string& openid) {
  kb::AskRequest req;
  req.question = question;
  req.channel = "wechat";
  req.context = memory_.get(openid, kb::unix_now());
  kb::AskResponse resp;
  try {
    resp = answerer_.ask(req);
  } catch (const kb::InvalidRequest&) {
    return "问题太长或无法识别，请用一两句话描述您的问题。";
  }
  memory_.put(openid, resp.context, kb::unix_now());
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
  if (m.msg_type == "text") return answer_text(m.content, m.from);
  if (m.msg_type == "voice") return m.recognition.empty() ? kNotHeard : answer_text(m.recognition, m.from);
  if (m.msg_type == "event")
    return m.event == "subscribe" || m.event == "user_enter_tempsession" ? kWelcome : "";
  return kUnsupported;
}

std::optional<WeChatReply> WeChatEndpoint::remembered(const std::string& key) {
  std::lock_guard<std::mutex> lock(dedup_mu_);
  auto it = dedup_.find(key);
  if (it == dedup_.end() || kb::unix_now() - it->second.first > dedup_seconds(config_)) return std::nullopt;
  return it->second.second;
}

void WeChatEndpoint::remember(const std::string& key, const WeChatReply& reply) {
  std::lock_guard<std::mutex> lock(dedup_mu_);
  int64_t now = kb::unix_now();
  if (dedup_.size() > 50000)
    for (auto it = dedup_.begin(); it != dedup_.end();)
      it = now - it->second.first > dedup_seconds(config_) ? dedup_.erase(it) : std::next(it);
  dedup_[key] = {now, reply};
}

WeChatReply WeChatEndpoint::receive(const std::map<std::string, std::string>& query, const std::string& content_type,
                                    const std::string& body) {
  if (body.size() > config_.max_body_bytes) return status(413);
  const std::string timestamp = get(query, "timestamp"), nonce = get(query, "nonce");
  auto ts = parse_int64(timestamp);
  if (!ts || std::llabs(kb::unix_now() - *ts) > config_.timestamp_window_sec) return status(403);
  const bool aes = get(query, "encrypt_type") == "aes";
  const bool json = content_type.find("json") != std::string::npos ||
                    (!body.empty() && body[body.find_first_not_of(" \t\r\n") == std::string::npos ? 0 : body.find_first_not_of(" \t\r\n")] == '{');
  WeChatMessage m;
  try {
    WeChatMessage envelope = parse_wechat_message(body);
    if (aes) {
      if (!crypto_ || envelope.encrypt.empty()) return status(400);
      std::string expected = sha1_signature({config_.token, timestamp, nonce, envelope.encrypt});
      if (!constant_time_equal(expected, get(query, "msg_signature"))) return status(403);
      m = parse_wechat_message(crypto_->decrypt(envelope.encrypt));
    } else {
      std::string expected = sha1_signature({config_.token, timestamp, nonce});
      if (!constant_time_equal(expected, get(query, "signature"))) return status(403);
      m = envelope;
    }
  } catch (const WeChatError&) {
    return status(400);  // no detail goes back to the sender
  }

  const std::string key = !m.msg_id.empty() ? "m:" + m.msg_id : "e:" + m.from + "|" + std::to_string(m.create_time) + "|" + m.event;
  if (auto again = remembered(key)) return *again;  // a retry gets the same reply

  WeChatReply reply;
  reply.body = "success";
  std::string text = reply_for(m);
  const bool miniprogram = json || (!config_.miniprogram_username.empty() && m.to == config_.miniprogram_username);
  if (!text.empty() && miniprogram) {
    // Mini-program customer service: the push is only acknowledged; the answer goes out via the API.
    if (customer_service_) customer_service_->send(m.from, m.msg_type == "voice" ? m.recognition : m.content, text);
    else std::cerr << "wechat: no appid/appsecret configured, cannot answer " << m.from << "\n";
  } else if (!text.empty()) {
    std::string xml = "<xml><ToUserName>" + cdata(m.from) + "</ToUserName><FromUserName>" + cdata(m.to) +
                      "</FromUserName><CreateTime>" + std::to_string(kb::unix_now()) +
                      "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>" + cdata(text) + "</Content></xml>";
    if (aes) {
      std::string encrypt = crypto_->encrypt(xml);
      std::string sig = sha1_signature({config_.token, timestamp, nonce, encrypt});
      reply.body = "<xml><Encrypt>" + cdata(encrypt) + "</Encrypt><MsgSignature>" + cdata(sig) +
                   "</MsgSignature><TimeStamp>" + timestamp + "</TimeStamp><Nonce>" + cdata(nonce) + "</Nonce></xml>";
    } else {
      reply.body = xml;
    }
    reply.content_type = "application/xml; charset=utf-8";
  }
  remember(key, reply);
  return reply;
}

}  // namespace faq
