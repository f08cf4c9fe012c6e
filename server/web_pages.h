// The pages the server renders itself: /ask (the full-page view, which works without JavaScript:
// a form that GETs /ask?q=… and the answer as escaped HTML) and /console (the hotline console's
// page, with the region picker filled from the lexicon). Their markup and wording live in web/
// (ask.html, console.html, console-login.html, strings.json); here they are only filled in.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "engine.h"

namespace faq {

struct Page {
  int status = 200;
  std::string html;
};

struct AskPageQuery {
  std::string question, region, context;
};

// The /ask page; with a question, its answer below the form (400 when the question is refused).
Page ask_page(const Engine& engine, const AskPageQuery& query);
std::string console_page(const kb::Store& store);
std::string console_login_page(bool failed);

// Helpers, exposed for tests.
std::string html_escape(std::string_view text);
std::string url_encode(std::string_view text);  // for a query parameter's value
// Replaces each {{name}} of `page` by vars[name], and keeps the text between <!--if:name--> and
// <!--end:name--> only when `shown` has name set.
std::string fill_page(std::string_view page, const std::map<std::string, std::string>& vars,
                      const std::map<std::string, bool>& shown = {});

}  // namespace faq
