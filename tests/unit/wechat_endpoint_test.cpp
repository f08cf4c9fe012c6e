#include "wechat_endpoint.h"

#include <catch2/catch.hpp>

#include "fixture.h"
#include "kb/context_codec.h"

namespace {
std::map<std::string, std::string> signed_query(const std::string& token, int i) {
  std::string ts = std::to_string(kb::unix_now()), nonce = std::to_string(i);
  return {{"timestamp", ts}, {"nonce", nonce}, {"signature", faq::sha1_signature({token, ts, nonce})}};
}
}  // namespace

TEST_CASE("wechat: remembered replies and (timestamp, nonce) pairs stay bounded", "[wechat]") {
  faq::WeChatConfig config;
  config.token = "t";
  config.mode = "plaintext";
  config.max_remembered = 100;
  faq::EngineOptions options;
  options.context_secret = std::string(32, 'k');
  faq::EngineHolder engines(std::make_shared<const faq::Engine>(test::store_path(), options));
  faq::WeChatEndpoint endpoint(config, engines);
  for (int i = 0; i < 1000; ++i) {
    std::string body = "<xml><ToUserName>gh</ToUserName><FromUserName>u";
    body += std::to_string(i);
    body += "</FromUserName><MsgType>event</MsgType><Event>unsubscribe</Event><CreateTime>1</CreateTime></xml>";
    CHECK(endpoint.receive(signed_query("t", i), "text/xml", body).status == 200);
  }
  CHECK(endpoint.remembered_count() <= 200);
}
