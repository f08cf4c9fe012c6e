// The whole answer pipeline behind POST /v1/ask, on a store built from kb/: the body is parsed
// (input that is no body is taken as the question itself) and validated, answered, and answered
// again as a follow-up with the context the first answer sealed. Checks, besides no exception other than
// kb::InvalidRequest and no sanitizer report: the JSON written directly is byte for byte the JSON of the response
// object, and the WeChat text of the answer stays within its byte limit. Seeds: corpus/answer/ (/v1/ask bodies).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ask_body.h"
#include "fuzz_store.h"
#include "kb/answerer.h"
#include "kb/render.h"

namespace {

const kb::Answerer* answerer = nullptr;
constexpr size_t kWeChatLimit = 2000;  // wechat_config.h's reply_limit_bytes

void same_json(const std::string& direct, const std::string& dumped) {
  if (direct == dumped) return;
  size_t i = 0;
  while (i < direct.size() && i < dumped.size() && direct[i] == dumped[i]) ++i;
  const size_t from = i < 40 ? 0 : i - 40;
  fprintf(stderr, "json_text() differs from to_json().dump() at byte %zu:\n  direct: %s\n  dumped: %s\n", i,
          direct.substr(from, 120).c_str(), dumped.substr(from, 120).c_str());
  abort();
}

void check(const kb::AskResponse& r) {
  same_json(r.json_text(), r.to_json().dump());
  same_json(r.json_text(false), r.to_json(false).dump());
  const kb::Messages& messages = answerer->store().messages();
  if (kb::chat_message(r.answer, r.sources, messages, kWeChatLimit).size() > kWeChatLimit) {
    fprintf(stderr, "WeChat text over its limit\n");
    abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  answerer = new kb::Answerer(fuzz::store(), kb::ScoringParams{}, kb::RequestLimits{},
                              kb::ContextCodec("fuzz-context-secret", 1800));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  kb::AskRequest req;
  try {
    req = faq::parse_ask_body(bytes);
  } catch (const kb::InvalidRequest&) {
    req.question = bytes;  // not a body: the bytes are the question, so that every input goes deep
  }
  try {
    const kb::AskResponse first = answerer->ask(req);
    check(first);
    req.context = first.context;
    check(answerer->ask(req));
  } catch (const kb::InvalidRequest&) {}
  return 0;
}
