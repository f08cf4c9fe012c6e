// Conversation context: what a follow-up question may inherit from the previous answer.
//
// The server keeps no per-user state: every answer carries its context as an opaque, sealed
// string that the client sends back with the next question, so any replica can continue any
// conversation. The string is base64url(nonce ‖ AES-256-GCM(JSON) ‖ tag), at most 1 KiB, with a
// key derived from the secret: it is signed and also unreadable, because the JSON names the
// asker's relative and city. A tampered, expired, future-dated or foreign (other secret) context
// decodes to nothing and the question is answered on its own: never an error.
//
// Thread-safety: ContextCodec is immutable after construction; encode() and decode() may run on
// many threads at once.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kb/aead.h"
#include "kb/hmac.h"

namespace kb {

struct ContextState {
  std::string kb_version;
  int64_t issued = 0;  // unix seconds
  std::string entry_id, topic;
  std::map<std::string, std::string> slots;  // relation, region, insurance, channel, purpose
  std::string ask;                           // the slot the last answer asked for
  // How the last question asked (can, how …): a reply that states no way of its own ("支付宝呢")
  // asks the same way.
  std::string intent;
};

class ContextCodec {
 public:
  // An empty secret means a random one for this process (contexts then survive no restart).
  ContextCodec(std::string secret, int64_t ttl_seconds);
  std::string encode(const ContextState& s) const;
  // encode() in two steps, for answers that are served many times: everything but the issue time
  // (depends only on the state), then the time and the sealing.
  static std::string payload_prefix(const ContextState& s);
  std::string seal(std::string_view prefix, int64_t issued) const;
  // Nothing when the string is malformed, tampered, sealed with another secret, or expired.
  std::optional<ContextState> decode(const std::string& context, int64_t now) const;

 private:
  Aes256Gcm cipher_;  // keyed from the secret
  int64_t ttl_;
};

// Seconds since the epoch (the context's clock).
int64_t unix_now();

}  // namespace kb
