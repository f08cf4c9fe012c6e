#include "trusted_proxies.h"

#include <arpa/inet.h>

#include <cstring>
#include <stdexcept>

namespace faq {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool same_prefix(const std::array<unsigned char, 16>& a, const std::array<unsigned char, 16>& b, int bits) {
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const unsigned mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
    if ((a[i] & mask) != (b[i] & mask)) return false;
  }
  return true;
}

}  // namespace

std::optional<TrustedProxies::Address> TrustedProxies::parse(std::string_view text) {
  const std::string s(trim(text));
  Address a{};
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    a[10] = a[11] = 0xFF;
    std::memcpy(&a[12], &v4, 4);
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.data()) == 1) return a;
  return std::nullopt;
}

TrustedProxies::TrustedProxies(const std::string& list) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string_view entry = trim(std::string_view(list).substr(start, comma - start));
    start = comma + 1;
    if (entry.empty()) continue;
    const size_t slash = entry.find('/');
    auto base = parse(entry.substr(0, slash));
    const bool v4 = entry.substr(0, slash).find(':') == std::string_view::npos;
    int prefix = v4 ? 32 : 128;
    if (slash != std::string_view::npos) {
      const std::string bits(entry.substr(slash + 1));
      prefix = bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos
                   ? -1
                   : std::stoi(bits);
    }
    if (!base || prefix < 0 || prefix > (v4 ? 32 : 128))
      throw std::runtime_error("trusted_proxies: not an address or range: '" + std::string(entry) + "'");
    ranges_.push_back({*base, v4 ? prefix + 96 : prefix});
  }
}

bool TrustedProxies::contains(std::string_view address) const {
  auto a = parse(address);
  if (!a) return false;
  for (const auto& r : ranges_)
    if (same_prefix(*a, r.base, r.prefix)) return true;
  return false;
}

std::string TrustedProxies::client(const std::string& peer, std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !contains(peer)) return peer;
  // From the nearest hop outwards: the first address no trusted proxy owns is the client.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const size_t comma = rest.rfind(',');
    std::string_view hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (!parse(hop)) return peer;  // not an address: the header cannot be believed past this point
    if (!contains(hop)) return std::string(hop);
  }
  return peer;
}

}  // namespace faq
