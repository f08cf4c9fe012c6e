// Server configuration. Precedence, lowest to highest: built-in defaults < config file
// (config/faq.yaml, or --config PATH / FAQ_CONFIG) < FAQ_* environment variables < command line.
#pragma once
#include <string>
#include <vector>

#include "kb/answerer.h"
#include "wechat_endpoint.h"

namespace faq {

struct Config {
  std::string host = "127.0.0.1";
  // The server binds a non-loopback address only when this says a hardened proxy (deploy/nginx/)
  // is in front of it: cpp-httplib 0.11 must not face the public on its own (request_guard.h).
  bool behind_proxy = false;
  int port = 8080;
  std::string store = "data/faq.db";
  int threads = 0;  // 0: 128 (cpp-httplib holds a thread per keep-alive connection)
  int keep_alive_max_count = 10000;
  int keep_alive_timeout_sec = 5;
  int read_timeout_sec = 5;
  int write_timeout_sec = 5;
  size_t max_body_bytes = 64 * 1024;
  size_t cache_entries = 10000;  // answers kept for repeated requests; 0 turns the cache off
  std::string context_secret;    // seals conversation contexts (≥ 32 bytes); empty: random per process
  int context_ttl_sec = 1800;    // a context older than this is ignored
  kb::Thresholds thresholds;
  WeChatConfig
      wechat;  // file keys wechat.*; FAQ_WECHAT_TOKEN, FAQ_WECHAT_AES_KEY, FAQ_WECHAT_APPID, FAQ_WECHAT_APPSECRET
  // One-shot mode: answer this question on stdout and exit.
  std::string ask, ask_format = "text", ask_region, ask_as_of, ask_context;
};

// Throws std::runtime_error with a readable message on a bad file, variable or flag.
Config load_config(int argc, char** argv);
std::string usage();

}  // namespace faq
