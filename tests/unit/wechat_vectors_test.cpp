// The remaining vectors of ../shared/wechat/test-vectors.json, values copied in (a user's clone has no
// shared folder): official Java/C# samples, EasyWeChat, wechat-crypto, pywe-sign, a full padding block.
#include <catch2/catch.hpp>

#include "wechat_crypto.h"

using faq::WeChatCrypto;

TEST_CASE("wechat vectors: Java sample, XML message", "[wechat]") {
  WeChatCrypto c("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6");
  const std::string msg =
      "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></"
      "ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</"
      "CreateTime><MsgType><![CDATA[video]]></"
      "MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></"
      "MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></"
      "Description></Video></xml>";
  CHECK(c.encrypt(msg, "aaaabbbbccccdddd") ==
        "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+"
        "wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/"
        "wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/"
        "77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+"
        "xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/"
        "slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/"
        "LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/"
        "eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb");
  CHECK(
      c.decrypt(
          "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+"
          "wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/"
          "wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/"
          "77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+"
          "xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/"
          "slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/"
          "LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/"
          "eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb") == msg);
}

TEST_CASE("wechat vectors: csharp_sample_decrypt", "[wechat]") {
  const std::string encrypt =
      "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/"
      "sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+"
      "LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+"
      "BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/"
      "uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
  CHECK(faq::sha1_signature({"QDG6eK", "1409659813", "1372623149", encrypt}) ==
        "477715d11cdb4164915debcba66cb864d751f3e6");
  WeChatCrypto c("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
  CHECK(c.decrypt(encrypt) ==
        "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></"
        "FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></"
        "MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</"
        "xml>");
}

TEST_CASE("wechat vectors: easywechat_decrypt", "[wechat]") {
  const std::string encrypt =
      "rTNFcsut4LfGuAFKEUVVpwcaCOTJzOd9twZdIW910jb3k+iicx2uvhttIZ3Qg9Qgty3BEF2xbOrz6boTfb30dMomcgrkTqdFPwnhqbk+"
      "kIQ7rZiwny9D7NUrTgA5kpX3KsZvrXzUZyP2x9YOlxbgm572lmxKvM7HAQQhIQ/"
      "p6HBmoY30bGXFK0BtIu1pW9TjhOYrLQoU18nWYjWqDA1ynkmOytpv7QRI1P1+0NoxL0q2zO1DgeSvnE8CZGo/o5Ap/WHK5W2RAsinpzN4/"
      "LjPnmB6U01I5XCoJoC0GK/yMZycd2Oh8Nq6+wBkC1U85oy0ktOY4nLvsQMLrourmMGdZHuTbqpeJ8Ao/"
      "5PRYJ+WBvRUwPfGKBL2+2IKZF49vAJqkcGWSHGE76ZN2erXeuNazf/o9o3lIE3q739o4c8t9QGPe31GT2Go/"
      "rOz1BsrASwvauNulCh+++yz+CQzBIuikA==";
  CHECK(faq::sha1_signature({"pamtest", "1458300676", "260774613", encrypt}) ==
        "4f3ad57b6989f09f4eb392acce4f9e93942ed890");
  WeChatCrypto c("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6");
  CHECK(c.decrypt(encrypt) ==
        "<xml><URL><![CDATA[http://wechat.laravel.so/server]]></URL><ToUserName><![CDATA[asdasdasd]]></"
        "ToUserName><FromUserName><![CDATA[asdasdasdsadasd]]></FromUserName><CreateTime>1234567898</"
        "CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>12345</MsgId></xml>");
}

TEST_CASE("wechat vectors: wechat-crypto getSignature and pywe-sign", "[wechat]") {
  CHECK(faq::sha1_signature({"RMNlACHlV5ThzfRlVS4D4", "timestamp", "nonce", "encrypt"}) ==
        "8edac0945683c119ee71c9f6256d76c48aa08a96");
  CHECK(faq::sha1_signature({"789", "456", "123"}) == "f7c3bc1d808e04732adf679965ccc34ca7ae3441");
}

TEST_CASE("wechat vectors: a message that fills whole blocks gets a full padding block", "[wechat]") {
  WeChatCrypto c("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "wxba5fad812f8e6fb9");
  std::string e = c.encrypt("abcdefghijklmnopqrstuvwxyz", "0123456789abcdef");
  CHECK(e ==
        "uMMzGtqcnpOzXOYBwDQNreOzv02yzI0bkPPytDAr20xVHmHdVW0O92RuUcMCuXN4DMkboHlg4Y+"
        "oen1qwCcKBZ0fonDVqWBDlWtYlGIvdUH71ANvK32Zc5HlRO7GXLLl");
  CHECK(faq::base64_decode(e).size() == 96);
  CHECK(faq::sha1_signature({"AAAAA", "1700000000", "123456", e}) == "9ee19404bea76e02388e774824647a9f2c8fe320");
  CHECK(c.decrypt(e) == "abcdefghijklmnopqrstuvwxyz");
}
