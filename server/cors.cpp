#include "cors.h"

#include <algorithm>
#include <stdexcept>

namespace faq {

std::string canonical_origin(std::string_view origin) {
  while (!origin.empty() && (origin.front() == ' ' || origin.front() == '\t')) origin.remove_prefix(1);
  while (!origin.empty() && (origin.back() == ' ' || origin.back() == '\t' || origin.back() == '/'))
    origin.remove_suffix(1);
  std::string out(origin);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

CorsPolicy::CorsPolicy(std::string_view list) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string origin = canonical_origin(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (origin.empty()) continue;
    if (origin == "*") {
      any_ = true;
      continue;
    }
    // A path or a missing scheme would never match what a browser sends: say so at start-up.
    const size_t scheme = origin.find("://");
    if (scheme == std::string::npos || origin.find('/', scheme + 3) != std::string::npos)
      throw std::runtime_error("cors_origins: not an origin (scheme://host[:port]): '" + origin + "'");
    origins_.push_back(origin);
  }
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty() || origin == "null") return false;
  if (any_) return true;
  const std::string o = canonical_origin(origin);
  return std::find(origins_.begin(), origins_.end(), o) != origins_.end();
}

}  // namespace faq
