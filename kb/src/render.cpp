#include "kb/render.h"

#include <regex>

#include "kb/text.h"

namespace kb {
namespace {

std::string region_sentence(const Slots& s) {
  return "以上是全国通行的规定，" + s.region + "的具体办理渠道和细则，以" + s.region + "医保部门公布的为准。";
}

bool mentions(const std::string& text, const std::string& word) { return !word.empty() && text.find(word) != std::string::npos; }

std::string ensure_period(std::string s) {
  static const std::vector<std::string> ends = {"。", "！", "？", "；", "：", "."};
  for (const auto& e : ends)
    if (s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0) return s;
  return s + "。";
}

}  // namespace

bool parse_format(const std::string& name, Format& out) {
  if (name.empty() || name == "text") out = Format::Text;
  else if (name == "markdown") out = Format::Markdown;
  else if (name == "speech") out = Format::Speech;
  else return false;
  return true;
}

std::string fill_template(const std::string& text, const Slots& s) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close != std::string::npos) {
        std::string key = text.substr(i + 1, close - i - 1);
        const std::string& value = s.get(key);
        if (!value.empty() || key == "relation" || key == "region" || key == "insurance" || key == "channel" ||
            key == "purpose") {
          out += value;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::string speakable(const std::string& input, size_t limit) {
  // Work on code points: a byte-wise regex class of multi-byte characters would cut other
  // characters apart.
  static const std::regex url(R"(https?://[\x21-\x7e]+|www\.[\x21-\x7e]+)");
  static const std::u32string drop = U"*#>`_|~[]（）()【】“”\"<>{}";
  std::u32string u = to_u32(std::regex_replace(input, url, ""));
  std::u32string clean;
  for (size_t i = 0; i < u.size(); ++i) {
    char32_t c = u[i];
    if (drop.find(c) != std::u32string::npos) continue;
    // List markers: "1. " or "- " at the start of a line.
    bool line_start = clean.empty() || clean.back() == U' ';
    if (line_start && (c == U'-' || c == U'•' || c == U'·') && i + 1 < u.size() && u[i + 1] == U' ') continue;
    if (line_start && c >= U'0' && c <= U'9' && i + 1 < u.size() && u[i + 1] == U'.') {
      ++i;
      continue;
    }
    if (c == U'\n' || c == U'\t') c = U' ';
    if (c == U' ' && (clean.empty() || clean.back() == U' ' || clean.back() > 0x2E80)) continue;
    clean.push_back(c);
  }
  while (!clean.empty() && clean.back() == U' ') clean.pop_back();
  if (clean.size() <= limit) return to_utf8(clean);
  // Cut at the last sentence end that fits; fall back to a clause end.
  size_t cut = std::u32string::npos;
  for (size_t i = 0; i < limit; ++i)
    if (clean[i] == U'。' || clean[i] == U'！' || clean[i] == U'？') cut = i + 1;
  if (cut == std::u32string::npos)
    for (size_t i = 0; i < limit; ++i)
      if (clean[i] == U'，' || clean[i] == U'；') cut = i;
  if (cut == std::u32string::npos) cut = limit - 1;
  std::u32string out = clean.substr(0, cut);
  if (!out.empty() && (out.back() == U'，' || out.back() == U'；')) out.back() = U'。';
  if (out.empty() || (out.back() != U'。' && out.back() != U'！' && out.back() != U'？')) out.push_back(U'。');
  return to_utf8(out);
}

std::string render_answer(const RenderInput& in, Format f) {
  const Case& c = *in.chosen;
  const Slots& s = *in.slots;
  std::string answer = ensure_period(fill_template(c.answer, s));
  bool name_region = !s.region.empty();
  if (f == Format::Speech) {
    std::string speech = c.speech.empty() ? answer : ensure_period(fill_template(c.speech, s));
    std::string out = speakable(speech);
    if (name_region && !mentions(out, s.region)) {
      std::string tail = "具体以" + s.region + "当地医保部门的规定为准。";
      out = speakable(out + tail);
      if (!mentions(out, s.region)) out = speakable(s.region + "的情况：" + speech);
    }
    return out;
  }
  const bool md = f == Format::Markdown;
  std::string out = answer;
  if (!c.steps.empty()) {
    out += md ? "\n\n**怎么办理**\n" : "\n办理方法：";
    for (size_t i = 0; i < c.steps.size(); ++i) {
      std::string step = ensure_period(fill_template(c.steps[i], s));
      out += md ? std::to_string(i + 1) + ". " + step + "\n" : std::to_string(i + 1) + ". " + step + (i + 1 < c.steps.size() ? " " : "");
    }
  }
  if (!c.notes.empty()) {
    out += md ? "\n\n**注意**\n" : "\n注意：";
    for (const auto& n : c.notes) out += md ? "- " + ensure_period(fill_template(n, s)) + "\n" : ensure_period(fill_template(n, s));
  }
  if (name_region && !mentions(out, s.region)) out += (md ? "\n\n" : "\n") + region_sentence(s);
  if (!in.suggestions.empty()) {
    out += md ? "\n\n**你是不是想问**\n" : "\n你是不是想问：";
    for (size_t i = 0; i < in.suggestions.size(); ++i)
      out += md ? "- " + in.suggestions[i] + "\n" : (i ? "；" : "") + in.suggestions[i];
  }
  if (md && in.entry && !in.entry->sources.empty()) {
    out += "\n\n来源：";
    for (size_t i = 0; i < in.entry->sources.size(); ++i) {
      const Source& src = in.entry->sources[i];
      out += (i ? "；" : "") + (src.url.empty() ? src.title : "[" + src.title + "](" + src.url + ")");
      if (!src.date.empty()) out += "（" + src.date + "）";
    }
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string render_out_of_scope(const std::vector<std::string>& offtopic, const Slots& s,
                                const std::vector<std::string>& related, Format f) {
  std::string out = "抱歉，这个问题不在本服务的解答范围内。";
  if (!offtopic.empty()) {
    std::string words;
    for (const auto& w : offtopic) words += (words.empty() ? "" : "、") + w;
    out += "您问到的" + words + "不属于职工医保个人账户的业务。";
  }
  out += "本服务解答职工医保个人账户的余额查询、家庭共济和余额提取等问题。";
  out += "其他社保或医保问题，请拨打12333咨询";
  out += s.region.empty() ? "，或联系当地医保经办机构。" : "，或联系" + s.region + "的医保经办机构。";
  if (f == Format::Speech) return speakable(out);
  if (!related.empty()) {
    bool md = f == Format::Markdown;
    out += md ? "\n\n**您可能想问**\n" : "\n您可能想问：";
    for (size_t i = 0; i < related.size(); ++i) out += md ? "- " + related[i] + "\n" : (i ? "；" : "") + related[i];
    while (!out.empty() && out.back() == '\n') out.pop_back();
  }
  return out;
}

}  // namespace kb
