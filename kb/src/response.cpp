#include "kb/response.h"

#include <cstdint>
#include <cstring>
#include <map>

namespace kb {
namespace {

// Whether any of the eight bytes at p is a control character, '"' or '\\' (SWAR: a byte is flagged
// when it is below 0x20 or equal to the quote or the backslash; bytes of 0x80 and up never are).
bool needs_escape_in(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  constexpr uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const auto zero_byte = [&](uint64_t v) { return (v - ones) & ~v & highs; };
  const uint64_t below_space = (w - ones * 0x20) & ~w & highs;
  return (below_space | zero_byte(w ^ (ones * '"')) | zero_byte(w ^ (ones * '\\'))) != 0;
}

// A JSON string as nlohmann::json::dump() writes it: UTF-8 kept, the two-character escapes it
// uses, other control characters as \u00xx.
void append_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  // Runs that need no escape (nearly all of an answer) are copied whole: per-byte appends were a
  // tenth of an uncached ask's instructions.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none of them needs an escape.
    while (i + 8 <= s.size() && !needs_escape_in(s.data() + i)) i += 8;
    if (i >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        (out += "\\u00") += {hex[c >> 4], hex[c & 15]};
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// A double as dump() writes it, by dump() itself: its digits are not always the shortest that
// std::to_chars writes (0.36122550415432497, not 0.361225504154325), it adds ".0" to integers and
// writes null for what is not finite. One number per answer: the cost does not show.
void append_number(std::string& out, double v) { out += nlohmann::json(v).dump(); }

template <class T, class F>
void append_array(std::string& out, const std::vector<T>& items, F&& item) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    item(items[i]);
  }
  out += ']';
}

// The slots object, keys in order as std::map holds nlohmann's objects.
void append_slots(std::string& out, const Slots& slots) {
  std::map<std::string, std::string> fields;  // key → value as JSON text
  for (const auto& [key, value] : slots.carried()) append_string(fields[key], value);
  if (!slots.intent.empty()) append_string(fields[kIntentSlot], slots.intent);
  if (!slots.owner.empty()) append_string(fields["owner"], slots.owner);
  if (slots.cross_province) fields["cross_province"] = "true";
  if (slots.same_province) fields["same_province"] = "true";
  out += '{';
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it != fields.begin()) out += ',';
    append_string(out, it->first);
    (out += ':') += it->second;
  }
  out += '}';
}

void append_source(std::string& out, const Source& src) {
  out += '{';
  if (!src.date.empty()) {
    out += "\"date\":";
    append_string(out, src.date);
    out += ',';
  }
  out += "\"title\":";
  append_string(out, src.title);
  if (!src.url.empty()) {
    out += ",\"url\":";
    append_string(out, src.url);
  }
  out += '}';
}

}  // namespace

std::string AskResponse::json_text(bool with_context) const {
  std::string out;
  out.reserve(answer.size() + context.size() + 512);
  out += "{\"answer\":";
  append_string(out, answer);
  if (ask) {
    out += ",\"ask\":{\"options\":";
    append_array(out, ask->options, [&](const std::string& o) { append_string(out, o); });
    out += ",\"question\":";
    append_string(out, ask->question);
    out += ",\"slot\":";
    append_string(out, ask->slot);
    out += '}';
  }
  out += ",\"confidence\":";
  append_number(out, confidence);
  if (with_context) {
    out += ",\"context\":";
    append_string(out, context);
  }
  out += ",\"entry_id\":";
  append_string(out, entry_id);
  if (excerpt) out += ",\"excerpt\":true";
  out += handoff ? ",\"handoff\":true" : ",\"handoff\":false";
  out += ",\"kb_version\":";
  append_string(out, kb_version);
  out += regional ? ",\"regional\":true" : ",\"regional\":false";
  out += ",\"related\":";
  append_array(out, related, [&](const Related& r) {
    out += "{\"entry_id\":";
    append_string(out, r.entry_id);
    out += ",\"question\":";
    append_string(out, r.question);
    out += '}';
  });
  out += ",\"slots\":";
  append_slots(out, slots);
  out += ",\"sources\":";
  append_array(out, sources, [&](const Source& src) { append_source(out, src); });
  out += ",\"topic\":";
  append_string(out, topic);
  out += ",\"verdict\":";
  append_string(out, verdict);
  out += '}';
  return out;
}

nlohmann::json AskResponse::to_json(bool with_context) const {
  nlohmann::json src = nlohmann::json::array();
  for (const auto& s : sources) src.push_back(s);
  nlohmann::json rel = nlohmann::json::array();
  for (const auto& r : related) rel.push_back({{"entry_id", r.entry_id}, {"question", r.question}});
  nlohmann::json j = {{"answer", answer},     {"verdict", verdict},       {"topic", topic},
                      {"entry_id", entry_id}, {"confidence", confidence}, {"slots", slots.to_json()},
                      {"sources", src},       {"related", rel},           {"kb_version", kb_version},
                      {"regional", regional}, {"handoff", handoff}};
  if (with_context) j["context"] = context;
  if (excerpt) j["excerpt"] = true;
  if (ask) j["ask"] = {{"slot", ask->slot}, {"question", ask->question}, {"options", ask->options}};
  return j;
}

}  // namespace kb
