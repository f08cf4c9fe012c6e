// The files of web/ (the widget, its stylesheet, the /ask and /console pages and their wording),
// compiled into the server by embed_web.cmake. Nothing is read from disk at run time.
//
// Thread-safety: the table is built once, on first use, and only read afterwards.
#pragma once
#include <string>
#include <string_view>

namespace faq {

struct WebFile {
  std::string_view name;          // widget.js
  std::string_view body;          // the file's bytes
  std::string_view content_type;  // from the extension, with charset for text
  std::string etag;               // a quoted digest of the body, for If-None-Match
};

// The file of web/ called `name`, or nullptr.
const WebFile* web_file(std::string_view name);
// The body of a file that must exist (a page template): throws std::logic_error otherwise.
std::string_view web_text(std::string_view name);

}  // namespace faq
