// One WeChat push (official account XML, or a mini-program's XML or JSON), parsed.
//
// Safety: XML whose prolog holds a DOCTYPE (the only place an ENTITY can be declared) is refused
// before parsing; a resident who types "<!doctype" inside a message is not (the text is in CDATA,
// after the root element starts). pugixml never loads external entities anyway. Numbers are
// parsed with an overflow check.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace faq {

struct WeChatMessage {
  std::string to, from, msg_type, content, recognition, event, msg_id, encrypt;
  int64_t create_time = 0;
  bool json = false;  // the body was JSON (only mini-programs push JSON)
  // The text the user asked: the message, or the speech recognised from a voice message.
  const std::string& question() const { return msg_type == "voice" ? recognition : content; }
};

// Parses a message body (XML or JSON); throws WeChatError on malformed or unsafe input.
WeChatMessage parse_wechat_message(const std::string& body);

// True when the XML prolog (before the root element) declares a DOCTYPE.
bool xml_prolog_declares_doctype(std::string_view body);

// A non-negative decimal of at most `max_digits` digits without overflow; nothing otherwise.
std::optional<int64_t> parse_decimal(std::string_view s, size_t max_digits = 18);

}  // namespace faq
