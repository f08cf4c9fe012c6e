// WeChat message signatures and the WXBizMsgCrypt scheme (safe and compatible modes).
//   signature      = SHA1 hex of the sorted concatenation of its parts (token, timestamp, nonce[, Encrypt])
//   key            = base64(EncodingAESKey + "="), 32 bytes; IV = its first 16 bytes
//   plaintext      = random(16) ‖ be32(len(msg)) ‖ msg ‖ appid, PKCS#7-padded to 32-byte blocks
//   Encrypt        = base64(AES-256-CBC(plaintext))
// Errors are WeChatError with a code for logs; callers never show details to the sender.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace faq {

struct WeChatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string sha1_signature(std::vector<std::string> parts);
// Comparison whose time does not depend on where the strings differ.
bool constant_time_equal(const std::string& a, const std::string& b);
std::string base64_encode(const std::string& data);
std::string base64_decode(const std::string& text);  // throws WeChatError on bad input

class WeChatCrypto {
 public:
  // Throws WeChatError when the EncodingAESKey is not 43 characters decoding to 32 bytes.
  WeChatCrypto(const std::string& encoding_aes_key, std::string appid);
  // Decrypts an Encrypt field and checks the appid; returns the message.
  std::string decrypt(const std::string& encrypt) const;
  // Encrypts with 16 random bytes from OpenSSL's CSPRNG; the second form takes them (tests).
  std::string encrypt(const std::string& message) const;
  std::string encrypt(const std::string& message, const std::string& random16) const;

 private:
  std::string key_;
  std::string appid_;
};

}  // namespace faq
