/* Hotline console: answers in the speech format update as the agent types what the caller says. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var T = {
    verdict: { yes: '可以', no: '不可以', conditional: '要看情况', info: '说明', unknown: '不在服务范围' },
    busy: '正在查询…', done: '已更新', failed: '暂时无法查询，请稍后再试。', cut: '内容较长，只用了最后500字。',
    copied: '已复制到剪贴板', copyFailed: '复制失败，请手动选中文字复制。', none: '还没有答案：请在“来电内容”里输入来电人的问题。',
    use: '改用此答案', rule: '规则：', topic: '主题：', confidence: '匹配度：', full: '完整答复：',
    sources: '来源：', regional: '以参保地经办机构为准', preview: '朗读内容：', noSpeech: '（本浏览器不能朗读，请照读以上文字）'
  };
  var transcript = $('transcript'), region = $('region'), status = $('status');
  var bestVerdict = $('best-verdict'), bestText = $('best-text'), copyBtn = $('copy'), speakBtn = $('speak');
  var copied = $('copied'), preview = $('preview'), clarify = $('clarify'), clarifyQ = $('clarify-q');
  var options = $('clarify-options'), alts = $('alts'), altsEmpty = $('alts-empty'), basis = $('basis-body');
  var seq = 0, timer = 0, best = null;
  var current = null; // the question on screen and its context: a new region asks it again

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else if (k === 'onclick') e.addEventListener('click', attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function webUrl(u) {
    try { return /^https?:$/.test(new URL(u).protocol); } catch (e) { return false; }
  }
  function post(body) {
    return fetch('/v1/ask', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (res) {
      if (!res.ok) throw new Error(res.status);
      return res.json();
    });
  }
  function request(question, context, format) {
    var body = { question: question, format: format, channel: 'console' };
    if (region.value) body.region = region.value;
    if (context) body.context = context;
    return post(body);
  }
  function label(v) { return T.verdict[v] || T.verdict.info; }

  // What the caller said; a long call is cut to its last 500 characters (the API's limit).
  function spoken() {
    var text = transcript.value.replace(/\s+/g, ' ').trim();
    return text.length > 500 ? { q: text.slice(-500), cut: true } : { q: text, cut: false };
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 450);
  }
  function run() {
    clearTimeout(timer);
    var s = spoken();
    if (!s.q) return reset();
    answer(s.q, '', s.cut ? T.cut : '');
  }
  function reset() {
    seq++;
    current = null;
    best = null;
    bestVerdict.hidden = true;
    bestText.textContent = T.none;
    copyBtn.disabled = speakBtn.disabled = true;
    preview.hidden = true;
    clarify.hidden = true;
    alts.textContent = '';
    altsEmpty.hidden = false;
    status.textContent = '';
  }

  // The best answer in the speech format, its full text for the 依据 region, then alternatives.
  function answer(question, context, note) {
    var mine = ++seq;
    current = { q: question, context: context, note: note };
    status.textContent = T.busy;
    Promise.all([request(question, context, 'speech'), request(question, context, 'text')]).then(function (got) {
      if (mine !== seq) return;
      showBest(got[0], got[1]);
      status.textContent = note || T.done;
      return alternatives(got[0].related || [], mine);
    }).catch(function () {
      if (mine === seq) status.textContent = T.failed;
    });
  }
  function showBest(speech, full) {
    best = speech;
    bestVerdict.hidden = false;
    bestVerdict.className = 'verdict v-' + (T.verdict[speech.verdict] ? speech.verdict : 'info');
    bestVerdict.textContent = label(speech.verdict);
    bestText.textContent = speech.answer;
    copyBtn.disabled = speakBtn.disabled = false;
    copied.textContent = '';
    preview.hidden = true;
    speakBtn.setAttribute('aria-expanded', 'false');
    showClarify(speech);
    showBasis(full);
  }
  function showClarify(r) {
    options.textContent = '';
    clarify.hidden = !(r.ask && r.ask.options && r.ask.options.length);
    if (clarify.hidden) return;
    clarifyQ.textContent = r.ask.question;
    r.ask.options.forEach(function (o) {
      options.appendChild(el('button', { type: 'button', class: 'option', text: o, onclick: function () { answer(o, r.context, ''); } }));
    });
  }
  function showBasis(r) {
    basis.textContent = '';
    var dl = el('dl');
    var row = function (k, v) { dl.appendChild(el('dt', { text: k })); dl.appendChild(el('dd', { text: v })); };
    row(T.rule, r.entry_id || '-');
    row(T.topic, r.topic);
    row(T.confidence, Math.round((r.confidence || 0) * 100) + '%');
    basis.appendChild(dl);
    basis.appendChild(el('h3', { text: T.full }));
    String(r.answer || '').split('\n').forEach(function (line) { if (line.trim()) basis.appendChild(el('p', { text: line })); });
    if (r.sources && r.sources.length) {
      basis.appendChild(el('h3', { text: T.sources }));
      var ul = el('ul', { class: 'sources' });
      r.sources.forEach(function (s) {
        var item = webUrl(s.url) ? el('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: s.title }) : el('span', { text: s.title });
        ul.appendChild(el('li', null, [item].concat(s.date ? [' （' + s.date + '）'] : [])));
      });
      basis.appendChild(ul);
    }
    if (r.regional) basis.appendChild(el('p', { class: 'note', text: T.regional }));
  }
  function alternatives(related, mine) {
    alts.textContent = '';
    altsEmpty.hidden = related.length > 0;
    var picked = related.slice(0, 2);
    return Promise.all(picked.map(function (x) { return request(x.question, '', 'speech').catch(function () { return null; }); }))
      .then(function (answers) {
        if (mine !== seq) return;
        answers.forEach(function (r, i) {
          if (!r) return;
          var q = picked[i].question;
          alts.appendChild(el('li', null, [
            el('h3', { text: q }),
            el('p', { class: 'verdict v-' + (T.verdict[r.verdict] ? r.verdict : 'info'), text: label(r.verdict) }),
            el('p', { class: 'speech', text: r.answer }),
            el('button', { type: 'button', class: 'use', text: T.use, onclick: function () { answer(q, '', ''); bestText.focus(); } })
          ]));
        });
        altsEmpty.hidden = alts.children.length > 0;
      });
  }

  // Copy and read aloud.
  function copy() {
    if (!best) return;
    var text = best.answer;
    var fallback = function () {
      var area = el('textarea', { class: 'offscreen', readonly: '' });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      area.remove();
      copyBtn.focus();
      copied.textContent = ok ? T.copied : T.copyFailed;
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { copied.textContent = T.copied; }, fallback);
    } else {
      fallback();
    }
  }
  function speak() {
    if (!best) return;
    var voice = window.speechSynthesis && window.SpeechSynthesisUtterance;
    preview.textContent = T.preview + best.answer + (voice ? '' : T.noSpeech);
    preview.hidden = false;
    speakBtn.setAttribute('aria-expanded', 'true');
    if (!voice) return;
    var u = new SpeechSynthesisUtterance(best.answer);
    u.lang = 'zh-CN';
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(u);
  }

  transcript.addEventListener('input', schedule);
  region.addEventListener('change', function () {
    if (current) answer(current.q, current.context, current.note);
  });
  copyBtn.addEventListener('click', copy);
  speakBtn.addEventListener('click', speak);
  bestText.setAttribute('tabindex', '-1');
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey && e.key === 'Enter') {
      e.preventDefault();
      return run();
    }
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    var first = function (sel) { var n = document.querySelector(sel); if (n) n.focus(); };
    var keys = {
      KeyI: function () { transcript.focus(); },
      KeyA: function () { region.focus(); },
      KeyC: copy,
      KeyS: speak,
      KeyQ: function () { first('#clarify-options button'); },
      KeyO: function () { first('#alts button'); }
    };
    if (keys[e.code]) {
      e.preventDefault();
      keys[e.code]();
    }
  });
  transcript.focus();
})();
