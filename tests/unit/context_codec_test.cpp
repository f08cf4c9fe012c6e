#include "kb/context_codec.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "fixture.h"
#include "kb/aead.h"
#include "kb/hmac.h"

namespace {
kb::ContextState sample(int64_t issued) {
  kb::ContextState s;
  s.kb_version = "v1";
  s.issued = issued;
  s.entry_id = "fs-elig-general";
  s.topic = "family_sharing_eligibility";
  s.slots = {{"relation", "配偶"}, {"region", "兰州"}};
  s.ask = "relation";
  s.intent = "can";
  return s;
}

}  // namespace

namespace {
// The bytes of a base64url text (the context's outer encoding), for looking inside it.
std::string unbase64url(const std::string& s) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t v = 0;
  int bits = 0;
  for (char c : s) {
    auto d = alphabet.find(c);
    if (d == std::string::npos) continue;
    v = (v << 6) | static_cast<uint32_t>(d);
    if ((bits += 6) >= 8) out += static_cast<char>((v >> (bits -= 8)) & 0xFF);
  }
  return out;
}
}  // namespace

TEST_CASE("context: round trip, small, opaque", "[context]") {
  kb::ContextCodec codec("secret", 1800);
  const int64_t now = 1'800'000'000;
  std::string c = codec.encode(sample(now));
  CHECK(c.size() <= 1024);
  // Not readable even after base64: it names the asker's relative and city.
  for (const char* personal : {"配偶", "兰州", "fs-elig-general", "relation"}) {
    CHECK(c.find(personal) == std::string::npos);
    CHECK(unbase64url(c).find(personal) == std::string::npos);
  }
  CHECK(codec.encode(sample(now)) != c);  // a fresh nonce each time
  auto back = codec.decode(c, now + 10);
  REQUIRE(back);
  CHECK(back->entry_id == "fs-elig-general");
  CHECK(back->slots.at("relation") == "配偶");
  CHECK(back->ask == "relation");
  CHECK(back->intent == "can");
}

TEST_CASE("context: tampered, foreign, expired and garbage contexts are ignored", "[context]") {
  kb::ContextCodec codec("secret", 1800), other("another secret", 1800);
  const int64_t now = 1'800'000'000;
  std::string c = codec.encode(sample(now));
  std::string tampered = c;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  CHECK_FALSE(codec.decode(tampered, now));
  CHECK_FALSE(codec.decode(other.encode(sample(now)), now));         // signed by another server
  CHECK_FALSE(codec.decode(c, now + 1801));                          // expired (default 30 minutes)
  CHECK_FALSE(codec.decode(codec.encode(sample(now + 3600)), now));  // from the future
  for (const char* junk : {"", ".", "abc", "a.b", "!!!.???", "eyJ9.AAAA"}) CHECK_FALSE(codec.decode(junk, now));
  CHECK_FALSE(codec.decode(std::string(2000, 'A') + ".x", now));
  // Two codecs with no configured secret draw different random secrets.
  kb::ContextCodec r1("", 1800), r2("", 1800);
  CHECK_FALSE(r2.decode(r1.encode(sample(now)), now));
}

namespace {
// A context sealed with the codec's own key around any payload: what a holder of the secret could
// send (context_codec.cpp's key, associated data and encoding).
std::string forge(const std::string& secret, const std::string& payload) {
  kb::Aes256Gcm cipher(kb::PrekeyedHmacSha256(secret).mac("context key"));
  auto sealed = cipher.seal(payload, "yibao-faq context v2");
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t v = 0;
  int bits = 0;
  for (unsigned char c : sealed.value()) {
    v = (v << 8) | c;
    for (bits += 8; bits >= 6; bits -= 6) out += alphabet[(v >> (bits - 6)) & 63];
  }
  if (bits > 0) out += alphabet[(v << (6 - bits)) & 63];
  return out;
}
}  // namespace

// Found by tests/fuzz/context_codec_fuzz.cpp: an issue time outside int64_t (read from a double:
// undefined behaviour) or far in the past (now − issued overflowed) made a context never expire.
TEST_CASE("context: an issue time that is not a plausible integer is refused", "[context]") {
  kb::ContextCodec codec("secret", 1800);
  const int64_t now = 1'800'000'000;
  auto with_time = [&](const std::string& t) {
    return codec.decode(forge("secret", R"({"k":"v","e":"x","p":"t","t":)" + t + "}"), now);
  };
  REQUIRE(with_time("1800000000"));  // the harness seals as the codec does
  for (const char* t : {"1.7e37", "-1.7e37", "1799999999.5", "-9223372036854775808", "-1", "18446744073709551615",
                        "\"1800000000\"", "null"}) {
    INFO(t);
    CHECK_FALSE(with_time(t));
  }
}

// RFC 4231 test cases 1, 2 and 6 (a key longer than the block is hashed first).
TEST_CASE("hmac: pre-keyed HMAC-SHA256 matches RFC 4231", "[context]") {
  struct Vector {
    std::string key, message, mac_hex;
  };
  const std::vector<Vector> vectors = {
      {std::string(20, '\x0b'), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
  };
  for (const auto& v : vectors) {
    kb::PrekeyedHmacSha256 hmac(v.key);
    for (int repeat = 0; repeat < 2; ++repeat) {  // the keyed state is reused, never consumed
      auto mac = hmac.mac(v.message);
      std::string hex;
      for (unsigned char c : mac) {
        static const char* digits = "0123456789abcdef";
        hex += digits[c >> 4];
        hex += digits[c & 15];
      }
      CHECK(hex == v.mac_hex);
    }
  }
}

TEST_CASE("hmac: one keyed state signs from many threads at once", "[context]") {
  kb::PrekeyedHmacSha256 hmac("secret");
  const auto expected = hmac.mac("payload");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i)
        if (hmac.mac("payload") != expected) ++wrong;
    });
  for (auto& t : threads) t.join();
  CHECK(wrong == 0);
}
