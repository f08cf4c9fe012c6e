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
  // Operations. /admin routes answer 404 while admin_token is empty (FAQ_ADMIN_TOKEN; ≥ 16 bytes).
  std::string admin_token;
  std::string question_log = "data/questions.db";  // SQLite; empty: no log, and /v1/feedback answers 404
  int question_log_retention_days = 90;            // 0: keep everything
  size_t question_log_queue = 10000;               // records waiting for the writer; beyond: dropped
  std::string redaction_file;                      // empty: the rules built in (config/redaction.yaml)
  int feedback_ttl_sec = 7 * 86400;                // an answer can be rated this long after it was given
  double rate_limit_per_sec = 0;                   // per client; 0: no limit (nginx limits the public side)
  double rate_limit_burst = 0;                     // requests at once; 0: twice the rate
  size_t rate_limit_clients = 100000;              // buckets kept (idle ones go first)
  std::string trusted_proxies;                     // "127.0.0.1, 10.0.0.0/8": whose X-Forwarded-For counts
  bool print_config = false;                       // --print-config: print the effective settings and exit
  // One-shot mode: answer this question on stdout and exit.
  std::string ask, ask_format = "text", ask_region, ask_as_of, ask_context;
};

// Throws std::runtime_error with a readable message on a bad file, variable, flag or value.
Config load_config(int argc, char** argv);
std::string usage();
// The effective settings, one "key: value" line each, secrets masked.
std::string describe(const Config& c);

}  // namespace faq
