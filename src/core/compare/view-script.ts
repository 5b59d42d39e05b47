/**
 * The comparison view's script, run in the webview with the page's nonce. Plain ES2020 in a
 * string (it never runs in the extension host). It builds the table from the JSON in #data,
 * sorts and filters rows, orders columns, pins rows, shades cells, draws a trend line per row,
 * renders only the visible columns when there are many, and posts clicks to the extension.
 */
export const COMPARE_SCRIPT = String.raw`
(function () {
  'use strict';
  var vscode = acquireVsCodeApi();
  var data = JSON.parse(document.getElementById('data').textContent);
  var docs = data.documents, rows = data.rows;
  var saved = vscode.getState() || {};
  var state = {
    kind: saved.kind || 'all', absent: !!saved.absent, text: saved.text || '', mode: saved.mode || 'abs',
    by: saved.by || data.by, sortCol: saved.sortCol == null ? null : saved.sortCol, sortLabel: !!saved.sortLabel,
    pinned: saved.pinned || [], selected: [], focus: null
  };
  var MANY = 120, COL_WIDTH = 86;
  var $ = function (id) { return document.getElementById(id); };
  var table = $('matrix'), thead = table.tHead, tbody = table.tBodies[0], scroller = $('scroller');

  function rate(c, words) { return words > 0 ? Math.round(c * 100000 / words) / 10 : 0; }
  function value(row, i) { var c = row.counts[i]; return c === null ? null : state.mode === 'rate' ? rate(c, docs[i].words) : c; }

  function columnOrder() {
    var idx = docs.map(function (_, i) { return i; });
    var byName = function (a, b) { return docs[a].path < docs[b].path ? -1 : docs[a].path > docs[b].path ? 1 : 0; };
    if (state.by === 'name') return idx.sort(byName);
    if (state.by === 'words') return idx.sort(function (a, b) { return docs[b].words - docs[a].words || byName(a, b); });
    return idx.sort(function (a, b) {
      var x = docs[a].date, y = docs[b].date;
      if (x && y) return x < y ? -1 : x > y ? 1 : byName(a, b);
      return x ? -1 : y ? 1 : byName(a, b);
    });
  }

  function visibleRows(cols) {
    var text = state.text.trim().toLowerCase();
    var out = rows.filter(function (r) {
      if (state.kind !== 'all' && r.kind !== state.kind) return false;
      if (text && r.label.toLowerCase().indexOf(text) < 0 && r.id.indexOf(text) < 0) return false;
      if (state.absent && !cols.some(function (i) { return r.counts[i] === 0; })) return false;
      return true;
    });
    var order = rows.map(function (r) { return r.id; });
    out.sort(function (a, b) {
      var pa = state.pinned.indexOf(a.id) >= 0, pb = state.pinned.indexOf(b.id) >= 0;
      if (pa !== pb) return pa ? -1 : 1;
      if (state.sortCol !== null) { var va = value(a, state.sortCol), vb = value(b, state.sortCol); if (va !== vb) return (vb === null ? -1 : vb) - (va === null ? -1 : va); }
      if (state.sortLabel) return a.label.localeCompare(b.label);
      return order.indexOf(a.id) - order.indexOf(b.id);
    });
    return out;
  }

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

  function trend(row, cols) {
    var pts = [], max = 0;
    cols.forEach(function (i) { if (row.counts[i] !== null) { var v = rate(row.counts[i], docs[i].words); pts.push(v); if (v > max) max = v; } });
    var ns = 'http://www.w3.org/2000/svg', w = 80, h = 18;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', w); svg.setAttribute('height', h); svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', pts.length ? 'per 10,000 words across the documents: ' + pts.join(', ') : 'no analysed document');
    if (pts.length) {
      var step = pts.length > 1 ? (w - 4) / (pts.length - 1) : 0;
      var coords = pts.map(function (v, k) { return (2 + k * step).toFixed(1) + ',' + (h - 2 - (max > 0 ? v / max : 0) * (h - 4)).toFixed(1); });
      var line = document.createElementNS(ns, pts.length > 1 ? 'polyline' : 'circle');
      if (pts.length > 1) line.setAttribute('points', coords.join(' '));
      else { var xy = coords[0].split(','); line.setAttribute('cx', xy[0]); line.setAttribute('cy', xy[1]); line.setAttribute('r', 2); }
      svg.appendChild(line);
    }
    return svg;
  }

  /** Columns to draw: all, or (many columns) the ones in view plus a margin, with spacers either side. */
  function windowOf(cols) {
    if (cols.length <= MANY) return { from: 0, to: cols.length };
    var first = Math.max(0, Math.floor(scroller.scrollLeft / COL_WIDTH) - 10);
    var count = Math.ceil(scroller.clientWidth / COL_WIDTH) + 20;
    return { from: first, to: Math.min(cols.length, first + count) };
  }

  var lastKey = '', reported = false;
  function render(force) {
    var cols = columnOrder();
    var win = windowOf(cols);
    var key = win.from + ':' + win.to;
    if (!force && key === lastKey) return;
    lastKey = key;
    table.classList.toggle('fixed', cols.length > MANY);
    var shown = visibleRows(cols);
    // Header
    thead.textContent = '';
    var hr = el('tr');
    var corner = el('th', 'corner'); corner.scope = 'col';
    var sortLabel = el('button', 'link', 'Party or term' + (state.sortLabel ? ' ▲' : ''));
    sortLabel.type = 'button'; sortLabel.setAttribute('aria-label', 'Sort rows by name'); sortLabel.dataset.action = 'sortLabel';
    corner.appendChild(sortLabel); hr.appendChild(corner);
    var th = el('th', null, 'Trend'); th.scope = 'col'; th.title = 'Mentions per 10,000 words across the documents, in column order'; hr.appendChild(th);
    if (win.from > 0) { var sp = el('th', 'spacer'); sp.style.minWidth = (win.from * COL_WIDTH) + 'px'; hr.appendChild(sp); }
    for (var k = win.from; k < win.to; k++) {
      var i = cols[k], d = docs[i];
      var h = el('th'); h.scope = 'col'; h.title = d.path; h.dataset.col = i;
      var open = el('button', 'link', d.name); open.type = 'button'; open.dataset.action = 'open'; open.dataset.col = i;
      open.setAttribute('aria-label', 'Open ' + d.path);
      h.appendChild(open);
      h.appendChild(el('span', 'date', d.date || 'undated'));
      h.appendChild(el('span', 'words', d.error ? 'not analysed: ' + d.error : d.words + ' words'));
      var sort = el('button', 'icon', state.sortCol === i ? '▼' : '⇅'); sort.type = 'button'; sort.dataset.action = 'sortCol'; sort.dataset.col = i;
      sort.setAttribute('aria-label', 'Sort rows by their mentions in ' + d.name); sort.setAttribute('aria-pressed', String(state.sortCol === i));
      var pick = el('input'); pick.type = 'checkbox'; pick.dataset.action = 'select'; pick.dataset.col = i; pick.checked = state.selected.indexOf(i) >= 0;
      pick.setAttribute('aria-label', 'Select ' + d.name + ' to compare two documents'); pick.disabled = !!d.error;
      h.appendChild(sort); h.appendChild(pick);
      hr.appendChild(h);
    }
    if (win.to < cols.length) { var sp2 = el('th', 'spacer'); sp2.style.minWidth = ((cols.length - win.to) * COL_WIDTH) + 'px'; hr.appendChild(sp2); }
    thead.appendChild(hr);
    // Body
    var frag = document.createDocumentFragment();
    shown.forEach(function (r) {
      var tr = el('tr', r.kind + (state.pinned.indexOf(r.id) >= 0 ? ' pinned' : ''));
      tr.dataset.row = r.id;
      var rh = el('th'); rh.scope = 'row';
      var pinned = state.pinned.indexOf(r.id) >= 0;
      var pin = el('button', 'icon pin', pinned ? '★' : '☆'); pin.type = 'button'; pin.dataset.action = 'pin'; pin.dataset.row = r.id;
      pin.setAttribute('aria-label', (pinned ? 'Unpin ' : 'Pin ') + r.label); pin.setAttribute('aria-pressed', String(pinned));
      rh.appendChild(pin);
      rh.appendChild(el('span', 'label', r.label));
      rh.appendChild(el('span', 'kind', r.kind));
      if (r.expected) rh.appendChild(el('span', 'expected', 'expected'));
      tr.appendChild(rh);
      var t = el('td', 'trend'); t.appendChild(trend(r, cols)); tr.appendChild(t);
      if (win.from > 0) tr.appendChild(el('td', 'spacer'));
      var max = 0;
      cols.forEach(function (i) { var v = r.counts[i] === null ? 0 : rate(r.counts[i], docs[i].words); if (v > max) max = v; });
      for (var k = win.from; k < win.to; k++) {
        var i = cols[k], c = r.counts[i], td = el('td', 'count');
        td.tabIndex = -1; td.dataset.row = r.id; td.dataset.col = i;
        if (c === null) { td.className = 'count na'; td.textContent = 'n/a'; td.setAttribute('aria-label', docs[i].name + ' was not analysed: ' + docs[i].error); }
        else if (c === 0) { td.className = 'count absent'; td.textContent = '✕ 0'; td.setAttribute('aria-label', r.label + ' is never mentioned in ' + docs[i].name); }
        else {
          var rt = rate(c, docs[i].words);
          td.className = 'count heat';
          td.style.setProperty('--heat', String(max > 0 ? Math.round(rt / max * 100) / 100 : 0));
          td.textContent = state.mode === 'rate' ? String(rt) : String(c);
          td.setAttribute('aria-label', r.label + ' in ' + docs[i].name + ': ' + c + (c === 1 ? ' mention' : ' mentions') + ', ' + rt + ' per 10,000 words. Enter selects them in the document.');
        }
        tr.appendChild(td);
      }
      if (win.to < cols.length) tr.appendChild(el('td', 'spacer'));
      frag.appendChild(tr);
    });
    tbody.textContent = '';
    tbody.appendChild(frag);
    $('status').textContent = shown.length + ' of ' + rows.length + ' rows, ' + docs.length + ' documents';
    $('compareTwo').disabled = state.selected.length !== 2;
    restoreFocus();
    if (!reported) { reported = true; vscode.postMessage({ type: 'rendered', ms: Math.round(performance.now()), columns: win.to - win.from, rows: shown.length }); }
    vscode.setState({ kind: state.kind, absent: state.absent, text: state.text, mode: state.mode, by: state.by, sortCol: state.sortCol, sortLabel: state.sortLabel, pinned: state.pinned });
  }

  function restoreFocus() {
    var cells = tbody.querySelectorAll('td.count');
    if (!cells.length) return;
    var target = null;
    if (state.focus) target = tbody.querySelector('td.count[data-row="' + CSS.escape(state.focus.row) + '"][data-col="' + state.focus.col + '"]');
    (target || cells[0]).tabIndex = 0;
  }

  function moveFocus(td, dr, dc, edge) {
    var tr = td.parentElement;
    var cells = Array.prototype.slice.call(tr.querySelectorAll('td.count'));
    var ci = cells.indexOf(td);
    var rowsEl = Array.prototype.slice.call(tbody.children);
    var ri = rowsEl.indexOf(tr);
    if (edge === 'home') ci = 0; else if (edge === 'end') ci = cells.length - 1;
    ri = Math.max(0, Math.min(rowsEl.length - 1, ri + dr));
    var target = rowsEl[ri].querySelectorAll('td.count')[Math.max(0, Math.min(cells.length - 1, ci + dc))];
    if (!target) return;
    td.tabIndex = -1; target.tabIndex = 0; target.focus();
    state.focus = { row: target.dataset.row, col: target.dataset.col };
  }

  function openCell(td) {
    if (td.classList.contains('na')) return;
    state.focus = { row: td.dataset.row, col: td.dataset.col };
    vscode.postMessage({ type: 'openCell', row: td.dataset.row, column: Number(td.dataset.col) });
  }

  table.addEventListener('click', function (e) {
    var t = e.target.closest('[data-action], td.count');
    if (!t) return;
    var action = t.dataset.action;
    if (action === 'open') vscode.postMessage({ type: 'openDocument', column: Number(t.dataset.col) });
    else if (action === 'sortCol') { var c = Number(t.dataset.col); state.sortCol = state.sortCol === c ? null : c; state.sortLabel = false; render(true); }
    else if (action === 'sortLabel') { state.sortLabel = !state.sortLabel; state.sortCol = null; render(true); }
    else if (action === 'pin') { var id = t.dataset.row, at = state.pinned.indexOf(id); if (at >= 0) state.pinned.splice(at, 1); else state.pinned.push(id); render(true); }
    else if (action === 'select') {
      var col = Number(t.dataset.col), k = state.selected.indexOf(col);
      if (t.checked && k < 0) { state.selected.push(col); if (state.selected.length > 2) state.selected.shift(); }
      if (!t.checked && k >= 0) state.selected.splice(k, 1);
      render(true);
    } else if (t.tagName === 'TD') openCell(t);
  });
  table.addEventListener('keydown', function (e) {
    var td = e.target.closest && e.target.closest('td.count');
    if (!td) return;
    var keys = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (keys[e.key]) { e.preventDefault(); moveFocus(td, keys[e.key][0], keys[e.key][1]); }
    else if (e.key === 'Home') { e.preventDefault(); moveFocus(td, 0, 0, 'home'); }
    else if (e.key === 'End') { e.preventDefault(); moveFocus(td, 0, 0, 'end'); }
    else if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openCell(td); }
  });
  function bind(id, prop, read) {
    var input = $(id);
    if (input.type === 'checkbox') input.checked = state[prop]; else input.value = state[prop];
    input.addEventListener(input.type === 'search' ? 'input' : 'change', function () { state[prop] = read(input); render(true); });
  }
  bind('kind', 'kind', function (i) { return i.value; });
  bind('absent', 'absent', function (i) { return i.checked; });
  bind('text', 'text', function (i) { return i.value; });
  bind('mode', 'mode', function (i) { return i.value; });
  bind('by', 'by', function (i) { return i.value; });
  $('compareTwo').addEventListener('click', function () {
    if (state.selected.length === 2) vscode.postMessage({ type: 'compareTwo', columns: state.selected.slice() });
  });
  var pending = false;
  scroller.addEventListener('scroll', function () {
    if (docs.length <= MANY || pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(false); });
  });
  render(true);
})();
`;
