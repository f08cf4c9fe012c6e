#!/usr/bin/env python3
"""End-to-end tests of the /wechat endpoint over HTTP, with an independent implementation of
WeChat's crypto (Debian's python3-cryptography) playing WeChat, and a fake customer-service API
on loopback for the mini-program path."""
import base64
import hashlib
import http.server
import json
import os
import struct
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from harness import Server, run_checks, server_args

TOKEN, AES_KEY, APPID = "testtoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6"
KEY = base64.b64decode(AES_KEY + "=")
CHECKS = []


def check(fn):
    CHECKS.append((fn.__name__, fn))
    return fn


def sign(*parts):
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def encrypt(msg, appid=APPID):
    body = os.urandom(16) + struct.pack(">I", len(msg.encode())) + msg.encode() + appid.encode()
    pad = 32 - len(body) % 32
    body += bytes([pad]) * pad
    enc = Cipher(algorithms.AES(KEY), modes.CBC(KEY[:16])).encryptor()
    return base64.b64encode(enc.update(body) + enc.finalize()).decode()


def decrypt(b64):
    dec = Cipher(algorithms.AES(KEY), modes.CBC(KEY[:16])).decryptor()
    plain = dec.update(base64.b64decode(b64)) + dec.finalize()
    plain = plain[:-plain[-1]]
    n = struct.unpack(">I", plain[16:20])[0]
    return plain[20:20 + n].decode(), plain[20 + n:].decode()


def text_xml(content, openid="oUser1", msg_id=None, msg_type="text", extra=""):
    msg_id = msg_id or str(int(time.time() * 1000) % 10**15 + 6054768590064713728 % 10**6)
    field = f"<Content><![CDATA[{content}]]></Content>" if msg_type == "text" else extra
    return (f"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{field}"
            f"<MsgId>{msg_id}</MsgId></xml>")


def post(s, body, ts=None, nonce="12345", signature=None, aes=False, content_type="text/xml"):
    ts = str(int(time.time()) if ts is None else ts)
    q = {"timestamp": ts, "nonce": nonce, "signature": signature or sign(TOKEN, ts, nonce), "openid": "x"}
    if aes:
        enc = encrypt(body)
        q.update({"encrypt_type": "aes", "msg_signature": signature or sign(TOKEN, ts, nonce, enc)})
        body = f"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"
    status, data, _ = s.request("POST", "/wechat?" + urllib.parse.urlencode(q), body.encode(),
                                headers={"Content-Type": content_type}, raw=True)
    return status, data.decode("utf-8", "replace"), q


def content_of(xml_text):
    root = ET.fromstring(xml_text)
    return root.findtext("Content"), root.findtext("ToUserName"), root.findtext("FromUserName")


@check
def handshake(s, _):
    ts, nonce = "1714036504", "1514711492"
    q = urllib.parse.urlencode({"signature": sign(TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce, "echostr": "4375120948345356249"})
    status, data, _ = s.request("GET", "/wechat?" + q, raw=True)
    assert status == 200 and data == b"4375120948345356249", (status, data)
    q = urllib.parse.urlencode({"signature": "0" * 40, "timestamp": ts, "nonce": nonce, "echostr": "x"})
    status, data, _ = s.request("GET", "/wechat?" + q, raw=True)
    assert status == 403 and b"x" not in data


@check
def plaintext_text_message(s, _):
    status, body, _ = post(s, text_xml("医保余额怎么查"))
    assert status == 200, status
    content, to, frm = content_of(body)
    assert to == "oUser1" and frm == "gh_test", (to, frm)  # swapped
    assert "12333" in content and "**" not in content and len(content.encode()) <= 2048, content


@check
def voice_with_recognition(s, _):
    status, body, _ = post(s, text_xml("", msg_type="voice", extra="<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[我老婆能用我医保卡里的钱吗]]></Recognition>"))
    assert status == 200 and "配偶" in content_of(body)[0], body
    status, body, _ = post(s, text_xml("", msg_type="voice", extra="<Recognition><![CDATA[]]></Recognition>"))
    assert "没有听清" in content_of(body)[0], body


@check
def subscribe_event_and_image(s, _):
    ev = (f"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oNew]]></FromUserName>"
          f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>")
    status, body, _ = post(s, ev)
    assert status == 200 and "医保" in content_of(body)[0], body
    status, body, _ = post(s, text_xml("", msg_type="image", extra="<PicUrl><![CDATA[http://x]]></PicUrl>"))
    assert "文字" in content_of(body)[0], body


@check
def retry_of_the_same_msgid_gets_the_same_reply(s, _):
    msg = text_xml("家庭共济怎么绑定", msg_id="9223372036854775807")  # 64-bit MsgId
    _, first, _ = post(s, msg)
    _, again, _ = post(s, msg, nonce="67890")
    assert first == again and content_of(first)[0], (first, again)


@check
def two_turn_conversation_by_openid(s, _):
    _, first, _ = post(s, text_xml("医保卡里的钱能给家人用吗", openid="oTalk"))
    _, second, _ = post(s, text_xml("那我哥哥呢", openid="oTalk"))
    assert "兄弟姐妹" in content_of(second)[0], second
    # Another user does not inherit that conversation.
    _, other, _ = post(s, text_xml("那我哥哥呢", openid="oSomeoneElse"))
    assert content_of(other)[0] != content_of(second)[0]


@check
def xxe_and_oversized_bodies_are_refused(s, _):
    xxe = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>'
    status, body, _ = post(s, xxe)
    assert status == 400 and "root" not in body, (status, body)
    status, _, _ = post(s, "<xml>" + "a" * 20000 + "</xml>")
    assert status == 413, status


@check
def bad_signature_and_stale_timestamp(s, _):
    status, body, _ = post(s, text_xml("医保余额怎么查"), signature="f" * 40)
    assert status == 403 and "医保" not in body
    status, _, _ = post(s, text_xml("医保余额怎么查"), ts=int(time.time()) - 3600)
    assert status == 403
    status, _, _ = post(s, text_xml("医保余额怎么查"), ts="99999999999999999999")
    assert status == 403


@check
def safe_mode_round_trip(s, _):
    status, body, q = post(s, text_xml("医保卡里的钱能取出来吗", openid="oSafe"), aes=True)
    assert status == 200, (status, body)
    root = ET.fromstring(body)
    enc, sig, ts, nonce = (root.findtext(k) for k in ("Encrypt", "MsgSignature", "TimeStamp", "Nonce"))
    assert sig == sign(TOKEN, ts, nonce, enc), "reply signature"
    msg, appid = decrypt(enc)
    assert appid == APPID and "去世" in content_of(msg)[0], msg
    # Tampered msg_signature, and a message encrypted for another appid.
    status, _, _ = post(s, text_xml("医保余额怎么查"), aes=True, signature="0" * 40)
    assert status == 403
    ts = str(int(time.time()))
    enc = encrypt(text_xml("医保余额怎么查"), appid="wx0000000000000000")
    q = {"timestamp": ts, "nonce": "1", "encrypt_type": "aes", "msg_signature": sign(TOKEN, ts, "1", enc), "signature": sign(TOKEN, ts, "1")}
    status, _, _ = s.request("POST", "/wechat?" + urllib.parse.urlencode(q),
                             f"<xml><Encrypt><![CDATA[{enc}]]></Encrypt></xml>".encode(), headers={"Content-Type": "text/xml"}, raw=True)
    assert status == 400, status


@check
def miniprogram_json_answer_goes_through_the_api(s, fake):
    msg = json.dumps({"ToUserName": "gh_mp", "FromUserName": "oMini", "CreateTime": int(time.time()), "MsgType": "text",
                      "Content": "医保钱包转账要手续费吗", "MsgId": 1234567890123456789}, ensure_ascii=False)
    fake.expire_next_token = True  # the first send fails with 40001: the client must refresh and retry
    status, body, _ = post(s, msg, content_type="application/json")
    assert status == 200 and body == "success", (status, body)
    for _ in range(50):
        if fake.sent:
            break
        time.sleep(0.1)
    assert fake.sent, "nothing reached the customer-service API"
    sent = fake.sent[-1]
    assert sent["touser"] == "oMini" and "手续费" in sent["text"]["content"], sent
    assert fake.token_requests >= 2 and fake.token_bodies[-1].get("force_refresh") is True, fake.token_bodies


@check
def miniprogram_xml_push_also_goes_through_the_api(s, fake):
    before = len(fake.sent)
    msg = (f"<xml><ToUserName><![CDATA[gh_mini]]></ToUserName><FromUserName><![CDATA[oMiniXml]]></FromUserName>"
           f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[怎么查医保余额]]></Content><MsgId>77777</MsgId></xml>")
    status, body, _ = post(s, msg)
    assert status == 200 and body == "success", (status, body)
    for _ in range(50):
        if len(fake.sent) > before:
            break
        time.sleep(0.1)
    assert len(fake.sent) > before and fake.sent[-1]["touser"] == "oMiniXml", fake.sent[-1:]


class FakeApi(http.server.BaseHTTPRequestHandler):
    state = None

    def log_message(self, *a):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        st = FakeApi.state
        if self.path.startswith("/cgi-bin/stable_token"):
            st.token_requests += 1
            st.token_bodies.append(body)
            reply = {"access_token": f"token{st.token_requests}", "expires_in": 7200}
        elif self.path.startswith("/cgi-bin/message/custom/send"):
            if st.expire_next_token:
                st.expire_next_token = False
                reply = {"errcode": 40001, "errmsg": "invalid credential"}
            else:
                st.sent.append(body)
                reply = {"errcode": 0, "errmsg": "ok"}
        else:
            reply = {"errcode": -1}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeState:
    def __init__(self):
        self.sent, self.token_requests, self.token_bodies, self.expire_next_token = [], 0, [], False


def main():
    a = server_args()
    FakeApi.state = fake = FakeState()
    api = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    threading.Thread(target=api.serve_forever, daemon=True).start()
    env = {"FAQ_WECHAT_TOKEN": TOKEN, "FAQ_WECHAT_AES_KEY": AES_KEY, "FAQ_WECHAT_APPID": APPID,
           "FAQ_WECHAT_APPSECRET": "test-secret", "FAQ_WECHAT_MINIPROGRAM_USERNAME": "gh_mini",
           "FAQ_WECHAT_API_BASE": f"http://127.0.0.1:{api.server_address[1]}"}
    with Server(a.server, a.indexer, a.kb, env=env) as s:
        failed = run_checks(CHECKS, s, fake)
        proc = s.proc
    # Secrets never reach the log.
    log = proc.stderr.read() if proc.stderr else ""
    for secret in ("test-secret", AES_KEY, TOKEN):
        if secret in log:
            failed += 1
            print("FAIL a secret appeared in the server log")
    api.shutdown()
    print(f"{len(CHECKS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
