/*
 * itreg.js — progressive enhancement for the itreg intranet site.
 * Plain JS, no dependencies, no build step. Every feature is optional: it runs
 * only when its markup is on the page, and the page works without it.
 *
 *   1. Tables      .table-filter / .table-filter-select / .table-count, th[data-sort]
 *   2. Search      #search-input, #search-status, #search-results (index under search/)
 *   3. Checklists  article.procedure[data-procedure]
 *   4. Blank form  #paper-unit-choice fills #paper-unit (?unit=<id> preselects)
 *
 * Untrusted text (record titles, URL parameters) is only ever written with
 * textContent / setAttribute; nothing here uses innerHTML.
 */
(function () {
  'use strict';

  var doc = document;
  var html = doc.documentElement;
  html.classList.add('js');

  /* ---------------------------------------------------------------- utils */

  var hasOwn = Object.prototype.hasOwnProperty;

  function all(selector, context) {
    return Array.prototype.slice.call((context || doc).querySelectorAll(selector));
  }

  /** The relative path from this page to the language root ("" at the root). */
  function rootPath() {
    var root = html.getAttribute('data-root') || '';
    if (root && root.charAt(root.length - 1) !== '/') root += '/';
    return root;
  }

  var COMBINING = /[\u0300-\u036f]/g;

  /** Diacritic folding shared with the search index: NFD, strip marks, đ→d, lower-case. */
  function fold(text) {
    var s = String(text == null ? '' : text);
    if (s.normalize) s = s.normalize('NFD');
    return s.replace(COMBINING, '').replace(/\u0111/g, 'd').replace(/\u0110/g, 'D').toLowerCase();
  }

  function squash(text) {
    return String(text == null ? '' : text).replace(/\s+/g, ' ').trim();
  }

  function words(text) {
    var s = squash(fold(text));
    return s ? s.split(' ') : [];
  }

  /** Replaces {name} placeholders; unknown ones are left as they are. */
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, name) {
      return hasOwn.call(values, name) ? String(values[name]) : match;
    });
  }

  function safely(name, fn) {
    try {
      fn();
    } catch (err) {
      if (window.console && console.error) console.error('itreg: ' + name + ':', err);
    }
  }

  /* ------------------------------------------------------------- 1. tables */

  var collator = (typeof Intl !== 'undefined' && Intl.Collator)
    ? new Intl.Collator('vi', { numeric: true, sensitivity: 'base' })
    : null;

  function compareText(a, b) {
    return collator ? collator.compare(a, b) : a.localeCompare(b, 'vi');
  }

  function bodyRows(table) {
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      Array.prototype.push.apply(rows, tbody.rows);
    });
    return rows;
  }

  /** Visual column index of a header cell, counting colspans before it. */
  function columnIndex(th) {
    var index = 0;
    for (var cell = th.previousElementSibling; cell; cell = cell.previousElementSibling) {
      index += cell.colSpan || 1;
    }
    return index;
  }

  /** The cell of a body row at a visual column index (rows may use colspan). */
  function cellAt(row, column) {
    var index = 0;
    for (var i = 0; i < row.cells.length; i++) {
      var cell = row.cells[i];
      var span = cell.colSpan || 1;
      if (column < index + span) return cell;
      index += span;
    }
    return null;
  }

  var rowTextCache = typeof WeakMap === 'function' ? new WeakMap() : null;

  function rowText(row) {
    var text = rowTextCache && rowTextCache.get(row);
    if (text == null) {
      var parts = [];
      for (var i = 0; i < row.cells.length; i++) parts.push(row.cells[i].textContent);
      text = squash(fold(parts.join(' ')));
      if (rowTextCache) rowTextCache.set(row, text);
    }
    return text;
  }

  function initTableFilters() {
    var states = {};

    function stateFor(control) {
      var id = control.getAttribute('data-table');
      if (!id) return null;
      if (!hasOwn.call(states, id)) {
        var table = doc.getElementById(id);
        states[id] = table && table.tagName === 'TABLE'
          ? { table: table, inputs: [], selects: [], counts: [] }
          : null;
      }
      return states[id];
    }

    all('input.table-filter[data-table]').forEach(function (input) {
      var state = stateFor(input);
      if (state) state.inputs.push(input);
    });
    all('select.table-filter-select[data-table]').forEach(function (select) {
      var state = stateFor(select);
      if (state) state.selects.push(select);
    });
    all('.table-count[data-table]').forEach(function (count) {
      var state = stateFor(count);
      if (state) state.counts.push(count);
    });

    Object.keys(states).forEach(function (id) {
      var state = states[id];
      if (!state) return;
      var apply = function () { applyFilter(state); };
      state.inputs.forEach(function (input) { input.addEventListener('input', apply); });
      state.selects.forEach(function (select) { select.addEventListener('change', apply); });
      // A capped table on a record page links here with ?filter=<its title>.
      var wanted = queryParams().get('filter');
      if (wanted && state.inputs.length && !state.inputs[0].value) state.inputs[0].value = wanted;
      // The browser may have restored values on back/forward navigation.
      apply();
      window.addEventListener('pageshow', function (event) { if (event.persisted) apply(); });
    });
  }

  function applyFilter(state) {
    var needles = [];
    state.inputs.forEach(function (input) {
      Array.prototype.push.apply(needles, words(input.value));
    });
    var columns = [];
    state.selects.forEach(function (select) {
      if (select.value === '') return;
      var column = parseInt(select.getAttribute('data-column'), 10);
      if (column >= 0) columns.push({ column: column, value: squash(select.value) });
    });

    var rows = bodyRows(state.table);
    var shown = 0;
    rows.forEach(function (row) {
      var visible = true;
      if (needles.length) {
        var text = rowText(row);
        for (var i = 0; i < needles.length && visible; i++) {
          if (text.indexOf(needles[i]) < 0) visible = false;
        }
      }
      for (var j = 0; j < columns.length && visible; j++) {
        var cell = cellAt(row, columns[j].column);
        if (!cell || squash(cell.textContent) !== columns[j].value) visible = false;
      }
      if (row.hidden === visible) row.hidden = !visible;
      if (visible) shown++;
    });

    state.counts.forEach(function (count) {
      var template = count.getAttribute('data-template') || '{shown} / {total}';
      count.textContent = fill(template, { shown: shown, total: rows.length });
    });
  }

  var SORT_TYPES = { text: true, number: true, date: true };

  function initTableSort() {
    all('table').forEach(function (table) {
      if (!table.tHead) return;
      var headers = all('th[data-sort]', table.tHead).filter(function (th) {
        return SORT_TYPES[th.getAttribute('data-sort')] === true;
      });
      headers.forEach(function (th) {
        if (th.querySelector('button.sort-button')) return; // already enhanced
        if (th.getAttribute('data-sort') === 'number') markNumberColumn(table, th);
        var button = doc.createElement('button');
        button.type = 'button';
        button.className = 'sort-button';
        while (th.firstChild) button.appendChild(th.firstChild);
        var indicator = doc.createElement('span');
        indicator.className = 'sort-indicator';
        indicator.setAttribute('aria-hidden', 'true');
        button.appendChild(indicator);
        th.appendChild(button);
        button.addEventListener('click', function () {
          var direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
          headers.forEach(function (other) {
            if (other !== th) other.removeAttribute('aria-sort');
          });
          th.setAttribute('aria-sort', direction);
          sortTable(table, columnIndex(th), th.getAttribute('data-sort'), direction);
        });
      });
    });
  }

  function markNumberColumn(table, th) {
    var column = columnIndex(th);
    th.classList.add('num');
    bodyRows(table).forEach(function (row) {
      var cell = cellAt(row, column);
      if (cell) cell.classList.add('num');
    });
  }

  /** Number in a cell: "1.234", "1.234,5", "1,234.5", "12", "-3 %" … or null. */
  function parseNumber(text) {
    var s = String(text).replace(/[\s\u00a0\u202f]/g, '');
    var match = /-?[\d.,]*\d/.exec(s);
    if (!match) return null;
    s = match[0];
    var lastDot = s.lastIndexOf('.');
    var lastComma = s.lastIndexOf(',');
    var decimal = null;
    if (lastDot >= 0 && lastComma >= 0) {
      decimal = lastDot > lastComma ? '.' : ',';
    } else if (lastDot >= 0 || lastComma >= 0) {
      var sep = lastDot >= 0 ? '.' : ',';
      var count = s.split(sep).length - 1;
      var after = s.length - s.lastIndexOf(sep) - 1;
      if (count > 1) decimal = null; // 1.234.567
      else if (after !== 3) decimal = sep; // 12.5, 3,25
      else decimal = (html.lang || '').slice(0, 2) === 'en' ? (sep === '.' ? '.' : null) : (sep === ',' ? ',' : null);
    }
    var normalised = s;
    if (decimal) {
      var thousands = decimal === '.' ? ',' : '.';
      normalised = s.split(thousands).join('').replace(decimal, '.');
    } else {
      normalised = s.replace(/[.,]/g, '');
    }
    var value = parseFloat(normalised);
    return isFinite(value) ? value : null;
  }

  function pad2(n) {
    return (n.length < 2 ? '0' : '') + n;
  }

  /** Comparable key "YYYYMMDD…" for ISO dates (also YYYY-MM, YYYY, DD/MM/YYYY) or null. */
  function parseDate(text) {
    var s = String(text);
    var m = /(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
    if (m) return m[1] + m[2] + m[3] + (m[4] || '00') + (m[5] || '00') + (m[6] || '00');
    m = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(s);
    if (m) return m[3] + pad2(m[2]) + pad2(m[1]) + '000000';
    m = /^\s*(\d{4})(?:-(\d{2}))?\s*$/.exec(s);
    if (m) return m[1] + (m[2] || '00') + '00000000';
    return null;
  }

  function sortKey(cell, type) {
    if (!cell) return null;
    var raw = cell.getAttribute('data-sort-value');
    if (raw == null && type === 'date') {
      var time = cell.querySelector('time[datetime]');
      if (time) raw = time.getAttribute('datetime');
    }
    if (raw == null) raw = cell.textContent;
    if (type === 'number') return parseNumber(raw);
    if (type === 'date') return parseDate(raw);
    var text = squash(raw);
    return text === '' ? null : text;
  }

  function sortTable(table, column, type, direction) {
    var sign = direction === 'descending' ? -1 : 1;
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      var items = Array.prototype.map.call(tbody.rows, function (row, index) {
        return { row: row, index: index, key: sortKey(cellAt(row, column), type) };
      });
      items.sort(function (a, b) {
        var aEmpty = a.key === null;
        var bEmpty = b.key === null;
        if (aEmpty || bEmpty) {
          if (aEmpty !== bEmpty) return aEmpty ? 1 : -1; // empty last, either direction
          return a.index - b.index;
        }
        var result;
        if (type === 'text') result = compareText(a.key, b.key);
        else result = a.key < b.key ? -1 : (a.key > b.key ? 1 : 0);
        return (sign * result) || (a.index - b.index);
      });
      var fragment = doc.createDocumentFragment();
      items.forEach(function (item) { fragment.appendChild(item.row); });
      tbody.appendChild(fragment);
    });
  }

  /** Tables the templates did not wrap still scroll sideways on phones. */
  function wrapTables() {
    all('table.data-table, .markdown table').forEach(function (table) {
      var parent = table.parentNode;
      if (!parent || (parent.classList && parent.classList.contains('table-scroll'))) return;
      var wrapper = doc.createElement('div');
      wrapper.className = 'table-scroll';
      parent.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    });
  }

  /* ------------------------------------------------------------- 2. search */

  var SEARCH_MAX_RESULTS = 50;
  var SEARCH_CHUNK = 500;
  var SEARCH_MAX_TOKENS = 12;

  /** A result URL must be relative: no scheme, no leading / or //, no backslash or control characters. */
  function isRelativeUrl(url) {
    if (typeof url !== 'string' || url === '') return false;
    if (/[\u0000-\u001f\u007f\\]/.test(url)) return false;
    var first = url.charAt(0);
    if (first === '/' || first === ' ' || first === '\u00a0') return false;
    var slash = url.indexOf('/');
    var head = slash < 0 ? url : url.slice(0, slash);
    return head.indexOf(':') < 0;
  }

  function asText(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && isFinite(value)) return String(value);
    return '';
  }

  function searchTokens(query) {
    var tokens = fold(query).match(/[a-z0-9]+/g) || [];
    var seen = {};
    return tokens.filter(function (token) {
      if (hasOwn.call(seen, token)) return false;
      seen[token] = true;
      return true;
    }).slice(0, SEARCH_MAX_TOKENS);
  }

  function initSearch() {
    var input = doc.getElementById('search-input');
    var list = doc.getElementById('search-results');
    if (!input || !list) return;
    var form = doc.getElementById('search-form');
    var status = doc.getElementById('search-status');
    var root = rootPath();
    // Token shards are the same in every language, so the site has one set.
    var shardRoot = input.getAttribute('data-shards') || root + 'search/t/';
    var minLength = parseInt(input.getAttribute('data-min'), 10);
    if (!(minLength >= 1)) minLength = 1;

    var shards = Object.create(null);
    var chunks = Object.create(null);
    var generation = 0;
    var debounceTimer = 0;
    var loadingTimer = 0;
    var lastQuery = null;

    function template(name, fallback) {
      return (status && status.getAttribute('data-template-' + name)) || fallback;
    }

    function setStatus(text) {
      if (status && status.textContent !== text) status.textContent = text;
    }

    function getJson(url, missing, valid) {
      if (typeof fetch !== 'function') return Promise.reject(new Error('fetch unavailable'));
      return fetch(url, { credentials: 'same-origin' }).then(function (response) {
        if (response.status === 404 || response.status === 410) return missing;
        if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
        return response.json().then(function (data) {
          return valid(data) ? data : missing;
        });
      });
    }

    function cached(cache, name, url, missing, valid) {
      if (!cache[name]) {
        cache[name] = getJson(url, missing, valid).catch(function (err) {
          delete cache[name]; // a network error may be transient: try again next time
          throw err;
        });
      }
      return cache[name];
    }

    function isPlainObject(data) {
      return data !== null && typeof data === 'object' && !Array.isArray(data);
    }

    function shardFor(token) {
      var name = token.length === 1 ? token : token.slice(0, 2);
      return cached(shards, name, shardRoot + name + '.json', {}, isPlainObject);
    }

    function chunkFor(number) {
      return cached(chunks, String(number), root + 'search/d/' + number + '.json', [], Array.isArray);
    }

    /** Doc ids of every index token that starts with `token`. */
    function idsFor(token) {
      return shardFor(token).then(function (shard) {
        var ids = new Set();
        Object.keys(shard).forEach(function (key) {
          if (key.lastIndexOf(token, 0) !== 0) return;
          var postings = shard[key];
          if (!Array.isArray(postings)) return;
          for (var i = 0; i < postings.length; i++) {
            var id = postings[i];
            if (typeof id === 'number' && id >= 0 && Math.floor(id) === id) ids.add(id);
          }
        });
        return ids;
      });
    }

    function intersect(sets) {
      sets.sort(function (a, b) { return a.size - b.size; });
      var result = [];
      sets[0].forEach(function (id) {
        for (var i = 1; i < sets.length; i++) if (!sets[i].has(id)) return;
        result.push(id);
      });
      return result.sort(function (a, b) { return a - b; });
    }

    function clearResults() {
      while (list.firstChild) list.removeChild(list.firstChild);
    }

    function resultItem(entry) {
      if (!Array.isArray(entry)) return null;
      var title = squash(asText(entry[0]));
      var url = asText(entry[1]);
      var kind = squash(asText(entry[2]));
      var subtitle = squash(asText(entry[3]));
      if (!isRelativeUrl(url)) return null;
      var item = doc.createElement('li');
      var link = doc.createElement('a');
      link.setAttribute('href', root + url);
      link.textContent = title || url;
      item.appendChild(link);
      if (kind) {
        item.appendChild(doc.createTextNode(' '));
        var badge = doc.createElement('span');
        badge.className = 'badge';
        badge.textContent = kind;
        item.appendChild(badge);
      }
      if (subtitle) {
        item.appendChild(doc.createTextNode(' '));
        var muted = doc.createElement('span');
        muted.className = 'muted';
        muted.textContent = subtitle;
        item.appendChild(muted);
      }
      return item;
    }

    function render(ids, total, loaded) {
      var fragment = doc.createDocumentFragment();
      var shown = 0;
      ids.forEach(function (id) {
        var chunk = loaded[Math.floor(id / SEARCH_CHUNK)];
        var item = chunk ? resultItem(chunk[id % SEARCH_CHUNK]) : null;
        if (item) {
          fragment.appendChild(item);
          shown++;
        }
      });
      clearResults();
      list.appendChild(fragment);
      if (total === 0 || shown === 0) {
        setStatus(template('none', 'Không tìm thấy kết quả'));
      } else if (total > shown && status && status.hasAttribute('data-template-more')) {
        setStatus(fill(template('more', ''), { n: total, shown: shown }));
      } else {
        setStatus(fill(template('count', '{n}'), { n: total, shown: shown }));
      }
    }

    function keepQueryInUrl(query) {
      if (!window.history || !history.replaceState || typeof URL !== 'function') return;
      try {
        var url = new URL(location.href);
        if (query) url.searchParams.set('q', query);
        else url.searchParams.delete('q');
        if (url.href !== location.href) history.replaceState(history.state, '', url.href);
      } catch (err) {
        /* file: URLs and sandboxed frames may refuse; the search still works */
      }
      carryQueryToLanguageSwitch();
    }

    function run(rawQuery) {
      var query = squash(rawQuery);
      if (query === lastQuery) return;
      lastQuery = query;
      var current = ++generation;
      clearTimeout(loadingTimer);
      keepQueryInUrl(query);

      var tokens = searchTokens(query);
      var longest = tokens.reduce(function (max, t) { return Math.max(max, t.length); }, 0);
      if (!tokens.length || longest < minLength) {
        clearResults();
        setStatus('');
        return;
      }

      loadingTimer = setTimeout(function () {
        if (current === generation) setStatus(template('loading', '…'));
      }, 200);

      Promise.all(tokens.map(idsFor)).then(function (sets) {
        if (current !== generation) return null;
        var matches = intersect(sets);
        var top = matches.slice(0, SEARCH_MAX_RESULTS);
        var needed = [];
        top.forEach(function (id) {
          var n = Math.floor(id / SEARCH_CHUNK);
          if (needed.indexOf(n) < 0) needed.push(n);
        });
        return Promise.all(needed.map(chunkFor)).then(function (loadedChunks) {
          if (current !== generation) return;
          var loaded = {};
          needed.forEach(function (n, i) { loaded[n] = loadedChunks[i]; });
          clearTimeout(loadingTimer);
          render(top, matches.length, loaded);
        });
      }).catch(function (err) {
        if (current !== generation) return;
        clearTimeout(loadingTimer);
        lastQuery = null; // allow a retry with the same text
        clearResults();
        var fallback = (html.lang || '').slice(0, 2) === 'en'
          ? 'The search index could not be loaded.'
          : 'Không tải được chỉ mục tìm kiếm.';
        setStatus(template('error', fallback));
        if (window.console && console.warn) console.warn('itreg: search:', err);
      });
    }

    input.addEventListener('input', function () {
      clearTimeout(debounceTimer);
      debounceTimer = setTimeout(function () { run(input.value); }, 150);
    });
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        clearTimeout(debounceTimer);
        lastQuery = null;
        run(input.value);
      });
    }

    var initial = null;
    try {
      initial = new URLSearchParams(location.search).get('q');
    } catch (err) {
      initial = null;
    }
    if (initial) input.value = initial;
    var header = doc.getElementById('q');
    if (header && header !== input && initial && !header.value) header.value = initial;
    if (input.value) run(input.value);
  }

  /* --------------------------------------------------------- 3. checklists */

  var SUBJECT_PARAMS = ['asset_tag', 'unit', 'date', 'record_id', 'person'];
  var SUBJECT_MAX_LENGTH = 200;
  var BLOCK_TAGS = /^(UL|OL|P|DIV|TABLE|PRE|BLOCKQUOTE|DL|H[1-6]|HR|SECTION|FIGURE|DETAILS)$/;

  var storage = (function () {
    try {
      var store = window.localStorage;
      var probe = 'itreg.__probe__';
      store.setItem(probe, '1');
      store.removeItem(probe);
      return store;
    } catch (err) {
      return null; // private mode, disabled storage, sandboxed frame…
    }
  })();

  function storageGet(key) {
    if (!storage) return null;
    try {
      var raw = storage.getItem(key);
      return raw == null ? null : JSON.parse(raw);
    } catch (err) {
      return null;
    }
  }

  function storageSet(key, value) {
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (err) {
      /* quota exceeded or storage revoked: ticks stay on the page only */
    }
  }

  function storageRemove(key) {
    if (!storage) return;
    try {
      storage.removeItem(key);
    } catch (err) {
      /* ignore */
    }
  }

  function queryParams() {
    try {
      return new URLSearchParams(location.search);
    } catch (err) {
      return { get: function () { return null; } };
    }
  }

  /** The text of a list item without its nested lists. */
  function ownItemText(item) {
    var copy = item.cloneNode(true);
    all('ul, ol', copy).forEach(function (nested) { nested.parentNode.removeChild(nested); });
    return squash(copy.textContent).slice(0, 300);
  }

  function hasLabel(input) {
    if (input.getAttribute('aria-label') || input.getAttribute('aria-labelledby')) return true;
    if (input.labels && input.labels.length) return true;
    return !!input.closest('label');
  }

  /** Moves the checkbox and the inline content after it into a <label>, for a larger click target. */
  function wrapInLabel(input) {
    var parent = input.parentNode;
    if (!parent || input.closest('label')) return;
    var label = doc.createElement('label');
    label.className = 'task-label';
    parent.insertBefore(label, input);
    var node = input;
    while (node && !(node.nodeType === 1 && BLOCK_TAGS.test(node.tagName))) {
      var next = node.nextSibling;
      label.appendChild(node);
      node = next;
    }
  }

  function initChecklist(article) {
    var procedure = article.getAttribute('data-procedure');
    if (!procedure) return;
    var params = queryParams();

    // Subject header, filled from the URL (untrusted: textContent only).
    var fields = all('[data-subject-field]', article);
    var names = SUBJECT_PARAMS.slice();
    fields.forEach(function (field) {
      var name = field.getAttribute('data-subject-field');
      if (name && names.indexOf(name) < 0) names.push(name);
    });
    names.sort();
    function param(name) {
      return squash(params.get(name) || '').slice(0, SUBJECT_MAX_LENGTH);
    }
    var parts = [];
    names.forEach(function (name) {
      var value = param(name);
      if (value) parts.push(name + '=' + value);
    });
    fields.forEach(function (field) {
      var value = param(field.getAttribute('data-subject-field'));
      if (value) {
        field.textContent = value;
        field.classList.add('subject-filled');
      }
    });
    var key = 'itreg.checklist.' + procedure + '.' + (parts.length ? parts.join('|') : '_');

    // Checkboxes.
    var body = article.querySelector('.procedure-body');
    var boxes = body ? all('input[type="checkbox"]', body) : [];
    boxes.forEach(function (box) {
      box.disabled = false;
      box.removeAttribute('disabled');
      var item = box.closest('li');
      if (item) item.classList.add('task');
      if (!hasLabel(box)) {
        var text = item ? ownItemText(item) : '';
        if (text) box.setAttribute('aria-label', text);
        wrapInLabel(box);
      }
    });

    var progress = article.querySelector('.checklist-progress');

    function updateProgress() {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      if (progress) {
        var template = progress.getAttribute('data-template') || '{done}/{total}';
        progress.textContent = fill(template, { done: done, total: boxes.length });
      }
      article.classList.toggle('is-complete', boxes.length > 0 && done === boxes.length);
    }

    function restore() {
      var saved = storageGet(key);
      boxes.forEach(function (box, index) {
        box.checked = Array.isArray(saved) && saved[index] === true;
      });
      updateProgress();
    }

    function save() {
      var ticks = boxes.map(function (box) { return box.checked; });
      if (ticks.indexOf(true) < 0) storageRemove(key);
      else storageSet(key, ticks);
      updateProgress();
    }

    boxes.forEach(function (box) { box.addEventListener('change', save); });
    restore();

    // Another tab with the same checklist and subject.
    window.addEventListener('storage', function (event) {
      if (event.key === key || event.key === null) restore();
    });
    // Back/forward cache: the page may come back with stale ticks.
    window.addEventListener('pageshow', function (event) {
      if (event.persisted) restore();
    });

    all('.checklist-toolbar', article).forEach(function (toolbar) { toolbar.hidden = false; });
    all('.checklist-reset', article).forEach(function (button) {
      button.addEventListener('click', function () {
        storageRemove(key);
        boxes.forEach(function (box) { box.checked = false; });
        updateProgress();
      });
    });
    all('.checklist-print', article).forEach(function (button) {
      button.addEventListener('click', function () { window.print(); });
    });

    carryQueryToLanguageSwitch();
  }

  function initChecklists() {
    all('article.procedure[data-procedure]').forEach(function (article) {
      safely('checklist', function () { initChecklist(article); });
    });
  }

  /* --------------------------------------------------------- 4. blank form */

  function initFormUnit() {
    var choice = doc.getElementById('paper-unit-choice');
    var line = doc.getElementById('paper-unit');
    if (!choice || !line) return;
    var blank = line.textContent;
    function show() {
      var option = choice.options[choice.selectedIndex];
      line.textContent = option && option.value
        ? '\u0110\u01A0N V\u1ECA: ' + squash(option.textContent).toLocaleUpperCase('vi')
        : blank;
    }
    var wanted = queryParams().get('unit');
    if (wanted) {
      for (var i = 0; i < choice.options.length; i++) {
        if (choice.options[i].value === wanted) choice.selectedIndex = i;
      }
    }
    choice.addEventListener('change', show);
    show();
  }

  /* ------------------------------------------------- language switch links */

  /**
   * On the search page and procedure pages the query string is the state
   * (?q=…, the checklist subject): keep it when switching language.
   */
  function carryQueryToLanguageSwitch() {
    if (typeof URL !== 'function') return;
    all('a.lang-switch[href]').forEach(function (link) {
      try {
        var original = link.getAttribute('data-href');
        if (original == null) {
          original = link.getAttribute('href');
          link.setAttribute('data-href', original);
        }
        var target = new URL(original, location.href);
        if (target.search) return; // the template set a query of its own
        var hashIndex = original.indexOf('#');
        var path = hashIndex < 0 ? original : original.slice(0, hashIndex);
        target.search = location.search;
        link.setAttribute('href', path + target.search + target.hash);
      } catch (err) {
        /* leave the link as the template made it */
      }
    });
  }

  /* ------------------------------------------------------------------ boot */

  function boot() {
    safely('tables', wrapTables);
    safely('filters', initTableFilters);
    safely('sort', initTableSort);
    safely('search', initSearch);
    safely('checklists', initChecklists);
    safely('form unit', initFormUnit);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
