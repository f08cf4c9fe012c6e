// The server's log: one line per event on stderr (spdlog), with what came from outside made safe.
//
// Text from residents and WeChat (questions, user ids) never reaches the log verbatim: control
// characters are escaped, so a newline cannot forge a log line, long text is cut, and a user id
// is logged as a short hash that correlates one user's lines without naming the user.
//
// Personal data never reaches the log either: once redact_with() is given the redactor, every
// line is redacted as it is written (a sink that redacts the formatted message), and printable()
// redacts before it cuts, so that a number cut in half is not half left.
//
// Thread-safety: spdlog's default logger is thread-safe; the redactor is swapped atomically; the
// helpers are pure functions of their input and the redactor.
#pragma once
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

#include "redactor.h"

namespace faq::log {

// Sends the default logger to stderr (stdout carries the one "listening on" line and --ask output).
void init();
// Redact every log line (and printable()) with `redactor` from now on; null stops redacting.
void redact_with(std::shared_ptr<const Redactor> redactor);

// `text` with control characters (and invalid UTF-8 bytes) escaped as \n, \r, \t or \xNN, cut
// to at most `max_bytes` bytes at a character boundary (with "…" when cut).
std::string printable(std::string_view text, size_t max_bytes = 200);

// The first 12 hex digits of SHA-256(id): stable for one id, and not the id.
std::string user_tag(std::string_view id);

}  // namespace faq::log
