// The conversation context: the one opaque string a client sends back that the server opens.
// Random strings never pass AES-GCM, so the first byte picks how far in the rest goes:
//   0  the context string itself (length, base64url, the tag check);
//   1  base64url of the bytes (the tag check on garbage);
//   2  the bytes sealed with the codec's own key (the JSON reader and the field and expiry
//      checks: what a leaked secret would allow);
//   3  a round trip: a state built from the bytes, encoded, must decode to itself.
// decode() must give a state or nothing: no exception, no sanitizer report.
// Seeds: corpus/context_codec/.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kb/aead.h"
#include "kb/context_codec.h"
#include "kb/hmac.h"
#include "kb/text.h"

namespace {

const std::string kSecret = "fuzz-context-secret";
constexpr int64_t kTtl = 1800;
constexpr int64_t kNow = 1767225600;  // 2026-01-01: a fixed clock, so that runs repeat

const kb::ContextCodec& codec() {
  static const kb::ContextCodec c(kSecret, kTtl);
  return c;
}

// Unpadded base64url, the context's outer encoding.
std::string base64url(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t v = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    v = (v << 8) | c;
    for (bits += 8; bits >= 6; bits -= 6) out += alphabet[(v >> (bits - 6)) & 63];
  }
  if (bits > 0) out += alphabet[(v << (6 - bits)) & 63];
  return out;
}

// The codec's sealing, as context_codec.cpp does it (key, associated data, encoding).
std::string seal(const std::string& payload) {
  static const kb::Aes256Gcm cipher(kb::PrekeyedHmacSha256(kSecret).mac("context key"));
  auto sealed = cipher.seal(payload, "yibao-faq context v2");
  if (!sealed) abort();
  return base64url(*sealed);
}

// Short, valid UTF-8, no control characters: what slot words, ids and versions are.
std::string word(FuzzedDataProvider& in) {
  std::string s = in.ConsumeRandomLengthString(24);
  bool ok = kb::is_valid_utf8(s);
  for (char c : s) ok = ok && static_cast<unsigned char>(c) >= 0x20;
  return ok ? s : "x";
}

void round_trip(FuzzedDataProvider& in) {
  kb::ContextState s;
  s.kb_version = word(in), s.entry_id = word(in), s.topic = word(in), s.ask = word(in);
  s.issued = kNow - in.ConsumeIntegralInRange<int64_t>(0, kTtl);
  for (int n = in.ConsumeIntegralInRange(0, 5); n > 0; --n) s.slots[word(in)] = word(in);
  const auto back = codec().decode(codec().encode(s), kNow);
  if (!back || back->kb_version != s.kb_version || back->entry_id != s.entry_id || back->topic != s.topic ||
      back->ask != s.ask || back->issued != s.issued || back->slots != s.slots) {
    fprintf(stderr, "round trip changed the state\n");
    abort();
  }
}

// A known context must open, or this harness no longer seals as the codec does.
[[maybe_unused]] const bool harness_checked = [] {
  if (!codec().decode(seal(R"({"k":"v","e":"x","p":"t","t":1767225600})"), kNow)) {
    fprintf(stderr, "context_codec_fuzz: seal() no longer matches context_codec.cpp\n");
    abort();
  }
  return true;
}();

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      (void)codec().decode(rest, kNow);
      break;
    case 1:
      (void)codec().decode(base64url(rest), kNow);
      break;
    case 2:
      (void)codec().decode(seal(rest), kNow);
      break;
    default: {
      FuzzedDataProvider in(data + 1, size - 1);
      round_trip(in);
    }
  }
  return 0;
}
