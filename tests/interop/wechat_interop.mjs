// Interoperability: an independent implementation from npm (wechat-crypto) plays WeChat. It
// encrypts and signs a message, posts it to the server in safe mode, then verifies the reply's
// signature and decrypts it. Usage: node wechat_interop.mjs PORT (wechat-crypto from ./node_modules).
import { createRequire } from 'node:module';
import http from 'node:http';

const require = createRequire(import.meta.url);
const WXBizMsgCrypt = require('wechat-crypto');
const [port] = process.argv.slice(2);
const token = 'testtoken', key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appid = 'wxb11529c136998cb6';
const peer = new WXBizMsgCrypt(token, key, appid);

const now = Math.floor(Date.now() / 1000);
const msg = `<xml><ToUserName><![CDATA[gh_interop]]></ToUserName><FromUserName><![CDATA[oInterop]]></FromUserName>` +
  `<CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[我老婆的爸妈能用我医保卡里的钱吗]]></Content>` +
  `<MsgId>${now}000123</MsgId></xml>`;
const encrypt = peer.encrypt(msg);
const nonce = '987654', timestamp = String(now);
const query = new URLSearchParams({ timestamp, nonce, encrypt_type: 'aes', msg_signature: peer.getSignature(timestamp, nonce, encrypt),
  signature: 'unused-in-safe-mode', openid: 'oInterop' });
const body = `<xml><ToUserName><![CDATA[gh_interop]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;

const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/wechat?${query}`, headers: { 'Content-Type': 'text/xml' } }, (res) => {
  let data = '';
  res.on('data', (c) => { data += c; });
  res.on('end', () => {
    const field = (name, xml) => (xml.match(new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${name}>`)) || [])[1];
    const enc = field('Encrypt', data), sig = field('MsgSignature', data), ts = field('TimeStamp', data), n = field('Nonce', data);
    const problems = [];
    if (res.statusCode !== 200) problems.push(`status ${res.statusCode}`);
    if (!enc || peer.getSignature(ts, n, enc) !== sig) problems.push('reply signature does not verify');
    const { message, id } = enc ? peer.decrypt(enc) : { message: '', id: '' };
    if (id !== appid) problems.push(`reply appid ${id}`);
    if (field('ToUserName', message) !== 'oInterop') problems.push('reply not addressed to the sender');
    if (!(field('Content', message) || '').includes('配偶的父母')) problems.push('unexpected answer: ' + message);
    console.log(problems.length ? 'FAIL interop: ' + problems.join('; ') : 'ok   interop with wechat-crypto');
    console.log(`${problems.length ? 0 : 1} passed, ${problems.length ? 1 : 0} failed`);
    process.exit(problems.length ? 1 : 0);
  });
});
req.on('error', (e) => { console.log('FAIL interop: ' + e.message); process.exit(1); });
req.end(body);
