#include "wechat_message.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "wechat_crypto.h"

namespace faq {
namespace {

WeChatMessage from_json(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw WeChatError("bad JSON");
  auto str = [&](const char* k) -> std::string {
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return "";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());  // a 64-bit MsgId stays exact
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
    return "";
  };
  WeChatMessage m;
  m.to = str("ToUserName"), m.from = str("FromUserName"), m.msg_type = str("MsgType");
  m.content = str("Content"), m.recognition = str("Recognition"), m.event = str("Event");
  m.msg_id = str("MsgId"), m.encrypt = str("Encrypt");
  m.create_time = parse_decimal(str("CreateTime")).value_or(0);
  m.json = true;
  return m;
}

WeChatMessage from_xml(const std::string& body) {
  if (xml_prolog_declares_doctype(body)) throw WeChatError("DOCTYPE in XML");
  pugi::xml_document doc;
  // parse_default without parse_doctype: a DOCTYPE would be a parse error anyway.
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default & ~pugi::parse_doctype))
    throw WeChatError("bad XML");
  pugi::xml_node xml = doc.child("xml");
  if (!xml) throw WeChatError("no <xml> root");
  auto text = [&](const char* k) { return std::string(xml.child(k).text().as_string()); };
  WeChatMessage m;
  m.to = text("ToUserName"), m.from = text("FromUserName"), m.msg_type = text("MsgType");
  m.content = text("Content"), m.recognition = text("Recognition"), m.event = text("Event");
  m.msg_id = text("MsgId"), m.encrypt = text("Encrypt");
  m.create_time = parse_decimal(text("CreateTime")).value_or(0);
  return m;
}

}  // namespace

std::optional<int64_t> parse_decimal(std::string_view s, size_t max_digits) {
  // 18 digits always fit in int64_t; a 19-digit value could overflow before any check.
  if (s.empty() || s.size() > max_digits || max_digits > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool xml_prolog_declares_doctype(std::string_view body) {
  // The prolog: an XML declaration, processing instructions, comments and white space, then the
  // root element. Anything else starting with "<!" there is a DOCTYPE (or garbage): refused.
  size_t i = 0;
  while (i < body.size()) {
    if (std::isspace(static_cast<unsigned char>(body[i]))) {
      ++i;
    } else if (body.compare(i, 2, "<?") == 0) {
      size_t end = body.find("?>", i + 2);
      if (end == std::string_view::npos) return false;  // unterminated: the parser refuses it
      i = end + 2;
    } else if (body.compare(i, 4, "<!--") == 0) {
      size_t end = body.find("-->", i + 4);
      if (end == std::string_view::npos) return false;
      i = end + 3;
    } else if (body.compare(i, 2, "<!") == 0) {
      return true;  // <!DOCTYPE …> in any case, or another declaration the prolog may not hold
    } else {
      return false;  // the root element (or not XML at all): the prolog is over
    }
  }
  return false;
}

WeChatMessage parse_wechat_message(const std::string& body) {
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw WeChatError("empty body");
  return body[first] == '{' ? from_json(body) : from_xml(body);
}

}  // namespace faq
