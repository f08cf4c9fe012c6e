#include "wechat_config.h"

#include <stdexcept>

#include "wechat_crypto.h"

namespace faq {

void validate(const WeChatConfig& c) {
  if (!c.enabled()) return;
  if (c.mode != "plaintext" && c.mode != "compatible" && c.mode != "safe")
    throw std::runtime_error("wechat.mode must be plaintext, compatible or safe, not '" + c.mode + "'");
  if (!c.plaintext_allowed() && c.encoding_aes_key.empty())
    throw std::runtime_error("wechat.mode is " + c.mode +
                             ": set wechat.encoding_aes_key (FAQ_WECHAT_AES_KEY), or set wechat.mode to plaintext "
                             "(FAQ_WECHAT_MODE=plaintext) to accept unencrypted pushes");
  if (!c.encoding_aes_key.empty()) WeChatCrypto check(c.encoding_aes_key, c.appid);  // throws when malformed
  if (c.api_base.rfind("http://", 0) != 0 && c.api_base.rfind("https://", 0) != 0)
    throw std::runtime_error("wechat.api_base must start with http:// or https://");
}

}  // namespace faq
