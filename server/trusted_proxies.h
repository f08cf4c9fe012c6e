// Who a request comes from, for per-client limits: the peer address, or — only when the peer is a
// configured trusted proxy — the nearest address in X-Forwarded-For that is not a trusted proxy.
// Anyone can write X-Forwarded-For; only a proxy we trust replaces or appends to it honestly.
//
// The list (`trusted_proxies`) is comma-separated addresses or CIDR ranges, IPv4 or IPv6:
// "127.0.0.1, 10.0.0.0/8, ::1".
//
// Thread-safety: immutable after construction.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faq {

class TrustedProxies {
 public:
  // Throws std::runtime_error naming a bad entry.
  explicit TrustedProxies(const std::string& list = "");
  bool empty() const { return ranges_.empty(); }
  bool contains(std::string_view address) const;
  // The client: `peer`, unless `peer` is trusted and `forwarded_for` names an untrusted address.
  std::string client(const std::string& peer, std::string_view forwarded_for) const;

 private:
  using Address = std::array<unsigned char, 16>;  // IPv4 as ::ffff:a.b.c.d
  struct Range {
    Address base;
    int prefix;
  };
  static std::optional<Address> parse(std::string_view text);
  std::vector<Range> ranges_;
};

}  // namespace faq
