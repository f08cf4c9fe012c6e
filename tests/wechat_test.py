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


_msg_ids = iter(range(6054768590064713728, 6054768590064713728 + 10**6))


def next_msg_id():
    """A MsgId no other message of this run has (never from the clock: two messages in the same
    millisecond would share one)."""
    return str(next(_msg_ids))


def text_xml(content, openid="oUser1", msg_id=None, msg_type="text", extra="", to="gh_test"):
    msg_id = msg_id or next_msg_id()
    field = f"<Content><![CDATA[{content}]]></Content>" if msg_type == "text" else extra
    return (f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{field}"
            f"<MsgId>{msg_id}</MsgId></xml>")


def post(s, body, ts=None, nonce=None, signature=None, aes=True, content_type="text/xml", envelope_to="gh_test"):
    """Posts `body` as WeChat does: encrypted with msg_signature (aes), or plaintext with signature."""
    ts = str(int(time.time()) if ts is None else ts)
    nonce = nonce or os.urandom(6).hex()
    q = {"timestamp": ts, "nonce": nonce, "signature": signature or sign(TOKEN, ts, nonce), "openid": "x"}
    if aes:
        enc = encrypt(body)
        q.update({"encrypt_type": "aes", "msg_signature": signature or sign(TOKEN, ts, nonce, enc)})
        if content_type == "application/json":
            body = json.dumps({"ToUserName": envelope_to, "Encrypt": enc})
        else:
            body = f"<xml><ToUserName><![CDATA[{envelope_to}]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"
    status, data, _ = s.request("POST", "/wechat?" + urllib.parse.urlencode(q), body.encode(),
                                headers={"Content-Type": content_type}, raw=True)
    return status, data.decode("utf-8", "replace"), q


def post_raw(s, query, body, content_type="text/xml"):
    status, data, _ = s.request("POST", "/wechat?" + urllib.parse.urlencode(query), body.encode(),
                                headers={"Content-Type": content_type}, raw=True)
    return status, data.decode("utf-8", "replace")


def reply_text(body):
    """The text of a passive reply, decrypted when it is encrypted."""
    root = ET.fromstring(body)
    if root.find("Encrypt") is not None:
        msg, appid = decrypt(root.findtext("Encrypt"))
        assert appid == APPID, appid
        root = ET.fromstring(msg)
    return root.findtext("Content"), root.findtext("ToUserName"), root.findtext("FromUserName")


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def verify_query(ts=None, echostr="4375120948345356249"):
    ts = str(int(time.time()) if ts is None else ts)
    nonce = os.urandom(4).hex()
    return urllib.parse.urlencode({"signature": sign(TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce,
                                   "echostr": echostr})


@check
def handshake(s, _):
    status, data, r = s.request("GET", "/wechat?" + verify_query(), raw=True)
    assert status == 200 and data == b"4375120948345356249", (status, data)
    assert r.getheader("X-Content-Type-Options") == "nosniff"
    ts, nonce = str(int(time.time())), "1514711492"
    q = urllib.parse.urlencode({"signature": "0" * 40, "timestamp": ts, "nonce": nonce, "echostr": "x"})
    status, data, _ = s.request("GET", "/wechat?" + q, raw=True)
    assert status == 403 and b"x" not in data


@check
def handshake_outside_the_window_or_with_markup_is_refused(s, _):
    status, data, _ = s.request("GET", "/wechat?" + verify_query(ts=int(time.time()) - 3600), raw=True)
    assert status == 403 and b"4375" not in data, (status, data)
    status, data, _ = s.request("GET", "/wechat?" + verify_query(echostr="<script>alert(1)</script>"), raw=True)
    assert status == 400 and b"script" not in data, (status, data)
    status, data, _ = s.request("GET", "/wechat?" + verify_query(echostr="1" * 200), raw=True)
    assert status == 400, status


@check
def encrypted_text_message(s, _):
    status, body, _ = post(s, text_xml("医保余额怎么查"))
    assert status == 200, (status, body)
    content, to, frm = reply_text(body)
    assert to == "oUser1" and frm == "gh_test", (to, frm)  # swapped
    assert "12333" in content and "**" not in content and len(content.encode()) <= 2048, content


@check
def voice_with_recognition(s, _):
    status, body, _ = post(s, text_xml("", msg_type="voice", extra="<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[我老婆能用我医保卡里的钱吗]]></Recognition>"))
    assert status == 200 and "配偶" in reply_text(body)[0], body
    status, body, _ = post(s, text_xml("", msg_type="voice", extra="<Recognition><![CDATA[]]></Recognition>"))
    assert "没有听清" in reply_text(body)[0], body


@check
def subscribe_event_and_image(s, _):
    ev = (f"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oNew]]></FromUserName>"
          f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>")
    status, body, _ = post(s, ev)
    assert status == 200 and "医保" in reply_text(body)[0], body
    status, body, _ = post(s, text_xml("", msg_type="image", extra="<PicUrl><![CDATA[http://x]]></PicUrl>"))
    assert "文字" in reply_text(body)[0], body


@check
def a_resident_may_type_a_doctype(s, _):
    status, body, _ = post(s, text_xml("<!DOCTYPE 医保余额怎么查"))
    assert status == 200 and "12333" in reply_text(body)[0], (status, body)


@check
def retry_of_the_same_msgid_gets_the_same_reply(s, _):
    msg = text_xml("家庭共济怎么绑定", msg_id="9223372036854775807")  # 64-bit MsgId
    _, first, _ = post(s, msg)
    _, again, _ = post(s, msg)
    assert reply_text(first)[0] == reply_text(again)[0] and reply_text(first)[0], (first, again)


@check
def two_users_with_the_same_msgid_get_their_own_answers(s, fake):
    shared = next_msg_id()
    _, a, _ = post(s, text_xml("医保余额怎么查", openid="oUserA", msg_id=shared))
    _, b, _ = post(s, text_xml("医保卡里的钱能取出来吗", openid="oUserB", msg_id=shared))
    assert reply_text(a)[1] == "oUserA" and reply_text(b)[1] == "oUserB", (a, b)
    assert reply_text(a)[0] != reply_text(b)[0], "user B got user A's answer"
    # A mini-program user whose MsgId is the same number: its own answer, through the API.
    before = len(fake.sent)
    msg = json.dumps({"ToUserName": "gh_mp", "FromUserName": "oMiniSame", "CreateTime": int(time.time()),
                      "MsgType": "text", "Content": "医保钱包转账要手续费吗", "MsgId": int(shared)}, ensure_ascii=False)
    status, body, _ = post(s, msg, content_type="application/json", envelope_to="gh_mp")
    assert status == 200 and body == "success", (status, body)
    assert wait_for(lambda: any(m["touser"] == "oMiniSame" for m in fake.sent[before:])), "no answer sent"
    sent = [m for m in fake.sent[before:] if m["touser"] == "oMiniSame"][-1]
    assert "手续费" in sent["text"]["content"], sent


@check
def two_turn_conversation_per_user_and_account(s, _):
    _, first, _ = post(s, text_xml("医保卡里的钱能给家人用吗", openid="oTalk"))
    _, second, _ = post(s, text_xml("那我哥哥呢", openid="oTalk"))
    assert "兄弟姐妹" in reply_text(second)[0], second
    # Another user does not inherit that conversation, nor does the same OpenID under another account.
    _, other, _ = post(s, text_xml("那我哥哥呢", openid="oSomeoneElse"))
    assert reply_text(other)[0] != reply_text(second)[0]
    _, elsewhere, _ = post(s, text_xml("那我哥哥呢", openid="oTalk", to="gh_other"), envelope_to="gh_other")
    assert reply_text(elsewhere)[0] != reply_text(second)[0]


@check
def plaintext_posts_to_a_safe_mode_endpoint_are_refused(s, _):
    status, body, _ = post(s, text_xml("医保余额怎么查", openid="oVictim"), aes=False)
    assert status == 403 and "医保" not in body, (status, body)
    msg = json.dumps({"ToUserName": "gh_mp", "FromUserName": "oVictim", "CreateTime": int(time.time()),
                      "MsgType": "text", "Content": "在兰州呢", "MsgId": int(next_msg_id())}, ensure_ascii=False)
    status, body, _ = post(s, msg, aes=False, content_type="application/json")
    assert status == 403, (status, body)


@check
def a_used_timestamp_and_nonce_are_refused_with_another_body(s, _):
    status, first, q = post(s, text_xml("我老婆的爸妈能用我医保卡里的钱吗", openid="oReplay"))
    assert status == 200, status
    envelope = f"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[{{}}]]></Encrypt></xml>"
    # WeChat's own retry: the same URL and the same body get the same reply.
    enc = ET.fromstring(first)  # (the reply; the request body is rebuilt below)
    original = text_xml("在兰州呢", openid="oReplay")
    enc_body = encrypt(original)
    ts, nonce = str(int(time.time())), os.urandom(6).hex()
    query = {"timestamp": ts, "nonce": nonce, "encrypt_type": "aes", "msg_signature": sign(TOKEN, ts, nonce, enc_body)}
    status, a = post_raw(s, query, envelope.format(enc_body))
    status2, b = post_raw(s, query, envelope.format(enc_body))
    assert status == status2 == 200 and reply_text(a)[0] == reply_text(b)[0], (status, status2)
    # Another body under the same (timestamp, nonce), even correctly signed, is a replay.
    other = encrypt(text_xml("医保余额怎么查", openid="oReplay"))
    query["msg_signature"] = sign(TOKEN, ts, nonce, other)
    status, body = post_raw(s, query, envelope.format(other))
    assert status == 403 and "医保" not in body, (status, body)
    del enc


@check
def xxe_and_oversized_bodies_are_refused(s, _):
    xxe = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>'
    status, body, _ = post(s, xxe)
    assert status == 400 and "root" not in body, (status, body)
    status, _, _ = post(s, "<xml>" + "a" * 20000 + "</xml>")
    assert status == 413, status


@check
def bad_signature_and_stale_or_huge_timestamp(s, _):
    status, body, _ = post(s, text_xml("医保余额怎么查"), signature="f" * 40)
    assert status == 403 and "医保" not in body
    status, _, _ = post(s, text_xml("医保余额怎么查"), ts=int(time.time()) - 3600)
    assert status == 403
    for ts in ("99999999999999999999", "9223372036854775808", "9999999999999999999", "-1"):
        status, _, _ = post(s, text_xml("医保余额怎么查"), ts=ts)
        assert status == 403, (ts, status)


@check
def safe_mode_round_trip(s, _):
    status, body, q = post(s, text_xml("医保卡里的钱能取出来吗", openid="oSafe"))
    assert status == 200, (status, body)
    root = ET.fromstring(body)
    enc, sig, ts, nonce = (root.findtext(k) for k in ("Encrypt", "MsgSignature", "TimeStamp", "Nonce"))
    assert sig == sign(TOKEN, ts, nonce, enc), "reply signature"
    msg, appid = decrypt(enc)
    assert appid == APPID and "去世" in reply_text(msg)[0], msg
    # Tampered msg_signature, and a message encrypted for another appid.
    status, _, _ = post(s, text_xml("医保余额怎么查"), signature="0" * 40)
    assert status == 403
    ts = str(int(time.time()))
    enc = encrypt(text_xml("医保余额怎么查"), appid="wx0000000000000000")
    q = {"timestamp": ts, "nonce": "1", "encrypt_type": "aes", "msg_signature": sign(TOKEN, ts, "1", enc), "signature": sign(TOKEN, ts, "1")}
    status, _ = post_raw(s, q, f"<xml><Encrypt><![CDATA[{enc}]]></Encrypt></xml>")
    assert status == 400, status


@check
def miniprogram_json_answer_goes_through_the_api(s, fake):
    msg = json.dumps({"ToUserName": "gh_mp", "FromUserName": "oMini", "CreateTime": int(time.time()), "MsgType": "text",
                      "Content": "医保钱包转账要手续费吗", "MsgId": int(next_msg_id())}, ensure_ascii=False)
    fake.script = [{"errcode": 40001, "errmsg": "invalid credential"}]  # the client must refresh and retry
    status, body, _ = post(s, msg, content_type="application/json", envelope_to="gh_mp")
    assert status == 200 and body == "success", (status, body)
    assert wait_for(lambda: any(m["touser"] == "oMini" for m in fake.sent)), "nothing reached the customer-service API"
    sent = [m for m in fake.sent if m["touser"] == "oMini"][-1]
    assert "手续费" in sent["text"]["content"], sent
    assert fake.token_requests >= 2 and fake.token_bodies[-1].get("force_refresh") is True, fake.token_bodies


@check
def miniprogram_xml_push_also_goes_through_the_api(s, fake):
    msg = (f"<xml><ToUserName><![CDATA[gh_mini]]></ToUserName><FromUserName><![CDATA[oMiniXml]]></FromUserName>"
           f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[怎么查医保余额]]></Content><MsgId>{next_msg_id()}</MsgId></xml>")
    status, body, _ = post(s, msg, envelope_to="gh_mini")
    assert status == 200 and body == "success", (status, body)
    assert wait_for(lambda: any(m["touser"] == "oMiniXml" for m in fake.sent)), fake.sent[-1:]


@check
def odd_api_answers_do_not_end_the_process(s, fake):
    # Wrong types, arrays, null and garbage from the API: for the send, and (after a 40001 that
    # asks for a fresh token) for the token.
    odd = [{"errcode": "0"}, [], None, "garbage", {"errcode": 1.5}]
    scripts = [[reply] for reply in odd] + [[{"errcode": 40001}, reply] for reply in
                                            ([], None, {"access_token": 5}, {"access_token": "t", "expires_in": "x"})]
    for script in scripts:
        fake.script = list(script)
        msg = json.dumps({"ToUserName": "gh_mp", "FromUserName": "oOdd", "CreateTime": int(time.time()),
                          "MsgType": "text", "Content": "医保余额怎么查", "MsgId": int(next_msg_id())})
        status, body, _ = post(s, msg, content_type="application/json", envelope_to="gh_mp")
        assert status == 200, (script, status)
        assert wait_for(lambda: not fake.script), f"the API was not called for {script!r}"
        status, _, _ = s.request("GET", "/healthz", raw=True)
        assert status == 200 and s.proc.poll() is None, f"the server died on {script!r}"
    # And it still delivers afterwards.
    before = len(fake.sent)
    msg = json.dumps({"ToUserName": "gh_mp", "FromUserName": "oAfterOdd", "CreateTime": int(time.time()),
                      "MsgType": "text", "Content": "医保余额怎么查", "MsgId": int(next_msg_id())})
    post(s, msg, content_type="application/json", envelope_to="gh_mp")
    assert wait_for(lambda: any(m["touser"] == "oAfterOdd" for m in fake.sent[before:])), "no delivery after odd answers"


@check
def questions_and_openids_never_reach_the_log_verbatim(s, fake):
    fake.script = [{"errcode": 45015, "errmsg": "response out of time limit"}]  # undeliverable: logged
    msg = json.dumps({"ToUserName": "gh_mp", "FromUserName": "oSecretOpenId42", "CreateTime": int(time.time()),
                      "MsgType": "text", "Content": "医保余额怎么查\n[2026-01-01 00:00:00.000] [error] forged line",
                      "MsgId": int(next_msg_id())}, ensure_ascii=False)
    post(s, msg, content_type="application/json", envelope_to="gh_mp")
    assert s.wait_for_log("not delivered"), "the undelivered answer was not logged"
    log = s.log_so_far()
    assert "oSecretOpenId42" not in log, "an OpenID reached the log"
    assert not any(line.startswith("[2026-01-01 00:00:00.000] [error] forged") for line in log.splitlines()), log


class FakeApi(http.server.BaseHTTPRequestHandler):
    """WeChat's customer-service API. `script` holds the replies the next calls get, token or
    send alike (any JSON value, malformed ones too); when it is empty, calls succeed."""
    state = None

    def log_message(self, *a):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        st = FakeApi.state
        token = self.path.startswith("/cgi-bin/stable_token")
        if token:
            st.token_requests += 1
            st.token_bodies.append(body)
        if st.script:
            reply = st.script.pop(0)
        elif token:
            reply = {"access_token": f"token{st.token_requests}", "expires_in": 7200}
        elif self.path.startswith("/cgi-bin/message/custom/send"):
            st.sent.append(body)
            reply = {"errcode": 0, "errmsg": "ok"}
        else:
            reply = {"errcode": -1}
        data = reply.encode() if isinstance(reply, str) else json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeState:
    def __init__(self):
        self.sent, self.token_requests, self.token_bodies, self.script = [], 0, [], []


def plaintext_mode(a, env):
    """A server configured for plaintext pushes accepts them, signature-checked, and still refuses
    a used (timestamp, nonce) with another body: the URL of a genuine push is in proxy logs."""
    failed = 0
    with Server(a.server, a.indexer, a.kb, env={**env, "FAQ_WECHAT_MODE": "plaintext", "FAQ_WECHAT_AES_KEY": ""}) as s:
        def plaintext_is_accepted(s):
            status, body, _ = post(s, text_xml("医保余额怎么查", openid="oPlain"), aes=False)
            assert status == 200 and "12333" in reply_text(body)[0], (status, body)

        def replayed_url_with_another_body_is_refused(s):
            ts, nonce = str(int(time.time())), os.urandom(6).hex()
            q = {"timestamp": ts, "nonce": nonce, "signature": sign(TOKEN, ts, nonce)}
            status, body = post_raw(s, q, text_xml("我老婆的爸妈能用我医保卡里的钱吗", openid="oVictim"))
            assert status == 200, status
            status, again = post_raw(s, q, text_xml("在兰州呢", openid="oVictim"))
            assert status == 403 and "兰州" not in again, (status, again)

        def encrypted_push_without_a_key_is_refused(s):
            status, _, _ = post(s, text_xml("医保余额怎么查"))
            assert status == 400, status
        failed += run_checks([("plaintext mode: " + f.__name__, f) for f in
                              (plaintext_is_accepted, replayed_url_with_another_body_is_refused,
                               encrypted_push_without_a_key_is_refused)], s)
    return failed


def configurations_that_cannot_work_are_refused(a, env):
    """The server does not start with an encrypted mode but no key, or an api_base of another scheme."""
    failed = 0
    for name, extra, word in (("no key for safe mode", {"FAQ_WECHAT_AES_KEY": ""}, "encoding_aes_key"),
                              ("unknown mode", {"FAQ_WECHAT_MODE": "loose"}, "mode"),
                              ("api_base scheme", {"FAQ_WECHAT_API_BASE": "ftp://127.0.0.1:1"}, "api_base")):
        try:
            with Server(a.server, a.indexer, a.kb, env={**env, **extra}):
                pass
            failed += 1
            print(f"FAIL config {name}: the server started")
        except RuntimeError as e:
            if word in str(e):
                print(f"ok   config {name} refused")
            else:
                failed += 1
                print(f"FAIL config {name}: {e}")
    return failed


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
    # Secrets never reach the log.
    log = s.log_so_far()
    for secret in ("test-secret", AES_KEY, TOKEN):
        if secret in log:
            failed += 1
            print("FAIL a secret appeared in the server log")
    failed += plaintext_mode(a, env)
    failed += configurations_that_cannot_work_are_refused(a, env)
    api.shutdown()
    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
