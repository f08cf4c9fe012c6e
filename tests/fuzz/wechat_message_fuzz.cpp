// A WeChat push body (XML from an official account, XML or JSON from a mini-program): any bytes
// either parse or are refused with faq::WeChatError (the endpoint answers 400), never another
// exception and never a sanitizer report. A body whose prolog declares a DOCTYPE never parses.
// Seeds: corpus/wechat_message/.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "wechat_crypto.h"
#include "wechat_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  try {
    const faq::WeChatMessage m = faq::parse_wechat_message(body);
    if (!m.json && faq::xml_prolog_declares_doctype(body)) abort();
    if (m.create_time < 0) abort();
    (void)m.question();
  } catch (const faq::WeChatError&) {}
  // The number parser on its own: whatever it accepts is what it read.
  const std::string_view digits(body.data(), std::min<size_t>(body.size(), 20));
  if (auto v = faq::parse_decimal(digits, 18); v && (*v < 0 || std::to_string(*v).size() > digits.size())) abort();
  return 0;
}
