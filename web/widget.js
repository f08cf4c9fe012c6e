/* 医保问答 widget: one script tag, no dependencies, no eval, no inline styles.
   <script src="https://ask.example.gov.cn/widget.js" defer
           data-region="南京" data-title="医保问答" data-position="right" data-open="false"
           data-storage="session"></script>
   It talks only to the server it was loaded from, keeps the conversation in sessionStorage and
   draws itself in a Shadow DOM with the server's stylesheet. */
(function () {
  'use strict';
  var me = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  if (!me || window.__faqWidgetLoaded) return;
  window.__faqWidgetLoaded = true;

  var ORIGIN = new URL(me.src, location.href).origin;
  var data = me.dataset || {};
  var PAGE = data.mode === 'page';
  var T = {
    name: '医保问答', input: '输入您的问题', send: '发送', clear: '清除记录', large: '大字', close: '关闭',
    up: '有用', down: '没用', log: '对话记录', sugg: '建议问题', related: '相关问题', sources: '依据：',
    mdSources: '来源：', sep: '；', regional: '以参保地经办机构为准', you: '您问：', answer: '回答',
    helpful: '这个回答有帮助吗？', thanks: '谢谢您的反馈！', fbFail: '反馈没有发出去，请稍后再试。',
    busy: '正在查询…', failed: '暂时无法回答，请稍后再试。', tooMany: '提问太频繁，请稍等一会儿再试。', retry: '提问太频繁，请{s}秒后再试。',
    bad: '问题太长或无法识别，请用一两句话描述您的问题（最多500字）。', placeholder: '例如：医保余额怎么查',
    hello: '您好！这里解答职工医保个人账户的问题：怎么查余额、家庭共济（谁能用、怎么绑定）、医保钱包、余额能不能取。',
    verdict: { yes: '可以', no: '不可以', conditional: '要看情况', info: '说明', unknown: '不在服务范围' },
    excerpt: '摘录'
  };
  var title = data.title || T.name;
  var NAME = title.indexOf(T.name) >= 0 ? title : title + ' · ' + T.name;
  var cfg = {
    region: data.region || '',
    left: /left/i.test(data.position || ''),
    open: PAGE || (data.open != null && /^(|1|true|yes|open)$/i.test(data.open))
  };
  var KEY = 'faq-widget:' + ORIGIN;
  // Where the conversation is kept: sessionStorage (default: gone with the tab, for public
  // terminals), localStorage (data-storage="local") or nowhere (data-storage="none").
  var store = null;
  try { store = data.storage === 'none' ? null : data.storage === 'local' ? localStorage : sessionStorage; } catch (e) { store = null; }
  var MAX_TURNS = 30;
  var state = load();

  function load() {
    try {
      var s = store && JSON.parse(store.getItem(KEY));
      // A question still waiting when the page went away is asked again by the resident, not shown as pending.
      if (s && Array.isArray(s.turns)) {
        s.turns = s.turns.filter(function (t) { return t && (t.r || t.err); });
        return s;
      }
    } catch (e) { /* storage blocked or damaged: start afresh */ }
    return { turns: [], context: '', large: false, open: false };
  }
  function save() {
    try { if (store) store.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: memory only */ }
  }

  // Elements are built with the DOM API only: text is always text, never markup.
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      var v = attrs[k];
      if (v == null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    (kids || []).forEach(function (c) {
      if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  var ICONS = {
    chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
    close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z'
  };
  function icon(name) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.appendChild(path);
    return svg;
  }
  function webUrl(u) {
    try {
      var p = new URL(u).protocol;
      return p === 'https:' || p === 'http:';
    } catch (e) { return false; }
  }
  function link(href, text) {
    return el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', text: text });
  }

  // The markdown the server writes, sanitised: paragraphs, lists, **bold** and http(s) links;
  // anything that looks like HTML is dropped, everything else is text.
  function inline(parent, s) {
    s = s.replace(/<[^>]*>/g, '');
    var re = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g, last = 0, m;
    while ((m = re.exec(s))) {
      if (m.index > last) parent.appendChild(document.createTextNode(s.slice(last, m.index)));
      if (m[1] != null) parent.appendChild(el('strong', { text: m[1] }));
      else parent.appendChild(webUrl(m[3]) ? link(m[3], m[2]) : document.createTextNode(m[2]));
      last = re.lastIndex;
    }
    if (last < s.length) parent.appendChild(document.createTextNode(s.slice(last)));
  }
  function markdown(text) {
    var body = el('div', { class: 'body' });
    String(text || '').split(/\n{2,}/).forEach(function (block) {
      var lines = block.split('\n').filter(function (l) { return l.trim(); });
      // The sources paragraph: shown as links at the end of the card instead.
      if (!lines.length || lines[0].trim().indexOf(T.mdSources) === 0) return;
      var list = null;
      lines.forEach(function (line) {
        var m = /^\s*(?:[-*•]|(\d+)[.、])\s+(.*)$/.exec(line);
        if (!m) {
          list = null;
          var p = el('p');
          inline(p, line.trim());
          body.appendChild(p);
          return;
        }
        var tag = m[1] ? 'OL' : 'UL';
        if (!list || list.tagName !== tag) body.appendChild(list = el(tag.toLowerCase()));
        var li = el('li');
        inline(li, m[2]);
        list.appendChild(li);
      });
    });
    return body;
  }

  // --- the shadow root and its parts ---
  var host = document.createElement('faq-widget');
  var shadow = host.attachShadow({ mode: 'open' });
  var wrap = el('div', { class: 'root' + (cfg.left ? ' left' : '') + (PAGE ? ' page' : ''), hidden: true });
  var css = el('link', { rel: 'stylesheet', href: ORIGIN + '/widget.css' });
  css.addEventListener('load', reveal);
  css.addEventListener('error', reveal);
  function reveal() { wrap.hidden = false; }

  var launcher = el('button', {
    type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'faq-panel',
    'aria-haspopup': 'dialog', onclick: function () { setOpen(!state.open, true); }
  }, [icon('chat'), el('span', { text: NAME })]);
  var largeBtn = el('button', { type: 'button', class: 'tool', 'aria-pressed': 'false', text: T.large, onclick: toggleLarge });
  var clearBtn = el('button', { type: 'button', class: 'tool', text: T.clear, onclick: clearAll });
  var closeBtn = el('button', {
    type: 'button', class: 'tool close', 'aria-label': T.close, title: T.close,
    onclick: function () { setOpen(false, true); }
  }, [icon('close')]);
  var log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': T.log, tabindex: '0' });
  var input = el('input', {
    id: 'faq-q', type: 'text', role: 'combobox', 'aria-label': T.input, 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': 'faq-sugg', autocomplete: 'off', enterkeyhint: 'send',
    maxlength: '500', placeholder: T.placeholder
  });
  var list = el('ul', { id: 'faq-sugg', role: 'listbox', class: 'sugg', 'aria-label': T.sugg, hidden: true });
  var form = el('form', { class: 'ask', novalidate: true, onsubmit: function (e) { e.preventDefault(); ask(input.value); } }, [
    el('div', { class: 'combo' }, [el('label', { for: 'faq-q', class: 'sr', text: T.input }), input, list]),
    el('button', { type: 'submit', class: 'send', text: T.send })
  ]);
  var panel = el('section', { id: 'faq-panel', class: 'panel', role: 'dialog', 'aria-label': NAME, hidden: true }, [
    el('header', { class: 'head' }, [el('h2', { text: NAME }), el('div', { class: 'tools' }, [largeBtn, clearBtn, closeBtn])]),
    log, form
  ]);
  if (!PAGE) wrap.appendChild(launcher);
  wrap.appendChild(panel);
  shadow.appendChild(css);
  shadow.appendChild(wrap);

  // --- opening, closing, large text ---
  function setOpen(open, moveFocus) {
    state.open = open;
    save();
    panel.hidden = !open;
    wrap.classList.toggle('open', open);
    launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      scrollLog();
      if (moveFocus) input.focus();
    } else {
      closeList();
      if (moveFocus) launcher.focus();
    }
  }
  function applyLarge() {
    wrap.classList.toggle('large', !!state.large);
    largeBtn.setAttribute('aria-pressed', String(!!state.large));
  }
  function toggleLarge() {
    state.large = !state.large;
    save();
    applyLarge();
  }
  panel.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    if (!list.hidden) return closeList();
    if (!PAGE) {
      e.preventDefault();
      setOpen(false, true);
    }
  });

  // --- the conversation ---
  function scrollLog() { log.scrollTop = log.scrollHeight; }
  function hello() { return el('p', { class: 'hello', text: T.hello }); }
  function render() {
    log.textContent = '';
    log.appendChild(hello());
    state.turns.forEach(function (t, i) { log.appendChild(turnNode(t, i === state.turns.length - 1)); });
  }
  function turnNode(t, latest) {
    var node = el('div', { class: 'turn' }, [el('p', { class: 'q' }, [el('span', { class: 'sr', text: T.you }), t.q])]);
    if (t.r) node.appendChild(card(t, latest));
    else if (t.err) node.appendChild(el('p', { class: 'err', text: t.err }));
    else node.appendChild(el('p', { class: 'wait', text: T.busy }));
    return node;
  }
  function chips(items, onpick) {
    return el('div', { class: 'chips' }, items.map(function (text) {
      return el('button', { type: 'button', class: 'chip', text: text, onclick: function () { onpick(text); } });
    }));
  }
  function card(t, latest) {
    var r = t.r;
    var c = el('article', { class: 'card', 'aria-label': T.answer }, [
      // An excerpt of a policy article (excerpt: true) is labelled as such, not as a ruling.
      el('p', { class: 'verdict v-' + (T.verdict[r.verdict] ? r.verdict : 'info'),
                text: r.excerpt ? T.excerpt : T.verdict[r.verdict] || T.verdict.info }),
      markdown(r.answer)
    ]);
    // Clarifying options belong to the latest answer: the context they continue is the latest one.
    if (r.ask && r.ask.options && r.ask.options.length) {
      var box = el('div', { class: 'clarify' }, [el('p', { text: r.ask.question })]);
      if (latest) box.appendChild(chips(r.ask.options, ask));
      c.appendChild(box);
    }
    if (r.related && r.related.length) {
      c.appendChild(el('div', { class: 'related' }, [
        el('h3', { text: T.related }),
        chips(r.related.map(function (x) { return x.question; }), ask)
      ]));
    }
    c.appendChild(feedbackRow(t));
    var foot = el('footer', { class: 'src' });
    if (r.sources && r.sources.length) {
      var p = el('p', null, [el('span', { text: T.sources })]);
      r.sources.forEach(function (s, i) {
        if (i) p.appendChild(document.createTextNode(T.sep));
        p.appendChild(webUrl(s.url) ? link(s.url, s.title) : el('span', { text: s.title }));
        if (s.date) p.appendChild(el('span', { class: 'date', text: '（' + s.date + '）' }));
      });
      foot.appendChild(p);
    }
    if (r.regional) foot.appendChild(el('p', { class: 'note', text: T.regional }));
    if (foot.firstChild) c.appendChild(foot);
    return c;
  }
  function feedbackRow(t) {
    var row = el('div', { class: 'fb' }, [el('span', { text: T.helpful })]);
    var note = el('span', { class: 'fb-note', text: t.fb ? T.thanks : '' });
    var buttons = [['up', T.up], ['down', T.down]].map(function (x) {
      return el('button', {
        type: 'button', 'aria-pressed': String(t.fb === x[0]), text: x[1],
        onclick: function () { feedback(t, x[0], buttons, note); }
      });
    });
    buttons.forEach(function (b) { row.appendChild(b); });
    row.appendChild(note);
    return row;
  }
  function feedback(t, rating, buttons, note) {
    post('/v1/feedback', { context: t.r.context, rating: rating }).then(function (res) {
      if (!res.ok) throw new Error(res.status);
      t.fb = rating;
      save();
      buttons[0].setAttribute('aria-pressed', String(rating === 'up'));
      buttons[1].setAttribute('aria-pressed', String(rating === 'down'));
      note.textContent = T.thanks;
    }).catch(function () { note.textContent = T.fbFail; });
  }
  function post(path, body) {
    return fetch(ORIGIN + path, {
      method: 'POST', mode: 'cors', credentials: 'omit',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    });
  }
  function slim(r) {
    return {
      answer: r.answer, verdict: r.verdict, sources: r.sources || [], related: r.related || [],
      ask: r.ask || null, regional: !!r.regional, excerpt: !!r.excerpt, context: r.context || ''
    };
  }

  var busy = false;
  function ask(question) {
    var q = String(question || '').trim().slice(0, 500);
    if (!q || busy) return;
    busy = true;
    cancelSuggest();
    input.value = '';
    // The options of earlier answers are done with once a new question is asked.
    Array.prototype.forEach.call(log.querySelectorAll('.clarify .chips'), function (n) { n.remove(); });
    var t = { q: q };
    state.turns.push(t);
    if (state.turns.length > MAX_TURNS) state.turns.splice(0, state.turns.length - MAX_TURNS);
    var node = turnNode(t, true);
    log.appendChild(node);
    scrollLog();
    var body = { question: q, format: 'markdown', channel: 'widget' };
    if (cfg.region) body.region = cfg.region;
    if (state.context) body.context = state.context;
    post('/v1/ask', body).then(function (res) {
      if (res.ok) return res.json();
      var wait = parseInt(res.headers.get('Retry-After'), 10);
      t.err = res.status === 400 ? T.bad : res.status === 429 || res.status === 503
        ? (wait > 0 ? T.retry.replace('{s}', wait) : T.tooMany) : T.failed;
      return null;
    }).then(function (r) {
      if (!r) return;
      t.r = slim(r);
      state.context = t.r.context;
    }).catch(function () { t.err = T.failed; }).then(function () {
      busy = false;
      save();
      var fresh = turnNode(t, true);
      log.replaceChild(fresh, node);
      // The new answer is read from its start: its question at the top of the view.
      log.scrollTop = Math.max(0, fresh.offsetTop - 8);
      // A clicked option was removed with its answer: keep the keyboard in the widget.
      if (!shadow.activeElement) input.focus();
    });
  }
  function clearAll() {
    state.turns = [];
    state.context = '';
    // Forgotten: nothing of the conversation stays in storage.
    try { if (store) store.removeItem(KEY); } catch (e) { /* nothing was kept */ }
    render();
    input.focus();
  }

  // --- suggestions while typing (ARIA 1.2 combobox with a listbox popup) ---
  var composing = false, timer = 0, seq = 0, items = [], active = -1;
  function cancelSuggest() {
    clearTimeout(timer);
    seq++;
    closeList();
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  }
  function suggest() {
    var q = input.value.trim(), mine = ++seq;
    if (!q) return closeList();
    fetch(ORIGIN + '/v1/suggest?q=' + encodeURIComponent(q) + '&limit=5', { mode: 'cors', credentials: 'omit' })
      .then(function (res) { return res.ok ? res.json() : { suggestions: [] }; })
      .then(function (d) {
        if (mine === seq && input.value.trim() === q && shadow.activeElement === input) showList(d.suggestions || []);
      }).catch(function () { /* suggestions are a convenience */ });
  }
  function showList(found) {
    items = found;
    active = -1;
    list.textContent = '';
    if (!found.length) return closeList();
    found.forEach(function (s, i) {
      list.appendChild(el('li', {
        id: 'faq-opt-' + i, role: 'option', 'aria-selected': 'false', text: s.question,
        onmousedown: function (e) { e.preventDefault(); },
        onclick: function () { pick(i); }
      }));
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }
  function closeList() {
    list.hidden = true;
    list.textContent = '';
    items = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }
  function move(step) {
    if (!items.length) return;
    active = (active + step + items.length) % items.length;
    Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute('aria-selected', String(i === active)); });
    input.setAttribute('aria-activedescendant', 'faq-opt-' + active);
    list.children[active].scrollIntoView({ block: 'nearest' });
  }
  function pick(i) {
    var q = items[i] && items[i].question;
    closeList();
    input.focus();
    ask(q);
  }
  input.addEventListener('compositionstart', function () { composing = true; });
  input.addEventListener('compositionend', function () { composing = false; schedule(); });
  input.addEventListener('input', function (e) { if (!composing && !e.isComposing) schedule(); });
  input.addEventListener('blur', function () { setTimeout(function () { if (shadow.activeElement !== input) closeList(); }, 0); });
  input.addEventListener('keydown', function (e) {
    if (e.isComposing || composing) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) return suggest();
      move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      pick(active);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      cancelSuggest();
    }
  });

  // --- mobile: follow the visual viewport (on-screen keyboards, WeChat's toolbar) ---
  var vv = window.visualViewport;
  if (vv) {
    var fit = function () { host.style.setProperty('--faq-vh', Math.round(vv.height) + 'px'); };
    vv.addEventListener('resize', fit);
    fit();
    wrap.classList.add('vv');
  }

  // --- start (a tag in <head> without defer runs before <body> exists) ---
  function start() {
    var mount = PAGE && document.getElementById('faq-page');
    if (mount) {
      mount.textContent = '';
      mount.appendChild(host);
    } else {
      document.body.appendChild(host);
    }
    applyLarge();
    render();
    setOpen(cfg.open || !!state.open, PAGE);
    if (PAGE) {
      // /ask?q=… asked by a link or the no-script form: answer it here too, once.
      var q = new URLSearchParams(location.search).get('q');
      var last = state.turns[state.turns.length - 1];
      if (q && (!last || last.q !== q.trim())) ask(q);
    }
  }
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
