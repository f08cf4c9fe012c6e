#include "log.h"

#include <openssl/sha.h>
#include <spdlog/sinks/base_sink.h>

#include <atomic>
#include <cstdio>
#include <limits>
#include <mutex>

#include "kb/text.h"

namespace faq::log {
namespace {
const char* kHex = "0123456789abcdef";

std::atomic<std::shared_ptr<const Redactor>> g_redactor;

// stderr, each line's message redacted before it is formatted and written.
class RedactingStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::details::log_msg copy = msg;
    std::string text;
    if (auto redactor = g_redactor.load()) {
      text = redactor->redact(std::string_view(msg.payload.data(), msg.payload.size()));
      copy.payload = text;
    }
    spdlog::memory_buf_t line;
    formatter_->format(copy, line);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

// How byte `c` at text[i] is written to the log; `n` becomes the bytes it covers.
std::string escaped(std::string_view text, size_t i, size_t& n) {
  auto c = static_cast<unsigned char>(text[i]);
  n = c < 0x80 ? 1 : kb::utf8_sequence_length(text, i);
  if (n > 1) return std::string(text.substr(i, n));
  n = 1;
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c == '\t') return "\\t";
  if (c < 0x20 || c >= 0x7F) return std::string("\\x") + kHex[c >> 4] + kHex[c & 15];  // control, or not UTF-8
  return std::string(1, static_cast<char>(c));
}
std::string escape_and_cut(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  for (size_t i = 0, n = 0; i < text.size(); i += n) {
    std::string piece = escaped(text, i, n);
    if (out.size() + piece.size() > max_bytes) return out + "…";
    out += piece;
  }
  return out;
}
}  // namespace

void init() {
  auto logger = std::make_shared<spdlog::logger>("faq", std::make_shared<RedactingStderrSink>());
  logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] %v");
  spdlog::set_default_logger(logger);
}

void redact_with(std::shared_ptr<const Redactor> redactor) { g_redactor.store(std::move(redactor)); }

std::string printable(std::string_view text, size_t max_bytes) {
  // Escaped first (the redactor reads text, not control bytes), redacted, then cut.
  if (auto redactor = g_redactor.load())
    return escape_and_cut(redactor->redact(escape_and_cut(text, std::numeric_limits<size_t>::max())), max_bytes);
  return escape_and_cut(text, max_bytes);
}

std::string user_tag(std::string_view id) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(id.data()), id.size(), digest);
  std::string out;
  for (int i = 0; i < 6; ++i) (out += kHex[digest[i] >> 4]) += kHex[digest[i] & 15];
  return out;
}

}  // namespace faq::log
