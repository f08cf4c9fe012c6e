#include "wechat_crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <memory>

namespace faq {

std::string sha1_signature(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (const auto& p : parts) joined += p;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64_encode(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string base64_decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) throw WeChatError("base64 length");
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
      throw WeChatError("base64 alphabet");
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) throw WeChatError("base64 data");
  // EVP_DecodeBlock counts padding as zero bytes.
  size_t pad = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : (text.back() == '=' ? 1 : 0);
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

WeChatCrypto::WeChatCrypto(const std::string& encoding_aes_key, std::string appid) : appid_(std::move(appid)) {
  if (encoding_aes_key.size() != 43) throw WeChatError("EncodingAESKey must have 43 characters");
  key_ = base64_decode(encoding_aes_key + "=");
  if (key_.size() != 32) throw WeChatError("EncodingAESKey must decode to 32 bytes");
}

namespace {
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::string aes_cbc(const std::string& key, const std::string& input, bool encrypt) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, k, k, encrypt ? 1 : 0) != 1)
    throw WeChatError("cipher init");
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);  // WeChat pads to 32-byte blocks itself
  std::string out(input.size() + 32, '\0');
  int n1 = 0, n2 = 0;
  if (EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n1,
                       reinterpret_cast<const unsigned char*>(input.data()), static_cast<int>(input.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + n1, &n2) != 1)
    throw WeChatError("cipher");
  out.resize(static_cast<size_t>(n1 + n2));
  return out;
}
}  // namespace

std::string WeChatCrypto::decrypt(const std::string& encrypt) const {
  std::string cipher = base64_decode(encrypt);
  if (cipher.size() < 32 || cipher.size() % 32 != 0) throw WeChatError("ciphertext length");
  std::string plain = aes_cbc(key_, cipher, false);
  if (plain.empty()) throw WeChatError("padding");
  const size_t pad = static_cast<unsigned char>(plain.back());
  if (pad < 1 || pad > 32 || pad > plain.size()) throw WeChatError("padding");
  plain.erase(plain.size() - pad);
  if (plain.size() < 20) throw WeChatError("plaintext length");
  uint64_t len = (static_cast<uint64_t>(static_cast<unsigned char>(plain[16])) << 24) |
                 (static_cast<uint64_t>(static_cast<unsigned char>(plain[17])) << 16) |
                 (static_cast<uint64_t>(static_cast<unsigned char>(plain[18])) << 8) |
                 static_cast<uint64_t>(static_cast<unsigned char>(plain[19]));
  if (20 + len > plain.size()) throw WeChatError("message length");
  std::string appid = plain.substr(20 + len);
  if (!constant_time_equal(appid, appid_)) throw WeChatError("appid");
  return plain.substr(20, len);
}

std::string WeChatCrypto::encrypt(const std::string& message) const {
  unsigned char random[16];
  if (RAND_bytes(random, sizeof random) != 1) throw WeChatError("random");
  return encrypt(message, std::string(reinterpret_cast<char*>(random), sizeof random));
}

std::string WeChatCrypto::encrypt(const std::string& message, const std::string& random16) const {
  if (random16.size() != 16) throw WeChatError("random prefix must be 16 bytes");
  std::string plain = random16;
  auto len = static_cast<uint32_t>(message.size());
  plain += static_cast<char>((len >> 24) & 0xFF);
  plain += static_cast<char>((len >> 16) & 0xFF);
  plain += static_cast<char>((len >> 8) & 0xFF);
  plain += static_cast<char>(len & 0xFF);
  plain += message + appid_;
  size_t pad = 32 - plain.size() % 32;
  plain.append(pad, static_cast<char>(pad));
  return base64_encode(aes_cbc(key_, plain, true));
}

}  // namespace faq
