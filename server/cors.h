// Cross-origin access to /v1/* for the widget on other sites: only origins on the allow-list
// (cors_origins / FAQ_CORS_ORIGINS, comma-separated, e.g. "https://www.example.gov.cn") get
// Access-Control-Allow-Origin, echoed back; "*" on the list allows every origin. Every /v1/*
// response says Vary: Origin, so caches keep one answer per origin.
//
// Thread-safety: immutable after construction.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace faq {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::string_view comma_separated);
  bool allows(std::string_view origin) const;
  bool empty() const { return origins_.empty() && !any_; }

 private:
  std::vector<std::string> origins_;  // scheme://host[:port], lower case, no trailing slash
  bool any_ = false;
};

// An origin as browsers send it, for comparison: lower case, without a trailing slash.
std::string canonical_origin(std::string_view origin);

}  // namespace faq
