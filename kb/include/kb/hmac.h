// HMAC-SHA256 with the key schedule done once. Every answer carries a signed context, so signing
// runs on every request; OpenSSL's one-shot HMAC() fetches the algorithm and re-derives the keyed
// pads each time, which cost more than the rest of a cached answer.
//
// Thread-safety: construction is not concurrent; after it, mac() may be called from any number of
// threads at once (the keyed states are only read, and each thread copies them into its own context).
#pragma once
#include <array>
#include <memory>
#include <string_view>

namespace kb {

class PrekeyedHmacSha256 {
 public:
  explicit PrekeyedHmacSha256(std::string_view key);
  std::array<unsigned char, 32> mac(std::string_view message) const;

 private:
  struct States;  // the inner and outer digest states after the keyed pads
  std::shared_ptr<const States> states_;
};

}  // namespace kb
