// WeChat's safe-mode decryption (WXBizMsgCrypt), then the message parser, as the endpoint runs
// them on an Encrypt field. Random bytes rarely get past base64 and AES-CBC, so the first byte
// picks how far in the rest of the input goes:
//   0  the Encrypt field itself (base64 alphabet and length checks);
//   1  base64 of the bytes (the ciphertext length check and AES on garbage);
//   2  the bytes encrypted with the endpoint's key, without our padding (the padding, length and
//      AppID checks on a plaintext an attacker chose: what a leaked key would allow);
//   3  a round trip: encrypt(message) must decrypt to the message.
// Anything may be refused with faq::WeChatError; no other exception, no sanitizer report.
// Seeds: corpus/wechat_crypto/.
#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "wechat_crypto.h"
#include "wechat_message.h"

namespace {

// A key and AppID of the shape WeChat's console issues (not a real account's).
const std::string kEncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const std::string kAppId = "wx0123456789abcdef";

const faq::WeChatCrypto& crypto() {
  static const faq::WeChatCrypto c(kEncodingAesKey, kAppId);
  return c;
}

// AES-256-CBC over whole blocks, no padding, with WeChat's key and IV (the key's first 16 bytes).
std::string raw_encrypt(const std::string& plain) {
  static const std::string key = faq::base64_decode(kEncodingAesKey + "=");
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  std::string out(plain.size() + 32, '\0');
  int n1 = 0, n2 = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, k, k) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n1,
                        reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + n1, &n2) != 1)
    abort();
  out.resize(static_cast<size_t>(n1 + n2));
  return out;
}

// A plaintext of whole 32-byte blocks: PKCS#7-padded when the bytes do not fill the last block,
// as they are when they do (so that the last byte, the pad length, is the fuzzer's choice too).
std::string blocks(std::string plain) {
  if (plain.empty() || plain.size() % 32 != 0)
    plain.append(32 - plain.size() % 32, static_cast<char>(32 - plain.size() % 32));
  return plain;
}

void decrypt_and_parse(const std::string& encrypt) {
  try {
    const std::string message = crypto().decrypt(encrypt);
    (void)faq::parse_wechat_message(message);
  } catch (const faq::WeChatError&) {}
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      decrypt_and_parse(rest);
      break;
    case 1:
      decrypt_and_parse(faq::base64_encode(rest));
      break;
    case 2:
      decrypt_and_parse(faq::base64_encode(raw_encrypt(blocks(rest))));
      break;
    default: {
      const std::string random16 = (rest + std::string(16, 'r')).substr(0, 16);
      const std::string message = rest.size() > 16 ? rest.substr(16) : "";
      if (crypto().decrypt(crypto().encrypt(message, random16)) != message) {
        fprintf(stderr, "round trip changed the message\n");
        abort();
      }
    }
  }
  return 0;
}
