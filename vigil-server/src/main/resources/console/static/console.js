// Vigil console: deadline countdowns, keyboard shortcuts, audited media reveal and exposure metering.
// No framework, no build step: served as is by Vigil.
(function () {
  'use strict';
  var csrf = document.body.getAttribute('data-csrf');

  function post(url, fields) {
    var body = new URLSearchParams(fields || {});
    body.set('_csrf', csrf);
    return fetch(url, { method: 'POST', body: body, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  }

  // Countdowns: "in 3 h 12 min" or "overdue by 5 min", refreshed every 30 s.
  function human(ms) {
    var m = Math.round(Math.abs(ms) / 60000), d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60);
    return (d ? d + ' d ' : '') + (h ? h + ' h ' : '') + (m % 60) + ' min';
  }
  function tick() {
    document.querySelectorAll('time.countdown').forEach(function (t) {
      var left = Date.parse(t.getAttribute('datetime')) - Date.now();
      t.textContent = left >= 0 ? 'in ' + human(left) : 'overdue by ' + human(left);
      t.title = t.getAttribute('datetime');
    });
  }
  tick(); setInterval(tick, 30000);

  // Queue: click a row to open; j/k to move, Enter to open.
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.row'));
  var selected = -1;
  rows.forEach(function (r) { r.addEventListener('click', function () { location.href = r.getAttribute('data-href'); }); });
  function select(i) {
    if (!rows.length) return;
    if (selected >= 0) rows[selected].classList.remove('selected');
    selected = Math.max(0, Math.min(rows.length - 1, i));
    rows[selected].classList.add('selected');
  }

  // Media: reveal is audited and metered; seconds viewed are reported when it is hidden again.
  var media = document.getElementById('media');
  var revealedAt = 0;
  function reportSeconds() {
    if (!revealedAt) return;
    var seconds = Math.round((Date.now() - revealedAt) / 1000);
    revealedAt = 0;
    var body = new URLSearchParams({ seconds: String(Math.min(seconds, 3600)), _csrf: csrf });
    navigator.sendBeacon('/console/exposure', body);
  }
  function reveal() {
    if (!media || media.classList.contains('revealed')) return;
    var caseId = document.getElementById('case').getAttribute('data-case');
    post('/console/cases/' + caseId + '/reveal').then(function (r) { return r.json(); }).then(function (j) {
      if (j.error) { alert(j.message); return; }
      media.classList.add('revealed');
      var v = media.querySelector('video'); if (v) { v.controls = true; }
      revealedAt = Date.now();
      document.getElementById('reveals').textContent = j.reveals;
    });
  }
  if (media) { document.getElementById('reveal').addEventListener('click', reveal); }
  window.addEventListener('pagehide', reportSeconds);

  // Decision form: "decide and next" sets next=1.
  var decide = document.getElementById('decide');
  if (decide) {
    document.getElementById('decide-next').addEventListener('click', function () {
      document.getElementById('next-field').value = '1';
    });
  }

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') && t.type !== 'radio';
  }

  document.addEventListener('keydown', function (e) {
    if (decide && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      document.getElementById('next-field').value = '1';
      decide.requestSubmit ? decide.requestSubmit() : decide.submit();
      return;
    }
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (decide && /^[1-9]$/.test(e.key)) {
      var radio = decide.querySelector('input[data-key="' + e.key + '"]');
      if (radio) { radio.checked = true; e.preventDefault(); document.getElementById('explanation').focus(); }
      return;
    }
    switch (e.key) {
      case 'c': var claim = document.getElementById('claim-form'); if (claim) claim.submit(); break;
      case 's': var skip = document.getElementById('skip-form'); if (skip) skip.submit(); break;
      case 'r': reveal(); break;
      case 'n': var next = document.getElementById('next'); if (next) location.href = next.href; break;
      case 'j': select(selected + 1); break;
      case 'k': select(selected - 1); break;
      case 'Enter': if (selected >= 0) location.href = rows[selected].getAttribute('data-href'); break;
      case '?': toggleHelp(); break;
      default: return;
    }
  });

  function toggleHelp() {
    var help = document.getElementById('help');
    if (help) { help.remove(); return; }
    help = document.createElement('div');
    help.id = 'help';
    help.innerHTML = '<strong>Shortcuts</strong><br>' +
      '<kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open, <kbd>n</kbd> next case<br>' +
      '<kbd>c</kbd> claim, <kbd>1</kbd>–<kbd>9</kbd> choose action, <kbd>Ctrl</kbd>+<kbd>Enter</kbd> decide and next<br>' +
      '<kbd>s</kbd> skip, <kbd>r</kbd> reveal media (audited), <kbd>?</kbd> this help';
    document.body.appendChild(help);
  }
})();
