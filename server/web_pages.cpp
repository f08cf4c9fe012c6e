#include "web_pages.h"

#include <nlohmann/json.hpp>

#include "kb/request.h"
#include "web_files.h"

namespace faq {
namespace {

using nlohmann::json;

// The pages' wording that code chooses between (verdict labels, headings): web/strings.json.
const json& strings() {
  static const json all = json::parse(web_text("strings.json"));
  return all;
}

std::string text_of(const char* key) { return strings().at(key).get<std::string>(); }

bool is_web_url(const std::string& url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

std::string ask_link(const std::string& question, const AskPageQuery& q, const std::string& context = "") {
  std::string href = "/ask?q=" + url_encode(question);
  if (!q.region.empty()) href += "&amp;region=" + url_encode(q.region);
  if (!context.empty()) href += "&amp;context=" + url_encode(context);
  return href;
}

std::string paragraphs(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out += "<p>" + html_escape(text.substr(start, end - start)) + "</p>";
    start = end + 1;
  }
  return out;
}

std::string clarify_html(const kb::AskResponse& r, const AskPageQuery& q) {
  if (!r.ask) return "";
  std::string out = "<div class=\"clarify\"><p>" + html_escape(r.ask->question) + "</p><div class=\"chips\">";
  for (const auto& option : r.ask->options)
    out += "<a class=\"chip\" href=\"" + ask_link(option, q, r.context) + "\">" + html_escape(option) + "</a>";
  return out + "</div></div>";
}

std::string related_html(const kb::AskResponse& r, const AskPageQuery& q) {
  if (r.related.empty()) return "";
  std::string out = "<div class=\"related\"><h3>" + html_escape(text_of("related")) + "</h3><div class=\"chips\">";
  for (const auto& rel : r.related)
    out += "<a class=\"chip\" href=\"" + ask_link(rel.question, q) + "\">" + html_escape(rel.question) + "</a>";
  return out + "</div></div>";
}

std::string sources_html(const kb::AskResponse& r) {
  std::string out = "<footer class=\"src\"><p><span>" + html_escape(text_of("sources")) + "</span>";
  for (size_t i = 0; i < r.sources.size(); ++i) {
    const kb::Source& s = r.sources[i];
    if (i) out += "<span class=\"sep\">" + html_escape(text_of("source_separator")) + "</span>";
    out += is_web_url(s.url)
               ? "<a href=\"" + html_escape(s.url) + "\" rel=\"noopener noreferrer\">" + html_escape(s.title) + "</a>"
               : html_escape(s.title);
    if (!s.date.empty()) out += " <span class=\"date\">" + html_escape(s.date) + "</span>";
  }
  out += "</p>";
  if (r.regional) out += "<p class=\"note\">" + html_escape(text_of("regional")) + "</p>";
  return out + "</footer>";
}

std::string answer_html(const kb::AskResponse& r, const AskPageQuery& q) {
  const json& labels = strings().at("verdict");
  const std::string label = labels.value(r.verdict, labels.at("info").get<std::string>());
  return "<div class=\"turn\"><p class=\"q\">" + html_escape(q.question) + "</p><article class=\"card\">" +
         "<p class=\"verdict v-" + html_escape(r.verdict) + "\">" + html_escape(label) + "</p><div class=\"body\">" +
         paragraphs(r.answer) + "</div>" + clarify_html(r, q) + related_html(r, q) + sources_html(r) +
         "</article></div>";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += ch;
    else
      ((out += '%') += hex[c >> 4]) += hex[c & 15];
  }
  return out;
}

std::string fill_page(std::string_view page, const std::map<std::string, std::string>& vars,
                      const std::map<std::string, bool>& shown) {
  std::string out(page);
  for (const auto& [name, on] : shown) {
    const std::string open = "<!--if:" + name + "-->", close = "<!--end:" + name + "-->";
    for (size_t at; (at = out.find(open)) != std::string::npos;) {
      const size_t end = out.find(close, at);
      if (end == std::string::npos) break;
      if (on)
        out.erase(end, close.size()).erase(at, open.size());
      else
        out.erase(at, end + close.size() - at);
    }
  }
  for (const auto& [name, value] : vars) {
    const std::string key = "{{" + name + "}}";
    for (size_t at = 0; (at = out.find(key, at)) != std::string::npos; at += value.size())
      out.replace(at, key.size(), value);
  }
  return out;
}

Page ask_page(const Engine& engine, const AskPageQuery& q) {
  Page page;
  std::string answer;
  bool refused = false;
  if (!q.question.empty()) {
    try {
      kb::AskRequest req{q.question, q.region, "text", "page", "", q.context};
      answer = answer_html(engine.answerer().ask(req), q);
    } catch (const kb::InvalidRequest&) {
      refused = true;
      page.status = 400;
    }
  }
  page.html = fill_page(web_text("ask.html"),
                        {{"q", html_escape(q.question)}, {"region", html_escape(q.region)}, {"answer", answer}},
                        {{"region", !q.region.empty()}, {"refused", refused}});
  return page;
}

std::string console_page(const kb::Store& store) {
  // The region picker: each province, then its cities; shown by official name (南京市), sent by the
  // short name the API also reads (南京).
  const auto& regions = store.lexicon().regions();
  auto option = [](const kb::RegionDef& r) {
    const std::string value = html_escape(r.shorts.empty() ? r.name : r.shorts.front());
    return "<option value=\"" + value + "\">" + html_escape(r.name) + "</option>";
  };
  std::string options;
  for (size_t p = 0; p < regions.size(); ++p) {
    if (regions[p].province != -1) continue;
    options += "<optgroup label=\"" + html_escape(regions[p].name) + "\">" + option(regions[p]);
    for (const auto& city : regions)
      if (city.province == static_cast<int>(p)) options += option(city);
    options += "</optgroup>";
  }
  return fill_page(web_text("console.html"), {{"regions", options}});
}

std::string console_login_page(bool failed) {
  return fill_page(web_text("console-login.html"), {}, {{"failed", failed}});
}

}  // namespace faq
