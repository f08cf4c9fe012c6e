// Server configuration. Precedence, lowest to highest: built-in defaults < config file
// (config/faq.yaml, or --config PATH / FAQ_CONFIG) < FAQ_* environment variables < command line.
// Every setting is named once (config.cpp): its file key, its variable (FAQ_ + the key in
// capitals, dots as underscores) and its flag (--key).
#pragma once
#include <string>
#include <vector>

#include "kb/scoring.h"
#include "wechat_endpoint.h"

namespace faq {

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  // The server binds a non-loopback address only when this says a hardened proxy (deploy/nginx/)
  // is in front of it: cpp-httplib 0.11 must not face the public on its own (request_guard.h).
  bool behind_proxy = false;
  std::string store = "data/faq.db";
  int threads = 0;  // 0: 128 (cpp-httplib holds a pool thread per keep-alive connection)
  int keep_alive_max_count = 10000;
  int keep_alive_timeout_sec = 5;
  int read_timeout_sec = 5;
  int write_timeout_sec = 5;
  size_t max_body_bytes = 64 * 1024;
  size_t cache_entries = 10000;       // answers kept for repeated requests; 0 turns the cache off
  std::string context_secret;         // seals conversation contexts (≥ 32 bytes); empty: random per process
  bool context_secret_drawn = false;  // no secret was configured: one was drawn at random
  int context_ttl_sec = 1800;         // a context older than this is ignored
  kb::ScoringParams scoring;
  kb::RequestLimits limits;
  WeChatConfig wechat;
  // The website widget and the hotline console (web_routes.h).
  std::string cors_origins;             // comma-separated origins whose pages may call /v1/* ("*": any)
  bool console_enabled = false;         // /console answers 404 unless set
  bool console_requires_token = false;  // /console then asks for admin_token
  std::string admin_token;              // operator secret (FAQ_ADMIN_TOKEN)
  bool print_config = false;            // --print-config: print the effective settings and exit
  // One-shot mode: answer this question on stdout and exit.
  std::string ask, ask_format = "text", ask_region, ask_as_of, ask_context;
};

// Throws std::runtime_error with a readable message on a bad file, variable, flag or value.
Config load_config(int argc, char** argv);
std::string usage();
// The effective settings, one "key: value" line each, secrets masked.
std::string describe(const Config& c);

}  // namespace faq
