// WeChat's published vectors (../shared/wechat/test-vectors.json, copied here: a user's clone has no
// shared folder).
#include "wechat_crypto.h"

#include <catch2/catch.hpp>

using faq::WeChatCrypto;

TEST_CASE("wechat: URL verification signature (mini-program handshake vector)", "[wechat]") {
  CHECK(faq::sha1_signature({"AAAAA", "1714036504", "1514711492"}) == "f464b24fc39322e44b38aa78f5edd27bd1441696");
  CHECK(faq::sha1_signature({"AAAAA", "1714037059", "486452656"}) == "899cf89e464efb63f54ddac96b0a0a235f53aa78");
}

TEST_CASE("wechat: safe-mode push decrypts (mini-program vector)", "[wechat]") {
  const std::string encrypt =
      "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/"
      "ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+"
      "tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/"
      "P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";
  CHECK(faq::sha1_signature({"AAAAA", "1714112445", "415670741", encrypt}) ==
        "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3");
  WeChatCrypto crypto(std::string(43, 'A'), "wxba5fad812f8e6fb9");
  CHECK(
      crypto.decrypt(encrypt) ==
      R"({"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"})");
  // The same message for another appid is refused.
  CHECK_THROWS_AS(WeChatCrypto(std::string(43, 'A'), "wx0000000000000000").decrypt(encrypt), faq::WeChatError);
}

TEST_CASE("wechat: safe-mode reply encrypts byte for byte (mini-program vector)", "[wechat]") {
  WeChatCrypto crypto(std::string(43, 'A'), "wxba5fad812f8e6fb9");
  // The vector's random prefix is the 16 ASCII characters "707722b803182950".
  std::string encrypt_ascii = crypto.encrypt(R"({"demo_resp":"good luck"})", "707722b803182950");
  CHECK(encrypt_ascii == "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==");
  CHECK(faq::sha1_signature({"AAAAA", "1713424427", "415670741", encrypt_ascii}) ==
        "1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1");
}

TEST_CASE("wechat: official sample code vectors", "[wechat]") {
  WeChatCrypto java("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6");
  std::string e = java.encrypt("我是中文abcd123", "aaaabbbbccccdddd");
  CHECK(e == "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
  CHECK(java.decrypt(e) == "我是中文abcd123");
  CHECK(faq::sha1_signature({"pamtest", "1409304348", "xxxxxx", e}) == "82c962d39941aa48552f90ef55aa323dc620cc10");

  const std::string py =
      "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+"
      "LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T33"
      "2jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+"
      "WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/"
      "HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+"
      "q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";
  CHECK(faq::sha1_signature({"spamtest", "1409735669", "1320562132", py}) ==
        "5d197aaffba7e9b25a30732f161a50dee96bd5fa");
  WeChatCrypto python("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx2c2769f8efd9abc2");
  std::string msg = python.decrypt(py);
  CHECK(msg.rfind("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>", 0) == 0);
  CHECK(msg.find("<MsgId>6054768590064713728</MsgId>") != std::string::npos);
}

TEST_CASE("wechat: bad keys and ciphertexts are errors, never crashes", "[wechat]") {
  CHECK_THROWS_AS(WeChatCrypto("short", "x"), faq::WeChatError);
  WeChatCrypto c(std::string(43, 'A'), "wx");
  for (const char* bad : {"", "abc", "!!!!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    CHECK_THROWS_AS(c.decrypt(bad), faq::WeChatError);
  // A fresh random prefix every time, and a round trip.
  CHECK(c.encrypt("你好") != c.encrypt("你好"));
  CHECK(c.decrypt(c.encrypt("你好")) == "你好");
  CHECK(c.decrypt(c.encrypt(std::string(31, 'x'))) == std::string(31, 'x'));  // full padding block
}
