#include "config.h"

#include <openssl/rand.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "cors.h"
#include "trusted_proxies.h"

namespace faq {
namespace {

// One table names every setting once: its file key, environment variable and flag.
struct Setting {
  std::string key;
  std::function<void(Config&, const std::string&)> set;
  std::function<std::string(const Config&)> get;
  const char* env = nullptr;  // when not FAQ_ + the key in capitals
  bool secret = false;        // masked when the settings are printed
};

void parse(const std::string&, const std::string& v, std::string& out) { out = v; }

void parse(const std::string& name, const std::string& v, int& out) {
  try {
    size_t used = 0;
    out = std::stoi(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
  } catch (const std::exception&) { throw std::runtime_error(name + ": not a number: '" + v + "'"); }
}

void parse(const std::string& name, const std::string& v, size_t& out) {
  int n = 0;
  parse(name, v, n);
  if (n < 0) throw std::runtime_error(name + ": must not be negative");
  out = static_cast<size_t>(n);
}

void parse(const std::string& name, const std::string& v, double& out) {
  try {
    size_t used = 0;
    out = std::stod(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
  } catch (const std::exception&) { throw std::runtime_error(name + ": not a number: '" + v + "'"); }
}

void parse(const std::string& name, const std::string& v, bool& out) {
  if (v == "1" || v == "true" || v == "yes" || v == "on")
    out = true;
  else if (v == "0" || v == "false" || v == "no" || v == "off" || v.empty())
    out = false;
  else
    throw std::runtime_error(name + ": not true or false: '" + v + "'");
}

template <class T>
std::string show(const T& v) {
  std::ostringstream o;
  o << std::boolalpha << v;
  return o.str();
}

// A setting stored in `access(config)`.
template <class Access>
Setting setting(std::string key, Access access, const char* env = nullptr, bool secret = false) {
  return {key, [key, access](Config& c, const std::string& v) { parse(key, v, access(c)); },
          [access](const Config& c) { return show(access(c)); }, env, secret};
}

// An accessor of one field, for reading (const Config&) and writing (Config&).
#define FAQ_FIELD(expr) \
  [](auto& c) -> auto& { return c.expr; }

// The scoring parameters (kb/scoring.h): every number that decides which entry answers.
std::vector<Setting> scoring_settings() {
  return {
      setting("threshold_floor", FAQ_FIELD(scoring.floor)),
      setting("threshold_direct", FAQ_FIELD(scoring.direct)),
      setting("threshold_margin", FAQ_FIELD(scoring.margin)),
      setting("scoring.clear_match_margin", FAQ_FIELD(scoring.clear_match_margin)),
      setting("scoring.aside_domain_terms", FAQ_FIELD(scoring.aside_domain_terms)),
      setting("scoring.related_floor", FAQ_FIELD(scoring.related_floor)),
      setting("scoring.max_related", FAQ_FIELD(scoring.max_related)),
      setting("scoring.text_search_limit", FAQ_FIELD(scoring.text_search_limit)),
      setting("scoring.phrasing_blend", FAQ_FIELD(scoring.phrasing_blend)),
      setting("scoring.question_weight", FAQ_FIELD(scoring.question_weight)),
      setting("scoring.coverage_weight", FAQ_FIELD(scoring.coverage_weight)),
      setting("scoring.rank_top", FAQ_FIELD(scoring.rank_top)),
      setting("scoring.candidate_budget", FAQ_FIELD(scoring.candidate_budget)),
      setting("scoring.slot_bonus_per_slot", FAQ_FIELD(scoring.slot_bonus_per_slot)),
      setting("scoring.slot_bonus_max", FAQ_FIELD(scoring.slot_bonus_max)),
      setting("scoring.slot_bonus_top", FAQ_FIELD(scoring.slot_bonus_top)),
      setting("scoring.claim_bonus", FAQ_FIELD(scoring.claim_bonus)),
      setting("scoring.nobody_else_penalty", FAQ_FIELD(scoring.nobody_else_penalty)),
      setting("scoring.shun_penalty", FAQ_FIELD(scoring.shun_penalty)),
      setting("scoring.conduct_bonus", FAQ_FIELD(scoring.conduct_bonus)),
      setting("scoring.how_only_penalty", FAQ_FIELD(scoring.how_only_penalty)),
      setting("scoring.why_entry_penalty", FAQ_FIELD(scoring.why_entry_penalty)),
      setting("scoring.handoff_below", FAQ_FIELD(scoring.handoff_below)),
      setting("scoring.passage_floor", FAQ_FIELD(scoring.passage_floor)),
      setting("scoring.short_question_chars", FAQ_FIELD(scoring.short_question_chars)),
      setting("scoring.elliptical_chars", FAQ_FIELD(scoring.elliptical_chars)),
      setting("scoring.continuity_margin", FAQ_FIELD(scoring.continuity_margin)),
      setting("scoring.family_margin", FAQ_FIELD(scoring.family_margin)),
      // A domain-free store's own (kb/ without lexicon/: FAQ sheets only).
      setting("threshold_free_floor", FAQ_FIELD(scoring.domain_free.floor)),
      setting("threshold_free_direct", FAQ_FIELD(scoring.domain_free.direct)),
      setting("scoring.free_phrasing_blend", FAQ_FIELD(scoring.domain_free.phrasing_blend)),
      setting("scoring.free_handoff_below", FAQ_FIELD(scoring.domain_free.handoff_below)),
  };
}

// Where and how the server listens, its store and its limits.
std::vector<Setting> server_settings() {
  return {
      setting("host", FAQ_FIELD(host)),
      setting("port", FAQ_FIELD(port)),
      setting("behind_proxy", FAQ_FIELD(behind_proxy)),
      setting("store", FAQ_FIELD(store)),
      setting("threads", FAQ_FIELD(threads)),
      setting("keep_alive_max_count", FAQ_FIELD(keep_alive_max_count)),
      setting("keep_alive_timeout_sec", FAQ_FIELD(keep_alive_timeout_sec)),
      setting("read_timeout_sec", FAQ_FIELD(read_timeout_sec)),
      setting("write_timeout_sec", FAQ_FIELD(write_timeout_sec)),
      setting("max_body_bytes", FAQ_FIELD(max_body_bytes)),
      setting("cache_entries", FAQ_FIELD(cache_entries)),
      setting("context_secret", FAQ_FIELD(context_secret), nullptr, true),
      setting("context_ttl_sec", FAQ_FIELD(context_ttl_sec)),
      setting("max_question_chars", FAQ_FIELD(limits.max_question_chars)),
  };
}

// The channels (WeChat, the widget, the console), operations and the question log.
std::vector<Setting> service_settings() {
  return {
      setting("wechat.token", FAQ_FIELD(wechat.token), nullptr, true),
      setting("wechat.mode", FAQ_FIELD(wechat.mode)),
      setting("wechat.encoding_aes_key", FAQ_FIELD(wechat.encoding_aes_key), "FAQ_WECHAT_AES_KEY", true),
      setting("wechat.appid", FAQ_FIELD(wechat.appid)),
      setting("wechat.appsecret", FAQ_FIELD(wechat.appsecret), nullptr, true),
      setting("wechat.miniprogram_username", FAQ_FIELD(wechat.miniprogram_username)),
      setting("wechat.api_base", FAQ_FIELD(wechat.api_base)),
      setting("wechat.timestamp_window_sec", FAQ_FIELD(wechat.timestamp_window_sec)),
      setting("cors_origins", FAQ_FIELD(cors_origins)),
      setting("console_enabled", FAQ_FIELD(console_enabled)),
      setting("console_requires_token", FAQ_FIELD(console_requires_token)),
      setting("admin_token", FAQ_FIELD(admin_token), nullptr, true),
      setting("question_log", FAQ_FIELD(question_log)),
      setting("question_log_retention_days", FAQ_FIELD(question_log_retention_days)),
      setting("question_log_queue", FAQ_FIELD(question_log_queue)),
      setting("redaction_file", FAQ_FIELD(redaction_file)),
      setting("feedback_ttl_sec", FAQ_FIELD(feedback_ttl_sec)),
      setting("rate_limit_per_sec", FAQ_FIELD(rate_limit_per_sec)),
      setting("rate_limit_burst", FAQ_FIELD(rate_limit_burst)),
      setting("rate_limit_clients", FAQ_FIELD(rate_limit_clients)),
      setting("trusted_proxies", FAQ_FIELD(trusted_proxies)),
  };
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = [] {
    std::vector<Setting> out;
    for (const auto& part : {server_settings(), scoring_settings(), service_settings()})
      out.insert(out.end(), part.begin(), part.end());
    return out;
  }();
  return all;
}

#undef FAQ_FIELD

void apply(Config& c, const std::string& key, const std::string& value) {
  for (const auto& s : settings())
    if (key == s.key) return s.set(c, value);
  throw std::runtime_error("unknown setting '" + key + "'");
}

std::string env_name(const std::string& key) {
  std::string out = "FAQ_";
  for (char ch : key) out += ch == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

void load_file(Config& c, const std::string& path) {
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  for (const auto& kv : doc) {
    // One level of nesting (wechat: {token: …}) reads as wechat.token.
    if (kv.second.IsMap()) {
      for (const auto& inner : kv.second)
        apply(c, kv.first.as<std::string>() + "." + inner.first.as<std::string>(), inner.second.as<std::string>());
    } else if (!kv.second.IsNull()) {
      apply(c, kv.first.as<std::string>(), kv.second.as<std::string>());
    }
  }
}

// Values each setting accepts alone are checked by its parser; these span settings or ranges.
void check(Config& c) {
  if (c.port < 0 || c.port > 65535) throw std::runtime_error("port: out of range");
  // A short secret can be guessed offline from one context: refuse it rather than serve with it.
  if (!c.context_secret.empty() && c.context_secret.size() < 32)
    throw std::runtime_error("context_secret: at least 32 bytes are needed");
  if (!c.admin_token.empty() && c.admin_token.size() < 16)
    throw std::runtime_error("admin_token: at least 16 bytes are needed");
  if (c.question_log_retention_days < 0) throw std::runtime_error("question_log_retention_days: must not be negative");
  if (c.feedback_ttl_sec <= 0) throw std::runtime_error("feedback_ttl_sec: must be positive");
  if (c.rate_limit_per_sec < 0 || c.rate_limit_burst < 0)
    throw std::runtime_error("rate_limit_per_sec, rate_limit_burst: must not be negative");
  (void)TrustedProxies(c.trusted_proxies);  // throws on an entry that is not an address or range
  for (const auto& p : c.scoring.problems()) throw std::runtime_error(p);
  c.wechat.conversation_ttl_sec = c.context_ttl_sec;  // one expiry for every conversation
  validate(c.wechat);
  CorsPolicy{c.cors_origins};  // throws on an entry that is not an origin
  if (c.console_enabled && c.console_requires_token && c.admin_token.size() < 16)
    throw std::runtime_error("console_requires_token: set admin_token (FAQ_ADMIN_TOKEN), at least 16 characters");
  if (c.context_secret.empty()) {
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no randomness for the context secret");
    c.context_secret.assign(reinterpret_cast<char*>(random), sizeof random);
    c.context_secret_drawn = true;
  }
}

}  // namespace

std::string usage() {
  std::string s =
      "usage: faq-server [--config FILE] [--SETTING VALUE ...] [--print-config]\n"
      "       faq-server --ask QUESTION [--format text|markdown|speech] [--region R] [--as-of YYYY-MM-DD]\n"
      "                  [--context CONTEXT]\n"
      "settings (file key / --flag / FAQ_ variable):";
  for (const auto& st : settings()) s += " " + st.key;
  return s + "\n";
}

std::string describe(const Config& c) {
  std::string out;
  for (const auto& s : settings())
    out += s.key + ": " + (s.secret ? (s.get(c).empty() ? "" : "(set)") : s.get(c)) + "\n";
  if (c.context_secret_drawn) out += "# context_secret was not configured: a random one is in use\n";
  return out;
}

Config load_config(int argc, char** argv) {
  Config c;
  std::vector<std::pair<std::string, std::string>> flags;
  std::string config_path;
  if (const char* e = std::getenv("FAQ_CONFIG")) config_path = e;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") throw std::runtime_error(usage());
    if (a == "--print-config") {
      c.print_config = true;
      continue;
    }
    if (a.rfind("--", 0) != 0 || i + 1 >= argc) throw std::runtime_error("bad argument '" + a + "'\n" + usage());
    std::string key = a.substr(2), value = argv[++i];
    for (auto& ch : key)
      if (ch == '-') ch = '_';
    if (key == "config")
      config_path = value;
    else if (key == "ask")
      c.ask = value;
    else if (key == "format")
      c.ask_format = value;
    else if (key == "region")
      c.ask_region = value;
    else if (key == "as_of")
      c.ask_as_of = value;
    else if (key == "context")
      c.ask_context = value;
    else
      flags.emplace_back(key, value);
  }
  const bool explicit_path = !config_path.empty();
  if (config_path.empty()) config_path = "config/faq.yaml";
  if (std::filesystem::exists(config_path))
    load_file(c, config_path);
  else if (explicit_path)
    throw std::runtime_error("config file not found: " + config_path);
  for (const auto& s : settings())
    if (const char* e = std::getenv(s.env ? s.env : env_name(s.key).c_str())) s.set(c, e);
  for (const auto& [k, v] : flags) apply(c, k, v);
  check(c);
  return c;
}

}  // namespace faq
