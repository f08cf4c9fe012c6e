// Drives Debian's chromium (headless) through playwright-core against the real server: the widget
// on a host page of another origin under a strict CSP, then the hotline console. Only the contract
// of issue 13 is used to find things: roles and accessible names (one check reads the asked text).
// Run by browser_test.py, which starts the server and the host page and sets:
//   FAQ_SERVER, FAQ_HOST (origins), FAQ_ARTEFACTS (screenshot folder), CHROMIUM (executable).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SERVER = process.env.FAQ_SERVER;
const HOST = process.env.FAQ_HOST;
const ARTEFACTS = process.env.FAQ_ARTEFACTS;
const WAIT = 30000; // generous: a busy 2-core machine

// The whole test is bounded, whatever hangs.
const deadline = setTimeout(() => {
  console.log('FAIL the browser test did not finish within 150 s');
  process.exit(1);
}, 150000);

let failed = 0;
// Every page of the context records the CSP violations it sees (outside axe's own probing).
async function recordCspViolations(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      if (!window.__axeRunning) window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    }, true);
  });
}

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}
function assert(cond, what) {
  if (!cond) throw new Error(what);
}
// Waits for a condition (never a fixed sleep): polls `fn` until it returns a truthy value.
async function until(fn, what, timeout = WAIT) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

// Everything a page reports: requests (origin only), CSP violations, console errors.
function watch(page, seen) {
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'http:' || u.protocol === 'https:') seen.origins.add(u.origin);
    else if (u.protocol !== 'data:' && u.protocol !== 'about:') seen.origins.add(r.url());
  });
  page.on('console', (m) => {
    if (m.type() !== 'error' && !/Content.Security.Policy/i.test(m.text())) return;
    // axe-core, evaluated by the test (no script URL), sets inline styles while it measures: the
    // host's CSP refuses them, which is the CSP working, not the widget breaking it.
    if (!m.location().url && /inline style/i.test(m.text())) return;
    seen.errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
}
async function cspViolations(page) {
  return page.evaluate(() => window.__csp || []);
}

async function axe(page, what) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    window.__axeRunning = true; // its own CSP refusals are not counted (see watch())
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    await new Promise((done) => setTimeout(done, 50)); // violation events are queued as tasks
    window.__axeRunning = false;
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(bad.length === 0, `${what}: axe found ${JSON.stringify(bad)}`);
}

async function widget(browser) {
  const seen = { origins: new Set(), errors: [] };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  context.setDefaultTimeout(WAIT);
  await recordCspViolations(context);
  const page = await context.newPage();
  watch(page, seen);
  const feedback = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/v1/feedback' && r.request().method() === 'POST') feedback.push(r.status());
  });

  const launcher = page.getByRole('button', { name: '医保问答' });
  const dialog = page.getByRole('dialog', { name: '医保问答' });
  const box = page.getByRole('combobox', { name: '输入您的问题' });
  const send = page.getByRole('button', { name: '发送', exact: true });
  const log = page.getByRole('log');
  const cards = log.getByRole('article');
  const focusedRole = () =>
    page.evaluate(() => {
      let a = document.activeElement;
      while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
      return a ? `${a.getAttribute('role') || a.tagName.toLowerCase()}:${a.getAttribute('aria-label') || a.textContent.trim()}` : '';
    });
  const askAndWait = async (question) => {
    const before = await cards.count();
    await box.fill(question);
    await send.click();
    await until(async () => (await cards.count()) > before, `an answer to ${question}`);
    return cards.last();
  };

  await check('widget: the host page loads the widget from the server under its strict CSP', async () => {
    await page.goto(`${HOST}/`);
    await launcher.waitFor({ state: 'visible' });
    assert(await dialog.isHidden(), 'the panel starts closed');
    assert((await launcher.getAttribute('aria-expanded')) === 'false', 'launcher says it is collapsed');
  });

  await check('widget: opening moves focus into the panel; Escape closes it and returns to the launcher', async () => {
    await launcher.click();
    await dialog.waitFor({ state: 'visible' });
    await until(async () => (await focusedRole()).startsWith('combobox'), 'focus in the question box');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await until(async () => (await focusedRole()).includes('医保问答'), 'focus back on the launcher');
    await page.keyboard.press('Enter'); // the launcher has focus: the keyboard opens it again
    await dialog.waitFor({ state: 'visible' });
  });

  await check('widget: its type is its own (>= 16 px) whatever the host CSS says', async () => {
    const size = await box.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    const body = await log.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert(size >= 16 && body >= 16, `input ${size}px, conversation ${body}px`);
  });

  await check('widget: ask, then answer the clarifying question with its option button', async () => {
    const first = await askAndWait('医保里的钱能给亲戚用吗');
    await first.getByText('要看情况', { exact: true }).waitFor();
    assert((await first.getByRole('link').count()) > 0, 'sources are links');
    await first.getByText('以参保地经办机构为准').waitFor();
    const option = first.getByRole('button', { name: '父母', exact: true });
    await option.waitFor();
    const before = await cards.count();
    await option.click();
    await until(async () => (await cards.count()) > before, 'the answer to the option');
    await cards.last().getByText('可以', { exact: true }).waitFor();
  });

  await check('widget: a follow-up continues the conversation', async () => {
    const answer = await askAndWait('那我岳父岳母呢');
    await answer.getByText('不可以', { exact: true }).waitFor();
  });

  await check('widget: related questions are buttons that ask them', async () => {
    const related = cards.last().getByRole('button').filter({ hasNotText: /^(有用|没用)$/ });
    assert((await related.count()) > 0, 'related question buttons');
    const before = await cards.count();
    await related.first().click();
    await until(async () => (await cards.count()) > before, 'the related question answered');
  });

  await check('widget: feedback buttons post the answer context to /v1/feedback', async () => {
    await cards.last().getByRole('button', { name: '有用' }).click();
    await until(() => feedback.length > 0, 'the feedback request');
    // browser_test.py then finds the rating in the server's question log.
    assert(feedback[0] === 204, `feedback status ${feedback[0]}`);
  });

  await check('widget: suggestions while typing (pinyin initials), after IME composition, pick one', async () => {
    const suggests = [];
    const onRequest = (r) => {
      if (new URL(r.url()).pathname === '/v1/suggest') suggests.push(r.url());
    };
    page.on('request', onRequest);
    // While an IME composes, nothing is asked; compositionend asks.
    await box.evaluate((e) => {
      e.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
      e.value = 'jia';
      e.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, data: 'jia' }));
    });
    const t0 = Date.now();
    await until(() => Date.now() - t0 > 800, 'a quiet moment'); // the debounce would have fired by now
    assert(suggests.length === 0, `asked while composing: ${suggests}`);
    await box.evaluate((e) => {
      e.value = '家庭';
      e.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '家庭' }));
    });
    await until(() => suggests.length > 0, 'a suggestion request after compositionend');
    await box.fill('');
    await box.pressSequentially('jtgj', { delay: 30 });
    const listbox = page.getByRole('listbox');
    await listbox.waitFor({ state: 'visible' });
    const options = listbox.getByRole('option');
    await until(async () => (await options.count()) > 0, 'options');
    assert((await box.getAttribute('aria-expanded')) === 'true', 'the combobox says it is expanded');
    await page.keyboard.press('ArrowDown');
    assert((await box.getAttribute('aria-activedescendant')) !== null, 'arrow keys move through the options');
    const text = (await options.first().textContent()).trim();
    const before = await cards.count();
    await options.first().click();
    await until(async () => (await cards.count()) > before, 'the picked suggestion answered');
    const asked = await log.locator('.turn').last().locator('.q').textContent();
    assert(asked.includes(text), `asked ${asked}, picked ${text}`);
    page.off('request', onRequest);
  });

  await check('widget: axe finds no serious or critical violation (panel open, answers shown)', async () => {
    await axe(page, 'widget');
  });

  await check('widget: screenshot at 1280 px', async () => {
    await page.screenshot({ path: path.join(ARTEFACTS, 'widget-1280.png') });
  });

  await check('widget: 375 px wide, then 大字 (>= 18 px, 44 px targets), screenshots', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    const box375 = await dialog.boundingBox();
    assert(box375 && box375.width <= 375 && box375.x >= 0, `panel fits: ${JSON.stringify(box375)}`);
    await page.screenshot({ path: path.join(ARTEFACTS, 'widget-375.png') });
    const large = page.getByRole('button', { name: '大字' });
    assert((await large.getAttribute('aria-pressed')) === 'false', 'large text starts off');
    await large.click();
    assert((await large.getAttribute('aria-pressed')) === 'true', 'large text is pressed');
    const size = await cards.last().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert(size >= 18, `large text is ${size}px`);
    const heights = await dialog.getByRole('button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().height));
    assert(heights.every((h) => h >= 44), `targets: ${heights}`);
    await page.screenshot({ path: path.join(ARTEFACTS, 'widget-375-large.png') });
    await axe(page, 'widget, large text');
  });

  await check('widget: 320 px wide still works', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    const b = await send.boundingBox();
    assert(b && b.x + b.width <= 320, `send button inside: ${JSON.stringify(b)}`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('widget: the conversation survives a reload (sessionStorage); 清除记录 forgets it', async () => {
    const count = await cards.count();
    await page.reload();
    await launcher.waitFor({ state: 'visible' });
    if (await dialog.isHidden()) await launcher.click();
    await until(async () => (await cards.count()) === count, `${count} answers restored`);
    await page.getByRole('button', { name: '清除记录' }).click();
    await until(async () => (await cards.count()) === 0, 'an empty conversation');
    const kept = await page.evaluate(() => JSON.stringify(sessionStorage));
    assert(!kept.includes('医保里的钱能给亲戚用吗'), `sessionStorage still holds the conversation: ${kept}`);
    await page.reload();
    await launcher.waitFor({ state: 'visible' });
    if (await dialog.isHidden()) await launcher.click();
    await dialog.waitFor({ state: 'visible' });
    assert((await cards.count()) === 0, 'nothing comes back after clearing');
  });

  await check('widget: data-open, data-position, data-region and data-title', async () => {
    await page.goto(`${HOST}/open.html`);
    await dialog.waitFor({ state: 'visible' }); // open on load, no click
    assert(/南京医保问答/.test(await dialog.getAttribute('aria-label')), 'the title names the panel');
    const b = await launcher.boundingBox();
    assert(b && b.x < 100, `launcher on the left: ${JSON.stringify(b)}`);
    const sent = page.waitForRequest((r) => new URL(r.url()).pathname === '/v1/ask');
    await box.fill('怎么查医保余额');
    await send.click();
    const body = JSON.parse((await sent).postData());
    assert(body.region === '南京', `region sent: ${JSON.stringify(body)}`);
    await cards.last().getByText('以参保地经办机构为准').waitFor();
  });

  await check('widget: every request went to the server or the host page, with no CSP violation', async () => {
    const allowed = new Set([SERVER, HOST]);
    const other = [...seen.origins].filter((o) => !allowed.has(o));
    assert(other.length === 0, `requests elsewhere: ${other}`);
    const violations = await cspViolations(page);
    assert(violations.length === 0, `CSP violations: ${violations}`);
    // 404s: the host page has no favicon.
    const errors = seen.errors.filter((e) => !/404 \(Not Found\)/.test(e));
    assert(errors.length === 0, `console errors: ${errors}`);
  });
  await context.close();
}

async function fullPage(browser) {
  const context = await browser.newContext({ viewport: { width: 800, height: 800 }, javaScriptEnabled: false });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  await check('/ask without JavaScript: the form GETs /ask?q= and the answer is rendered on the server', async () => {
    await page.goto(`${SERVER}/ask`);
    await page.getByRole('textbox', { name: '输入您的问题' }).fill('我爷爷能用我的医保个人账户吗');
    await page.getByRole('button', { name: '发送' }).click();
    await page.waitForURL(/\/ask\?q=/);
    await page.getByRole('log').getByText('可以', { exact: true }).waitFor();
  });
  await context.close();
  const withJs = await browser.newContext({ viewport: { width: 800, height: 800 } });
  withJs.setDefaultTimeout(WAIT);
  const js = await withJs.newPage();
  await check('/ask with JavaScript: the same widget UI fills the page', async () => {
    await js.goto(`${SERVER}/ask`);
    await js.getByRole('dialog', { name: '医保问答' }).waitFor();
    await js.getByRole('combobox', { name: '输入您的问题' }).fill('医保卡里的钱能取出来吗');
    await js.getByRole('button', { name: '发送', exact: true }).click();
    await js.getByRole('log').getByRole('article').first().waitFor();
    await axe(js, '/ask');
  });
  await withJs.close();
}

async function consoleFlow(browser) {
  const seen = { origins: new Set(), errors: [] };
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  context.setDefaultTimeout(WAIT);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: SERVER });
  await recordCspViolations(context);
  const page = await context.newPage();
  watch(page, seen);
  const best = page.locator('#best-text');
  const call =
    '喂，你好，我想问一下啊，我这个人不太懂这些，我是在厂里上班的，单位给交的那个职工医保，交了好多年了。' +
    '前两天我去药店买药，人家说可以用医保卡里的钱，我也搞不清楚。最近家里人身体不太好，老是要吃药，那个药也挺贵的，' +
    '一个月好几百。我就想问问，嗯，就是说，我医保卡里的钱能不能给我亲戚用啊？我怕用了以后算违规，你帮我看看这个到底行不行。';

  await check('console: a long rambling call gets the best answer in speech form', async () => {
    await page.goto(`${SERVER}/console`);
    const box = page.getByRole('textbox', { name: '来电内容' });
    await box.fill(call);
    await until(async () => !/还没有答案/.test(await best.textContent()), 'the best answer');
    const text = (await best.textContent()).trim();
    assert(text.length > 0 && text.length <= 150 && !/https?:/.test(text), `speech: ${text}`);
    const alternatives = page.getByRole('list', { name: '其他答案' }).getByRole('listitem');
    await until(async () => (await alternatives.count()) > 0, 'alternatives');
    await page.screenshot({ path: path.join(ARTEFACTS, 'console-1280.png'), fullPage: true });
  });

  await check('console: 复制 copies the best answer', async () => {
    await page.getByRole('button', { name: '复制' }).click();
    await page.getByText('已复制到剪贴板').waitFor();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert(clip.trim() === (await best.textContent()).trim(), `clipboard: ${clip}`);
  });

  await check('console: 朗读 reads aloud or shows the speech text', async () => {
    await page.getByRole('button', { name: '朗读' }).click();
    await page.getByText(/^朗读内容：/).waitFor();
  });

  await check('console: the clarifying question is answered with an option button', async () => {
    const before = (await best.textContent()).trim();
    await page.getByRole('button', { name: '父母', exact: true }).click();
    await until(async () => (await best.textContent()).trim() !== before, 'the answer for 父母');
    const regionBasis = page.getByRole('region', { name: '依据' });
    await until(async () => (await regionBasis.getByRole('link').count()) > 0, 'sources in 依据');
    const list = page.getByRole('list', { name: '其他答案' });
    await until(async () => (await list.getByRole('listitem').count()) > 0, 'alternatives');
    assert((await list.getByRole('listitem').count()) <= 2, 'at most two alternatives');
  });

  await check('console: region picker and keyboard shortcuts', async () => {
    const region = page.getByRole('combobox', { name: '地区' });
    await page.keyboard.press('Alt+A');
    await until(async () => region.evaluate((e) => e === document.activeElement), 'Alt+A focuses 地区');
    await region.selectOption({ label: '南京市' });
    await until(async () => /南京/.test(await best.textContent()) || /南京/.test(await page.getByRole('region', { name: '依据' }).textContent()),
      'an answer for 南京');
    await page.keyboard.press('Alt+I');
    await until(async () => page.getByRole('textbox', { name: '来电内容' }).evaluate((e) => e === document.activeElement), 'Alt+I');
    await page.getByText('快捷键').waitFor();
  });

  await check('console: axe finds no serious or critical violation', async () => {
    await axe(page, 'console');
  });

  await check('console: same-origin only, no CSP violation', async () => {
    const other = [...seen.origins].filter((o) => o !== SERVER);
    assert(other.length === 0, `requests elsewhere: ${other}`);
    assert((await cspViolations(page)).length === 0, 'CSP violations');
    assert(seen.errors.length === 0, `console errors: ${seen.errors}`);
  });
  await context.close();
}

const t0 = Date.now();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  await widget(browser);
  await fullPage(browser);
  await consoleFlow(browser);
} finally {
  await browser.close();
  clearTimeout(deadline);
}
console.log(`browser: ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
