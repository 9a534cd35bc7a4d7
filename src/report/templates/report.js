(function () {
  'use strict';
  var dataEl = document.getElementById('copydesk-data');
  var data = dataEl ? JSON.parse(dataEl.textContent) : { divergences: [] };
  var byId = Object.create(null);
  data.divergences.forEach(function (d) { byId[d.id] = d; });
  var total = data.divergences.length;

  // Filters: within one dimension any pressed chip matches; across dimensions all must match.
  // A dimension with no pressed chip does not filter.
  var active = { kind: [], severity: [], outlet: [] };
  function matches(d) {
    if (!d) { return true; }
    if (active.kind.length && active.kind.indexOf(d.kind) < 0) { return false; }
    if (active.severity.length && active.severity.indexOf(d.severity) < 0) { return false; }
    if (active.outlet.length && !d.outlets.some(function (o) { return active.outlet.indexOf(o) >= 0; })) { return false; }
    return true;
  }
  function apply() {
    var shown = 0;
    data.divergences.forEach(function (d) { if (matches(d)) { shown += 1; } });
    document.querySelectorAll('[data-div]').forEach(function (el) {
      el.hidden = !matches(byId[el.getAttribute('data-div')]);
    });
    var status = document.getElementById('filter-status');
    if (status) { status.textContent = shown + ' of ' + total + ' divergences'; }
    var none = document.getElementById('no-match');
    if (none) { none.hidden = shown > 0; }
  }
  document.querySelectorAll('button[data-filter]').forEach(function (b) {
    b.addEventListener('click', function () {
      var list = active[b.getAttribute('data-filter')];
      var v = b.getAttribute('data-value');
      var i = list.indexOf(v);
      if (i >= 0) { list.splice(i, 1); } else { list.push(v); }
      b.setAttribute('aria-pressed', i >= 0 ? 'false' : 'true');
      apply();
    });
  });
  var reset = document.getElementById('reset-filters');
  if (reset) {
    reset.addEventListener('click', function () {
      active = { kind: [], severity: [], outlet: [] };
      document.querySelectorAll('button[data-filter]').forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
      apply();
    });
  }

  // Keyboard: j / n next divergence, k / p previous (visible ones only, in page order).
  function visibleCards() {
    return Array.prototype.filter.call(document.querySelectorAll('article.div-card'), function (c) {
      return c.closest('[hidden]') === null;
    });
  }
  function currentIndex(cards) {
    var cur = document.querySelector('article.div-card.current');
    var i = cards.indexOf(cur);
    if (i >= 0) { return i; }
    return -1;
  }
  function go(step) {
    var cards = visibleCards();
    if (!cards.length) { return; }
    var i = currentIndex(cards);
    if (i < 0) {
      // Start from the viewport: the first card below (or last above) the top bar.
      var top = 0;
      var bar = document.querySelector('header.top');
      if (bar) { top = bar.getBoundingClientRect().bottom; }
      i = step > 0 ? -1 : cards.length;
      for (var k = 0; k < cards.length; k += 1) {
        if (cards[k].getBoundingClientRect().top > top + 1) { i = step > 0 ? k - 1 : k; break; }
      }
    }
    var next = Math.min(cards.length - 1, Math.max(0, i + step));
    cards.forEach(function (c) { c.classList.remove('current'); });
    var card = cards[next];
    card.classList.add('current');
    card.scrollIntoView({ block: 'center' });
    card.focus({ preventScroll: true });
    try { history.replaceState(null, '', '#' + card.id); } catch (e) { /* file:// may refuse; the card is still shown */ }
  }
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    if (e.key === 'j' || e.key === 'n') { go(1); e.preventDefault(); }
    else if (e.key === 'k' || e.key === 'p') { go(-1); e.preventDefault(); }
  });
  document.body.classList.add('js');
})();
