// AES-256-GCM with one key: seals short messages (conversation contexts) as nonce ‖ ciphertext ‖
// tag, and opens them. Each thread keeps its own cipher contexts, keyed once per key rather than
// per message (the key schedule cost more than the sealing), and its own nonce: 12 random bytes
// drawn once, then counted up, so that no two messages share one without a CSPRNG call each.
//
// Thread-safety: seal() and open() may run on any number of threads at once.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kb {

class Aes256Gcm {
 public:
  static constexpr size_t kNonceBytes = 12, kTagBytes = 16;  // GCM's standard sizes
  explicit Aes256Gcm(const std::array<unsigned char, 32>& key);
  // Nothing only when OpenSSL fails (never expected).
  std::optional<std::string> seal(std::string_view plain, std::string_view associated) const;
  // Nothing when the tag does not verify: tampered, sealed with another key, or too short.
  std::optional<std::string> open(std::string_view sealed, std::string_view associated) const;

 private:
  std::array<unsigned char, 32> key_;
  uint64_t id_;  // tells a thread's keyed contexts which key they hold
};

}  // namespace kb
