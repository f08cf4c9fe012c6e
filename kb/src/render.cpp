#include "kb/render.h"

#include <regex>

#include "kb/sentences.h"
#include "kb/text.h"

namespace kb {
namespace {

bool mentions(const std::string& text, const std::string& word) {
  return !word.empty() && text.find(word) != std::string::npos;
}

std::string ensure_period(std::string s) {
  static const std::vector<std::string> ends = {"。", "！", "？", "；", "：", "."};
  for (const auto& e : ends)
    if (s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0) return s;
  return s + "。";
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

std::string bullets(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "- " + item + "\n";
  return out;
}

}  // namespace

std::optional<Format> parse_format(const std::string& name) {
  if (name.empty() || name == "text") return Format::Text;
  if (name == "markdown") return Format::Markdown;
  if (name == "speech") return Format::Speech;
  return std::nullopt;
}

std::string Renderer::fill_slots(const std::string& text, const Slots& s) const {
  return fill(text, s.template_vars(lexicon_));
}

std::string Renderer::speech(const RenderInput& in, const std::string& answer) const {
  const Slots& s = *in.slots;
  const std::string said = in.chosen->speech.empty() ? answer : ensure_period(fill_slots(in.chosen->speech, s));
  std::string out = speakable(said);
  if (s.region.empty() || mentions(out, s.region)) return out;
  const std::map<std::string, std::string> region = {{kRegionSlot, s.region}};
  out = speakable(out + fill(messages_.region_note_speech, region));
  if (!mentions(out, s.region)) out = speakable(fill(messages_.region_lead_speech, region) + said);
  return out;
}

std::string Renderer::sources(const Entry& e) const {
  std::string out = "\n\n" + messages_.markdown.sources;
  for (size_t i = 0; i < e.sources.size(); ++i) {
    const Source& src = e.sources[i];
    out += (i ? messages_.markdown.separator : "") +
           (src.url.empty() ? src.title : "[" + src.title + "](" + src.url + ")");
    if (!src.date.empty()) out += "（" + src.date + "）";
  }
  return out;
}

std::string Renderer::answer(const RenderInput& in, Format f) const {
  const Case& c = *in.chosen;
  const Slots& s = *in.slots;
  const auto vars = s.template_vars(lexicon_);  // once: steps and notes fill the same slots
  const std::string answer = ensure_period(fill(c.answer, vars));
  if (f == Format::Speech) return speech(in, answer);
  const bool md = f == Format::Markdown;
  const Messages::Headings& h = md ? messages_.markdown : messages_.text;
  std::string out = answer;
  if (!c.steps.empty()) {
    out += md ? "\n\n**" + h.steps + "**\n" : "\n" + h.steps;
    for (size_t i = 0; i < c.steps.size(); ++i) {
      const std::string step = std::to_string(i + 1) + ". " + ensure_period(fill(c.steps[i], vars));
      out += md ? step + "\n" : step + (i + 1 < c.steps.size() ? " " : "");
    }
  }
  if (!c.notes.empty()) {
    out += md ? "\n\n**" + h.notes + "**\n" : "\n" + h.notes;
    for (const auto& n : c.notes) out += md ? "- " + ensure_period(fill(n, vars)) + "\n" : ensure_period(fill(n, vars));
  }
  if (!s.region.empty() && !mentions(out, s.region))
    out += (md ? "\n\n" : "\n") + fill(messages_.region_note, {{kRegionSlot, s.region}});
  if (!in.suggestions.empty())
    out += md ? "\n\n**" + h.suggestions + "**\n" + bullets(in.suggestions)
              : "\n" + h.suggestions + join(in.suggestions, h.separator);
  if (md && in.entry && !in.entry->sources.empty()) out += sources(*in.entry);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string Renderer::excerpt(const Entry& e, Format f) const {
  const Messages::Excerpt& m = messages_.excerpt;
  const std::map<std::string, std::string> vars = {{"citation", e.citation}};
  const std::string text = e.cases.empty() ? "" : e.cases.front().answer;
  if (f == Format::Speech) return speakable(fill(m.lead_speech, vars) + text);
  if (f == Format::Text) return fill(m.lead, vars) + "\n" + (e.section.empty() ? "" : e.section + "\n") + text;
  std::string out = fill(m.lead, vars) + "\n\n";
  if (!e.section.empty()) out += "> **" + e.section + "**\n>\n";
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    out += "> " + text.substr(start, end - start) + (end < text.size() ? "\n>\n" : "");
    start = end + 1;
  }
  return e.sources.empty() ? out : out + sources(e);
}

std::string Renderer::out_of_scope(const std::vector<std::string>& offtopic, const Slots& s,
                                   const std::vector<std::string>& related, Format f) const {
  const Messages::OutOfScope& m = messages_.out_of_scope;
  std::string out = m.lead;
  if (!offtopic.empty()) out += fill(m.named, {{"words", join(offtopic, m.word_separator)}});
  out += m.scope + m.elsewhere;
  out += s.region.empty() ? m.office : fill(m.office_in_region, {{kRegionSlot, s.region}});
  if (f == Format::Speech) return speakable(out);
  if (related.empty()) return out;
  const bool md = f == Format::Markdown;
  const Messages::Headings& h = md ? messages_.markdown : messages_.text;
  out += md ? "\n\n**" + h.related + "**\n" + bullets(related) : "\n" + h.related + join(related, h.separator);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string chat_message(const std::string& answer, const std::vector<Source>& sources, const Messages& m,
                         size_t limit_bytes) {
  constexpr size_t kMaxSources = 2, kMaxTitleChars = 24;
  std::string text = answer;
  if (!sources.empty()) text += "\n" + m.wechat.sources;
  for (size_t i = 0; i < sources.size() && i < kMaxSources; ++i) {
    std::u32string title = to_u32(sources[i].title);
    if (title.size() > kMaxTitleChars) title = title.substr(0, kMaxTitleChars - 1) + U"…";
    text += (i ? m.wechat.source_separator : "") + to_utf8(title);
  }
  return fit_bytes(text, limit_bytes);
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
    const bool line_start = clean.empty() || clean.back() == U' ';
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
  // Cut at the last sentence end that fits; fall back to a clause end (replaced by a full stop).
  size_t cut = last_end_within(clean, limit, is_sentence_end);
  if (cut == 0) {
    cut = last_end_within(clean, limit, is_clause_end);
    cut = cut == 0 ? limit - 1 : cut - 1;
  }
  std::u32string out = clean.substr(0, cut);
  if (!out.empty() && is_clause_end(out.back())) out.back() = U'。';
  if (out.empty() || !is_sentence_end(out.back())) out.push_back(U'。');
  return to_utf8(out);
}

}  // namespace kb
