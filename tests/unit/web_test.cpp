// The server's parts for the widget and the console: the suggestion index, the CORS allow-list,
// the page helpers, the embedded files, and the "regional" field of answers.
#include <time.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "cors.h"
#include "fixture.h"
#include "suggest_index.h"
#include "web_files.h"
#include "web_pages.h"

TEST_CASE("suggestions: prefix, pinyin initials, full pinyin and words, one per entry", "[suggest]") {
  const faq::SuggestIndex index(test::store());
  CHECK(index.size() > 200);  // standard questions and phrasings
  auto first = [&](const std::string& q) {
    auto found = index.find(q, 5);
    return found.empty() ? std::string() : found.front().question;
  };
  CHECK(first("家庭共济").rfind("家庭共济", 0) == 0);
  CHECK(first("jtgj").rfind("家庭共济", 0) == 0);
  CHECK(first("jiating").rfind("家庭", 0) == 0);
  CHECK(first("JTGJ") == first("jtgj"));                // normalised like questions
  CHECK(first("家庭gongj").rfind("家庭共济", 0) == 0);  // half typed in an IME
  CHECK_FALSE(index.find("余额 提取", 5).empty());
  CHECK(index.find("", 5).empty());
  CHECK(index.find("   ", 5).empty());
  CHECK(index.find("yb", 3).size() == 3);
  auto all = index.find("yb", 10);
  for (size_t i = 0; i < all.size(); ++i)
    for (size_t j = i + 1; j < all.size(); ++j) CHECK(all[i].entry != all[j].entry);
  for (const auto& s : all) CHECK(s.topic != test::store().out_of_scope_topic());
}

// The sanitizer tree (ASan, with GCC or clang) is not timed.
#if defined(__SANITIZE_ADDRESS__)
#define FAQ_INSTRUMENTED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FAQ_INSTRUMENTED 1
#endif
#endif

namespace {
// This thread's CPU time in microseconds: unlike the wall clock, other processes on a busy
// machine do not add to it (a wall-clock bound failed once in a clean-clone run under load).
double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}
}  // namespace

TEST_CASE("suggestions: a lookup takes well under a millisecond", "[suggest]") {
  const faq::SuggestIndex index(test::store());
  const std::vector<std::string> queries = {"yb", "jtgj", "医保卡", "家庭共济怎么", "余额 提取", "yibao"};
  const double t0 = thread_cpu_us();
  size_t found = 0;
  for (int i = 0; i < 100; ++i)
    for (const auto& q : queries) found += index.find(q, 5).size();
  const double per = (thread_cpu_us() - t0) / 600;
  CHECK(found > 0);
#ifndef FAQ_INSTRUMENTED
  // An instrumented build (the sanitizer tree) is many times slower: only plain builds are timed.
  CHECK(per < 1000);
#endif
  INFO("CPU per lookup: " << per << " µs");
}

TEST_CASE("cors: exact origins from a comma-separated list, or any with *", "[cors]") {
  const faq::CorsPolicy p(" https://www.example.gov.cn/ , http://127.0.0.1:8081");
  CHECK(p.allows("https://www.example.gov.cn"));
  CHECK(p.allows("HTTPS://WWW.EXAMPLE.GOV.CN"));
  CHECK(p.allows("http://127.0.0.1:8081"));
  CHECK_FALSE(p.allows("http://127.0.0.1:8082"));
  CHECK_FALSE(p.allows("https://www.example.gov.cn.evil.com"));
  CHECK_FALSE(p.allows("null"));
  CHECK_FALSE(p.allows(""));
  CHECK(faq::CorsPolicy("").empty());
  CHECK(faq::CorsPolicy("*").allows("https://anyone.example"));
  CHECK_THROWS(faq::CorsPolicy("www.example.gov.cn"));
  CHECK_THROWS(faq::CorsPolicy("https://www.example.gov.cn/path"));
}

TEST_CASE("pages: escaping, query encoding, templates", "[pages]") {
  CHECK(faq::html_escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  CHECK(faq::url_encode("a b&c=d/\xe5\x8c\xbb") == "a%20b%26c%3Dd%2F%E5%8C%BB");
  CHECK(faq::fill_page("{{a}}-{{b}}-{{a}}", {{"a", "1"}, {"b", "{{a}}"}}) == "1-{{a}}-1");
  CHECK(faq::fill_page("x<!--if:e-->y<!--end:e-->z", {}, {{"e", false}}) == "xz");
  CHECK(faq::fill_page("x<!--if:e-->y<!--end:e-->z", {}, {{"e", true}}) == "xyz");
}

TEST_CASE("web files: compiled in, typed, with an ETag", "[pages]") {
  const faq::WebFile* js = faq::web_file("widget.js");
  REQUIRE(js);
  CHECK(js->content_type.rfind("text/javascript", 0) == 0);
  CHECK(js->etag.size() == 18);
  REQUIRE(faq::web_file("widget.css"));
  CHECK(js->body.size() + faq::web_file("widget.css")->body.size() < 40 * 1024);
  CHECK_FALSE(faq::web_file("missing.js"));
  CHECK_THROWS(faq::web_text("missing.html"));
}

TEST_CASE("answers say whether the place matters", "[regional]") {
  CHECK(test::ask("怎么查医保余额", "", "text", "兰州").regional);
  CHECK(test::ask("家庭共济怎么绑定").regional);  // a procedure: channels differ by city
  CHECK_FALSE(test::ask("公积金怎么提取").regional);
  CHECK(test::ask("怎么查医保余额", "", "text", "兰州").json_text().find("\"regional\":true") != std::string::npos);
}
