#include "web_files.h"

#include <openssl/sha.h>

#include <map>
#include <stdexcept>
#include <vector>

#include "web_data.h"

namespace faq {
namespace {

std::string_view content_type_of(std::string_view name) {
  static const std::vector<std::pair<std::string_view, std::string_view>> types = {
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
  };
  for (const auto& [ext, type] : types)
    if (name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext) return type;
  return "application/octet-stream";
}

std::string etag_of(std::string_view body) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string tag = "\"";
  for (int i = 0; i < 8; ++i) (tag += hex[digest[i] >> 4]) += hex[digest[i] & 15];
  return tag + "\"";
}

const std::map<std::string_view, WebFile>& files() {
  static const std::map<std::string_view, WebFile> all = [] {
    std::map<std::string_view, WebFile> out;
    for (const auto& f : web_data::kWebFiles) {
      std::string_view body(reinterpret_cast<const char*>(f.data), f.size);
      out[f.name] = WebFile{f.name, body, content_type_of(f.name), etag_of(body)};
    }
    return out;
  }();
  return all;
}

}  // namespace

const WebFile* web_file(std::string_view name) {
  auto it = files().find(name);
  return it == files().end() ? nullptr : &it->second;
}

std::string_view web_text(std::string_view name) {
  const WebFile* f = web_file(name);
  if (!f) throw std::logic_error("web file missing from the build: " + std::string(name));
  return f->body;
}

}  // namespace faq
