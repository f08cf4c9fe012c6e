#include "kb/context_codec.h"

#include <openssl/rand.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace kb {
namespace {

constexpr size_t kMaxContext = 1024;
constexpr size_t kSealBytes = Aes256Gcm::kNonceBytes + Aes256Gcm::kTagBytes;
constexpr std::string_view kAssociated = "yibao-faq context v2";  // binds the format version

std::string base64url(const unsigned char* data, size_t n) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = static_cast<uint32_t>(data[i]) << 16;
    if (i + 1 < n) v |= static_cast<uint32_t>(data[i + 1]) << 8;
    if (i + 2 < n) v |= data[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (i + 1 < n) out += alphabet[(v >> 6) & 63];
    if (i + 2 < n) out += alphabet[v & 63];
  }
  return out;
}

std::optional<std::string> unbase64url(const std::string& s) {
  std::string out;
  uint32_t v = 0;
  int bits = 0;
  for (char c : s) {
    int d;
    if (c >= 'A' && c <= 'Z')
      d = c - 'A';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      d = c - '0' + 52;
    else if (c == '-')
      d = 62;
    else if (c == '_')
      d = 63;
    else
      return std::nullopt;
    v = (v << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xFF);
    }
  }
  // Canonical only: a lone final character, or unused bits that are not zero, would let two
  // strings decode to the same bytes (a "tampered" context that still verifies).
  if (bits >= 6 || (v & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
std::string secret_or_random(std::string secret) {
  if (!secret.empty()) return secret;
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no randomness for the context secret");
  return std::string(reinterpret_cast<char*>(random), sizeof random);
}

// JSON string literal for short, known-safe values (slot words, ids): escapes what JSON requires.
void append_json_string(std::string& out, const std::string& v) {
  out += '"';
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;  // never in slot words; dropped rather than escaped
    out += c;
  }
  out += '"';
}
}  // namespace

ContextCodec::ContextCodec(std::string secret, int64_t ttl_seconds)
    : cipher_(PrekeyedHmacSha256(secret_or_random(std::move(secret))).mac("context key")), ttl_(ttl_seconds) {}

std::string ContextCodec::payload_prefix(const ContextState& s) {
  // Built by hand: this runs for every answer, cached ones included. The issue time goes last
  // (seal() adds it), so that a cached answer keeps everything else ready-made.
  std::string payload = "{\"k\":";
  append_json_string(payload, s.kb_version);
  payload += ",\"e\":";
  append_json_string(payload, s.entry_id);
  payload += ",\"p\":";
  append_json_string(payload, s.topic);
  std::string slots;
  for (const auto& [k, v] : s.slots) {
    slots += slots.empty() ? ",\"s\":{" : ",";
    append_json_string(slots, k);
    slots += ':';
    append_json_string(slots, v);
  }
  if (!slots.empty()) slots += '}';
  // Never expected (slot words are short): drop the slots rather than exceed the size limit.
  if ((payload.size() + slots.size() + s.ask.size() + s.intent.size() + 48 + kSealBytes) * 4 / 3 <= kMaxContext)
    payload += slots;
  if (!s.ask.empty()) {
    payload += ",\"a\":";
    append_json_string(payload, s.ask);
  }
  if (!s.intent.empty()) {
    payload += ",\"i\":";
    append_json_string(payload, s.intent);
  }
  return payload;
}

std::string ContextCodec::seal(std::string_view prefix, int64_t issued) const {
  std::string payload;
  payload.reserve(prefix.size() + 32);
  payload.append(prefix).append(",\"t\":").append(std::to_string(issued)).push_back('}');
  auto sealed = cipher_.seal(payload, kAssociated);
  if (!sealed) return "";  // no context: the next question is answered on its own
  return base64url(reinterpret_cast<const unsigned char*>(sealed->data()), sealed->size());
}

std::string ContextCodec::encode(const ContextState& s) const { return seal(payload_prefix(s), s.issued); }

std::optional<ContextState> ContextCodec::decode(const std::string& context, int64_t now) const {
  if (context.empty() || context.size() > kMaxContext) return std::nullopt;
  auto sealed = unbase64url(context);
  if (!sealed) return std::nullopt;
  auto payload = cipher_.open(*sealed, kAssociated);
  if (!payload) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(*payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    ContextState s;
    s.kb_version = j.value("k", "");
    // An integer, never converted from a double (undefined beyond int64_t), and not before the
    // epoch (so that now − issued cannot overflow).
    auto t = j.find("t");
    if (t == j.end() || !t->is_number_integer()) return std::nullopt;
    s.issued = t->get<int64_t>();
    s.entry_id = j.value("e", "");
    s.topic = j.value("p", "");
    if (j.contains("s")) j.at("s").get_to(s.slots);
    s.ask = j.value("a", "");
    s.intent = j.value("i", "");
    // Expired, or from the future.
    if (s.issued < 0 || s.issued > now + 60 || now - s.issued > ttl_) return std::nullopt;
    return s;
  } catch (const nlohmann::json::exception&) { return std::nullopt; }
}

}  // namespace kb
