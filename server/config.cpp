#include "config.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>

namespace faq {
namespace {

// One table names every setting once: its file key, environment variable and flag.
struct Setting {
  const char* key;
  std::function<void(Config&, const std::string&)> set;
  const char* env = nullptr;  // when not FAQ_ + the key in capitals
};

int to_int(const std::string& name, const std::string& v) {
  try {
    size_t used = 0;
    int n = std::stoi(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    return n;
  } catch (const std::exception&) { throw std::runtime_error(name + ": not a number: '" + v + "'"); }
}

size_t to_size(const std::string& name, const std::string& v) {
  int n = to_int(name, v);
  if (n < 0) throw std::runtime_error(name + ": must not be negative");
  return static_cast<size_t>(n);
}

bool to_bool(const std::string& name, const std::string& v) {
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off" || v.empty()) return false;
  throw std::runtime_error(name + ": not true or false: '" + v + "'");
}

double to_double(const std::string& name, const std::string& v) {
  try {
    return std::stod(v);
  } catch (const std::exception&) { throw std::runtime_error(name + ": not a number: '" + v + "'"); }
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      {"host", [](Config& c, const std::string& v) { c.host = v; }},
      {"behind_proxy", [](Config& c, const std::string& v) { c.behind_proxy = to_bool("behind_proxy", v); }},
      {"port",
       [](Config& c, const std::string& v) {
         c.port = to_int("port", v);
         if (c.port < 0 || c.port > 65535) throw std::runtime_error("port: out of range");
       }},
      {"store", [](Config& c, const std::string& v) { c.store = v; }},
      {"threads", [](Config& c, const std::string& v) { c.threads = to_int("threads", v); }},
      {"keep_alive_max_count",
       [](Config& c, const std::string& v) { c.keep_alive_max_count = to_int("keep_alive_max_count", v); }},
      {"keep_alive_timeout_sec",
       [](Config& c, const std::string& v) { c.keep_alive_timeout_sec = to_int("keep_alive_timeout_sec", v); }},
      {"read_timeout_sec", [](Config& c, const std::string& v) { c.read_timeout_sec = to_int("read_timeout_sec", v); }},
      {"write_timeout_sec",
       [](Config& c, const std::string& v) { c.write_timeout_sec = to_int("write_timeout_sec", v); }},
      {"max_body_bytes", [](Config& c, const std::string& v) { c.max_body_bytes = to_size("max_body_bytes", v); }},
      {"cache_entries", [](Config& c, const std::string& v) { c.cache_entries = to_size("cache_entries", v); }},
      {"context_secret",
       [](Config& c, const std::string& v) {
         // A short secret can be guessed offline from one context: refuse it rather than serve with it.
         if (!v.empty() && v.size() < 32) throw std::runtime_error("context_secret: at least 32 bytes are needed");
         c.context_secret = v;
       }},
      {"context_ttl_sec", [](Config& c, const std::string& v) { c.context_ttl_sec = to_int("context_ttl_sec", v); }},
      {"wechat.token", [](Config& c, const std::string& v) { c.wechat.token = v; }, "FAQ_WECHAT_TOKEN"},
      {"wechat.mode", [](Config& c, const std::string& v) { c.wechat.mode = v; }, "FAQ_WECHAT_MODE"},
      {"wechat.encoding_aes_key", [](Config& c, const std::string& v) { c.wechat.encoding_aes_key = v; },
       "FAQ_WECHAT_AES_KEY"},
      {"wechat.appid", [](Config& c, const std::string& v) { c.wechat.appid = v; }, "FAQ_WECHAT_APPID"},
      {"wechat.appsecret", [](Config& c, const std::string& v) { c.wechat.appsecret = v; }, "FAQ_WECHAT_APPSECRET"},
      {"wechat.miniprogram_username", [](Config& c, const std::string& v) { c.wechat.miniprogram_username = v; },
       "FAQ_WECHAT_MINIPROGRAM_USERNAME"},
      {"wechat.api_base", [](Config& c, const std::string& v) { c.wechat.api_base = v; }, "FAQ_WECHAT_API_BASE"},
      {"wechat.timestamp_window_sec",
       [](Config& c, const std::string& v) {
         c.wechat.timestamp_window_sec = to_int("wechat.timestamp_window_sec", v);
       },
       "FAQ_WECHAT_TIMESTAMP_WINDOW_SEC"},
      {"max_question_chars",
       [](Config& c, const std::string& v) { c.thresholds.max_question_chars = to_size("max_question_chars", v); }},
      {"threshold_floor",
       [](Config& c, const std::string& v) { c.thresholds.floor = to_double("threshold_floor", v); }},
      {"threshold_direct",
       [](Config& c, const std::string& v) { c.thresholds.direct = to_double("threshold_direct", v); }},
      {"threshold_margin",
       [](Config& c, const std::string& v) { c.thresholds.margin = to_double("threshold_margin", v); }},
  };
  return all;
}

void apply(Config& c, const std::string& key, const std::string& value) {
  for (const auto& s : settings())
    if (key == s.key) return s.set(c, value);
  throw std::runtime_error("unknown setting '" + key + "'");
}

std::string env_name(const std::string& key) {
  std::string out = "FAQ_";
  for (char ch : key) out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace

std::string usage() {
  std::string s =
      "usage: faq-server [--config FILE] [--SETTING VALUE ...]\n"
      "       faq-server --ask QUESTION [--format text|markdown|speech] [--region R] [--as-of YYYY-MM-DD]\n"
      "settings (file key / --flag / FAQ_ variable):";
  for (const auto& st : settings()) s += std::string(" ") + st.key;
  return s + "\n";
}

Config load_config(int argc, char** argv) {
  Config c;
  std::vector<std::pair<std::string, std::string>> flags;
  std::string config_path;
  if (const char* e = std::getenv("FAQ_CONFIG")) config_path = e;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") throw std::runtime_error(usage());
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
  bool explicit_path = !config_path.empty();
  if (config_path.empty()) config_path = "config/faq.yaml";
  if (std::filesystem::exists(config_path)) {
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(config_path);
    } catch (const YAML::Exception& e) {
      throw std::runtime_error(config_path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
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
  } else if (explicit_path) {
    throw std::runtime_error("config file not found: " + config_path);
  }
  for (const auto& s : settings())
    if (const char* e = std::getenv(s.env ? s.env : env_name(s.key).c_str())) s.set(c, e);
  for (const auto& [k, v] : flags) apply(c, k, v);
  c.wechat.conversation_ttl_sec = c.context_ttl_sec;  // one expiry for every conversation
  validate(c.wechat);
  return c;
}

}  // namespace faq
