/*
 * itreg.js — progressive enhancement for the itreg intranet site.
 * Plain JS, no dependencies, no build step. Every feature is optional: it runs
 * only when its markup is on the page, and the page works without it.
 *
 *   1. Tables      .table-filter / .table-filter-select / .table-count, th[data-sort]
 *   2. Search      #search-input, #search-status, #search-results (index under search/)
 *   3. Checklists  article.procedure[data-procedure]
 *   4. Blank form  #paper-unit-choice fills #paper-unit (?unit=<id> preselects)
 *   5. Reports     button[data-csv] downloads the report's table as CSV,
 *                  button[data-xlsx] as XLSX; #csv or #xlsx on a report
 *                  page's address downloads it, #print prints
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
        /* one flex item, so a numeric column's reversed row keeps an
           English gloss after its label */
        var label = doc.createElement('span');
        while (th.firstChild) label.appendChild(th.firstChild);
        button.appendChild(label);
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
    m = /(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{2}):(\d{2}))?/.exec(s);
    if (m) return m[3] + pad2(m[2]) + pad2(m[1]) + (m[4] || '00') + (m[5] || '00') + '00';
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

  /*
   * Ranked search over the index under <site root>/search/ (built by
   * src/render/search.rs): meta.json, token shards t/<prefix>.json, result
   * chunks d/<n>.json. Both languages' search pages read the one index; an
   * English page shows its English labels and titles, and each result's
   * English page where it has its own. Every query word must match; a word
   * matches whole words, and the last word typed also the start of longer
   * words. Scores are BM25F: the index holds each (word, page) impact, the
   * browser adds the IDF, a bonus for query words in the title in the
   * query's order, and puts an exact id, serial, tag or mail address
   * first. Ties keep the index order (register group, then title). Each
   * page's unit is in its result chunk; the unit of every page, for the
   * unit filter's counts, is fetched (u.json) only when the user asks to
   * filter by unit.
   */
  var SEARCH_PAGE = 20;
  /* Long enough to let a fast typist's letters run together, short enough
     that results follow the last keystroke within 100 ms (bench/run.sh). */
  var SEARCH_DEBOUNCE_MS = 30;
  var SEARCH_MAX_TOKENS = 12;
  var SEARCH_PREFIX_FACTOR = 0.6;
  var SEARCH_EXACT_BONUS = 1000;
  var SEARCH_NO_POSITION = -1;
  /* digits of the posting strings: the first 32 end a number, the last 32 carry on */
  var SEARCH_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvwxyz-_WXYZ';
  /* shorter last words match whole words only: `in` in `may in` is not Intel */
  var SEARCH_MIN_PREFIX = 3;

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

  /**
   * `text` folded one character at a time, with the index in `text` each
   * folded character came from, so matches found in folded text can be
   * marked in the original.
   */
  function foldWithMap(text) {
    var folded = '';
    var from = [];
    var chars = Array.from(text.normalize ? text.normalize('NFC') : text);
    var at = 0;
    chars.forEach(function (ch) {
      var f = fold(ch);
      for (var i = 0; i < f.length; i++) from.push(at);
      folded += f;
      at += ch.length;
    });
    from.push(at);
    return { text: chars.join(''), folded: folded, from: from };
  }

  /** Ranges [start, end) of `text` that match the query's words. */
  function matchRanges(text, tokens, prefix) {
    var map = foldWithMap(text);
    var ranges = [];
    var re = /[a-z0-9]+/g;
    var m;
    while ((m = re.exec(map.folded))) {
      var word = m[0];
      for (var i = 0; i < tokens.length; i++) {
        var token = tokens[i];
        var whole = word === token;
        var starts = prefix && i === tokens.length - 1 && word.lastIndexOf(token, 0) === 0;
        if (whole || starts) {
          ranges.push([map.from[m.index], map.from[m.index + token.length]]);
          break;
        }
      }
    }
    return { text: map.text, ranges: ranges };
  }

  /** Append `text` to `parent` with the matched words in <mark>, as text nodes only. */
  function appendHighlighted(parent, text, tokens, prefix) {
    var found = matchRanges(text, tokens, prefix);
    var at = 0;
    found.ranges.forEach(function (range) {
      if (range[0] > at) parent.appendChild(doc.createTextNode(found.text.slice(at, range[0])));
      var mark = doc.createElement('mark');
      mark.textContent = found.text.slice(range[0], range[1]);
      parent.appendChild(mark);
      at = range[1];
    });
    if (at < found.text.length) parent.appendChild(doc.createTextNode(found.text.slice(at)));
  }

  function initSearch() {
    var input = doc.getElementById('search-input');
    var list = doc.getElementById('search-results');
    if (!input || !list) return;
    var form = doc.getElementById('search-form');
    var status = doc.getElementById('search-status');
    var facets = doc.getElementById('search-facets');
    var more = doc.getElementById('search-more');
    var english = html.getAttribute('lang') === 'en';
    /* result URLs are relative to the site root, where the index lives */
    var siteRoot = input.getAttribute('data-site-root');
    if (siteRoot === null) siteRoot = rootPath();
    var base = siteRoot + 'search/';
    var minLength = parseInt(input.getAttribute('data-min'), 10);
    if (!(minLength >= 1)) minLength = 1;

    var files = Object.create(null);
    var generation = 0;
    var debounceTimer = 0;
    var loadingTimer = 0;
    var lastQuery = null;
    /* The current result set: every match, ranked, and the facet choice. */
    var state = null;

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

    function cached(name, missing, valid) {
      if (!files[name]) {
        files[name] = getJson(base + name, missing, valid).catch(function (err) {
          delete files[name]; // a network error may be transient: try again next time
          throw err;
        });
      }
      return files[name];
    }

    function isPlainObject(data) {
      return data !== null && typeof data === 'object' && !Array.isArray(data);
    }

    function loadMeta() {
      return cached('meta.json', null, function (data) {
        return isPlainObject(data) && typeof data.n === 'number' && Array.isArray(data.runs);
      }).then(function (meta) {
        if (!meta) throw new Error('no search index');
        if (!meta.shardSet) {
          meta.shardSet = Object.create(null);
          (meta.shards || []).forEach(function (name) { meta.shardSet[name] = true; });
        }
        return meta;
      });
    }

    /** The shard holding `token`: the longest shard name that starts it. */
    function shardName(meta, token) {
      for (var end = token.length; end > 0; end--) {
        var name = token.slice(0, end);
        if (meta.shardSet[name]) return name;
      }
      return token.slice(0, 2);
    }

    /** Every shard that can hold `token` or a longer word starting with it. */
    function shardNames(meta, token, prefix) {
      var names = [shardName(meta, token)];
      if (prefix) {
        (meta.shards || []).forEach(function (name) {
          if (name.length > token.length && name.lastIndexOf(token, 0) === 0) names.push(name);
        });
      }
      return names;
    }

    function shard(name) {
      return cached('t/' + name + '.json', {}, isPlainObject);
    }

    function chunk(number) {
      return cached('d/' + number + '.json', [], Array.isArray);
    }

    /**
     * Page id → best posting of `token` there: {impact, field, position,
     * whole}. With `prefix`, longer words starting with `token` count too,
     * below whole words.
     */
    function postings(meta, token, prefix, exact) {
      var names = shardNames(meta, token, prefix && !exact);
      return Promise.all(names.map(shard)).then(function (loaded) {
        var found = new Map();
        loaded.forEach(function (data) {
          Object.keys(data).forEach(function (key) {
            var whole = exact ? key === '=' + token : key === token;
            var starts = !exact && prefix && key.charAt(0) !== '=' && key.lastIndexOf(token, 0) === 0;
            if (!whole && !starts) return;
            var flat = data[key];
            if (typeof flat !== 'string') return;
            var numbers = decodePostings(flat);
            var id = 0;
            for (var i = 0; i + 1 < numbers.length; i += 2) {
              id += numbers[i];
              var code = numbers[i + 1];
              var slot = Math.floor(code / 16);
              var hit = {
                impact: (code % 16) / 15,
                position: slot === 0 ? SEARCH_NO_POSITION : slot - 1,
                whole: whole
              };
              var seen = found.get(id);
              if (!seen || weight(hit) > weight(seen)) found.set(id, hit);
            }
          });
        });
        return found;
      });
    }

    /** The numbers of a posting string: base-32 digits, most significant first. */
    function decodePostings(text) {
      var numbers = [];
      var value = 0;
      for (var i = 0; i < text.length; i++) {
        var digit = SEARCH_DIGITS.indexOf(text.charAt(i));
        if (digit < 0) return [];
        value = value * 32 + (digit % 32);
        if (digit < 32) {
          numbers.push(value);
          value = 0;
        }
      }
      return numbers;
    }

    function weight(hit) {
      return hit.impact * (hit.whole ? 1 : SEARCH_PREFIX_FACTOR);
    }

    /** Rank every page that holds every token. */
    function rank(meta, tokens, maps, exact) {
      var n = Math.max(meta.n, 1);
      var idf = maps.map(function (map) {
        var df = map.size;
        return Math.log(1 + (n - df + 0.5) / (df + 0.5));
      });
      var order = maps.map(function (map, i) { return i; });
      order.sort(function (a, b) { return maps[a].size - maps[b].size; });
      var results = [];
      maps[order[0]].forEach(function (first, id) {
        var hits = [];
        for (var k = 0; k < maps.length; k++) {
          var hit = maps[k].get(id);
          if (!hit) return;
          hits[k] = hit;
        }
        var score = 0;
        for (var i = 0; i < hits.length; i++) score += idf[i] * weight(hits[i]);
        /* words in the query's order in the title; next to each other counts more */
        for (var j = 0; j + 1 < hits.length; j++) {
          var a = hits[j].position;
          var b = hits[j + 1].position;
          if (a === SEARCH_NO_POSITION || b === SEARCH_NO_POSITION || b <= a) continue;
          score += (b === a + 1 ? 1 : 0.5) * Math.min(idf[j], idf[j + 1]);
        }
        if (exact && exact.has(id)) score += SEARCH_EXACT_BONUS;
        results.push({ id: id, score: score, hits: hits });
      });
      results.sort(function (x, y) { return y.score - x.score || x.id - y.id; });
      return results;
    }

    /** A page's register group from the runs of ids [length, group, …]. */
    function groupOf(meta, id) {
      if (!meta.starts) {
        meta.starts = [];
        var at = 0;
        for (var i = 0; i + 1 < meta.runs.length; i += 2) {
          meta.starts.push([at, meta.runs[i + 1]]);
          at += meta.runs[i];
        }
      }
      var lo = 0;
      var hi = meta.starts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (meta.starts[mid][0] <= id) lo = mid;
        else hi = mid - 1;
      }
      var run = meta.starts[lo] || [0, 0];
      return run[1];
    }

    /** Every page's unit, fetched once, when the unit filter is first asked for. */
    function loadUnits(meta) {
      if (meta.unitOf) return Promise.resolve(meta.unitOf);
      return cached('u.json', null, function (data) {
        return typeof data === 'string';
      }).then(function (text) {
        if (text === null) throw new Error('no unit table');
        meta.unitOf = decodePostings(text);
        return meta.unitOf;
      });
    }

    function clearResults() {
      while (list.firstChild) list.removeChild(list.firstChild);
    }

    /** A register's (or procedures', reports') label in the page's language. */
    function groupLabel(meta, group) {
      var labels = (english && meta.groups_en) || meta.groups;
      return asText(labels && labels[group]);
    }

    function unitName(meta, unit) {
      return asText(meta.units && meta.units[unit]);
    }

    /**
     * The field to show under a result: of the fields its chunk shows, the
     * one holding most query words, an identifier or owner before the rest.
     */
    function matchedField(meta, shown, tokens, prefix) {
      var best = null;
      if (!Array.isArray(shown)) return null;
      shown.forEach(function (pair) {
        if (!Array.isArray(pair)) return;
        var field = meta.fields && meta.fields[pair[0]];
        if (!Array.isArray(field)) return;
        var text = asText(pair[1]);
        var count = matchRanges(text, tokens, prefix).ranges.length;
        if (!count) return;
        var cls = typeof field[1] === 'number' ? field[1] : 9;
        if (!best || count > best.count || (count === best.count && cls < best.cls)) {
          var label = asText(english && field[2] ? field[2] : field[0]);
          best = { count: count, cls: cls, label: label, text: text };
        }
      });
      return best;
    }

    function resultItem(meta, result, entry, tokens, prefix) {
      if (!Array.isArray(entry)) return null;
      var own = english && entry.length > 5; /* an English page of its own */
      var title = squash(asText((own && entry[4]) || entry[0]));
      var url = asText(own ? entry[5] : entry[1]);
      if (!isRelativeUrl(url)) return null;
      var group = groupOf(meta, result.id);
      var item = doc.createElement('li');
      item.setAttribute('data-id', String(result.id));
      var link = doc.createElement('a');
      link.setAttribute('href', siteRoot + url);
      appendHighlighted(link, title || url, tokens, prefix);
      item.appendChild(link);
      var kind = groupLabel(meta, group);
      if (kind) {
        item.appendChild(doc.createTextNode(' '));
        var badge = doc.createElement('span');
        badge.className = 'badge search-register';
        badge.textContent = kind;
        item.appendChild(badge);
      }
      var unit = typeof entry[3] === 'number' ? unitName(meta, entry[3]) : '';
      if (unit) {
        item.appendChild(doc.createTextNode(' '));
        var muted = doc.createElement('span');
        muted.className = 'muted search-unit';
        muted.textContent = unit;
        item.appendChild(muted);
      }
      var field = matchedField(meta, entry[2], tokens, prefix);
      if (field) {
        var line = doc.createElement('div');
        line.className = 'search-match';
        var label = doc.createElement('span');
        label.className = 'muted';
        label.textContent = field.label + (field.text ? ': ' : '');
        line.appendChild(label);
        if (field.text) appendHighlighted(line, squash(field.text), tokens, prefix);
        item.appendChild(line);
      }
      return item;
    }

    /**
     * The matches the facet choice keeps, and the counts beside each facet
     * value (by unit only once the unit table is loaded).
     */
    function filtered(s) {
      var byGroup = Object.create(null);
      var byUnit = s.meta.unitOf ? Object.create(null) : null;
      var kept = [];
      s.results.forEach(function (result) {
        var group = s.groups[result.id];
        var unit = byUnit ? s.meta.unitOf[result.id] : null;
        var groupOk = s.group === null || group === s.group;
        var unitOk = s.unit === null || unit === s.unit;
        if (unitOk) byGroup[group] = (byGroup[group] || 0) + 1;
        if (groupOk && byUnit) byUnit[unit] = (byUnit[unit] || 0) + 1;
        if (groupOk && unitOk) kept.push(result);
      });
      return { kept: kept, byGroup: byGroup, byUnit: byUnit };
    }

    function facetButton(text, count, pressed, onClick) {
      var button = doc.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-pressed', pressed ? 'true' : 'false');
      button.appendChild(doc.createTextNode(text + ' '));
      var number = doc.createElement('span');
      number.className = 'facet-count';
      number.textContent = String(count);
      button.appendChild(number);
      button.addEventListener('click', onClick);
      return button;
    }

    function renderFacets(s, view) {
      if (!facets) return;
      while (facets.firstChild) facets.removeChild(facets.firstChild);
      if (!s.results.length) return;
      var meta = s.meta;
      var groups = doc.createElement('div');
      groups.className = 'facet facet-register';
      groups.setAttribute('role', 'group');
      groups.setAttribute('aria-label', facets.getAttribute('data-label-register') || 'Register');
      var total = 0;
      Object.keys(view.byGroup).forEach(function (g) { total += view.byGroup[g]; });
      groups.appendChild(facetButton(facets.getAttribute('data-label-all') || 'All', total, s.group === null, function () {
        s.group = null;
        show(s);
      }));
      Object.keys(view.byGroup).map(Number).sort(function (a, b) { return a - b; }).forEach(function (g) {
        groups.appendChild(facetButton(groupLabel(meta, g), view.byGroup[g], s.group === g, function () {
          s.group = s.group === g ? null : g;
          show(s);
        }));
      });
      facets.appendChild(groups);
      facets.appendChild(view.byUnit ? unitSelect(s, view) : unitLoadButton(s));
    }

    /** Asks for the unit table; the select with its counts replaces it. */
    function unitLoadButton(s) {
      var button = doc.createElement('button');
      button.type = 'button';
      button.id = 'search-unit-load';
      button.className = 'facet facet-unit';
      button.textContent = facets.getAttribute('data-label-unit-load') || 'Filter by unit';
      button.addEventListener('click', function () {
        button.disabled = true;
        loadUnits(s.meta).then(function () {
          if (s !== state) return null;
          return show(s).then(function () {
            var select = doc.getElementById('search-unit');
            if (select) select.focus();
          });
        }).catch(function (err) {
          button.disabled = false;
          if (window.console && console.warn) console.warn('itreg: search units:', err);
        });
      });
      return button;
    }

    function unitSelect(s, view) {
      var meta = s.meta;
      var label = doc.createElement('label');
      label.className = 'facet facet-unit';
      label.appendChild(doc.createTextNode((facets.getAttribute('data-label-unit') || 'Unit') + ' '));
      var select = doc.createElement('select');
      select.id = 'search-unit';
      var units = Object.keys(view.byUnit).map(Number);
      var all = 0;
      units.forEach(function (u) { all += view.byUnit[u]; });
      var first = doc.createElement('option');
      first.value = '';
      first.textContent = (facets.getAttribute('data-label-all') || 'All') + ' (' + all + ')';
      select.appendChild(first);
      units.sort(function (a, b) { return view.byUnit[b] - view.byUnit[a] || a - b; });
      units.forEach(function (u) {
        var option = doc.createElement('option');
        option.value = String(u);
        option.setAttribute('data-count', String(view.byUnit[u]));
        option.textContent = (unitName(meta, u) || facets.getAttribute('data-label-none') || '—') + ' (' + view.byUnit[u] + ')';
        if (s.unit === u) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener('change', function () {
        s.unit = select.value === '' ? null : Number(select.value);
        show(s);
      });
      label.appendChild(select);
      return label;
    }

    /** Show the first `s.shown` kept results, loading the chunks they need. */
    function show(s) {
      var view = filtered(s);
      var wanted = view.kept.slice(0, s.shown);
      var needed = [];
      var size = s.meta.chunk || 50;
      wanted.forEach(function (result) {
        var n = Math.floor(result.id / size);
        if (needed.indexOf(n) < 0) needed.push(n);
      });
      return Promise.all(needed.map(chunk)).then(function (loaded) {
        if (s !== state) return;
        var byNumber = {};
        needed.forEach(function (n, i) { byNumber[n] = loaded[i]; });
        var fragment = doc.createDocumentFragment();
        wanted.forEach(function (result) {
          var entries = byNumber[Math.floor(result.id / size)];
          var item = resultItem(s.meta, result, entries && entries[result.id % size], s.tokens, s.prefix);
          if (item) fragment.appendChild(item);
        });
        clearResults();
        list.appendChild(fragment);
        renderFacets(s, view);
        var total = view.kept.length;
        if (total === 0) setStatus(template('none', 'Không tìm thấy kết quả'));
        else setStatus(fill(template('count', '{n}'), { n: total, shown: Math.min(total, s.shown) }));
        if (more) {
          more.hidden = total <= s.shown;
          if (!more.hidden) {
            more.textContent = fill(more.getAttribute('data-template') || '{n}', { n: Math.min(SEARCH_PAGE, total - s.shown) });
          }
        }
      });
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

    function fail(current, err) {
      if (current !== generation) return;
      clearTimeout(loadingTimer);
      lastQuery = null; // allow a retry with the same text
      clearResults();
      var fallback = (html.lang || '').slice(0, 2) === 'en'
        ? 'The search index could not be loaded.'
        : 'Không tải được chỉ mục tìm kiếm.';
      setStatus(template('error', fallback));
      if (window.console && console.warn) console.warn('itreg: search:', err);
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
        state = null;
        clearResults();
        if (facets) while (facets.firstChild) facets.removeChild(facets.firstChild);
        if (more) more.hidden = true;
        setStatus('');
        return;
      }
      /* the last word may be a word still being typed, unless a space follows it */
      var prefix = !/\s$/.test(rawQuery) && tokens[tokens.length - 1].length >= SEARCH_MIN_PREFIX;
      var compact = tokens.join('');

      loadingTimer = setTimeout(function () {
        if (current === generation) setStatus(template('loading', '…'));
      }, 200);

      loadMeta().then(function (meta) {
        var lookups = tokens.map(function (token, i) {
          return postings(meta, token, prefix && i === tokens.length - 1, false);
        });
        lookups.push(postings(meta, compact, false, true));
        return Promise.all(lookups).then(function (maps) {
          if (current !== generation) return null;
          var exact = maps.pop();
          var results = rank(meta, tokens, maps, exact);
          var groups = {};
          results.forEach(function (result) { groups[result.id] = groupOf(meta, result.id); });
          state = {
            meta: meta, tokens: tokens, prefix: prefix, results: results, groups: groups,
            group: null, unit: null, shown: SEARCH_PAGE
          };
          clearTimeout(loadingTimer);
          return show(state);
        });
      }).catch(function (err) { fail(current, err); });
    }

    input.addEventListener('input', function () {
      clearTimeout(debounceTimer);
      debounceTimer = setTimeout(function () { run(input.value); }, SEARCH_DEBOUNCE_MS);
    });
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        clearTimeout(debounceTimer);
        lastQuery = null;
        run(input.value);
      });
    }
    if (more) {
      more.addEventListener('click', function () {
        if (!state) return;
        state.shown += SEARCH_PAGE;
        show(state);
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

  // The subject a checklist's ticks are kept under: the record, and the
  // event (`event`, with its `date`) or period (`period`) the run covers —
  // never the build date, so ticks survive the next day's build.
  var SUBJECT_PARAMS = ['asset_tag', 'unit', 'date', 'record_id', 'person', 'event', 'period'];
  var EXPORT_FORMAT = 'itreg-checklist/1';
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
    // Ticks made before the run's first event was recorded (opened from
    // the record with nothing under way) carry over to the run it became.
    var startKey = null;
    if (param('event')) {
      var before = parts.filter(function (part) {
        return part.indexOf('event=') !== 0 && part.indexOf('date=') !== 0;
      });
      startKey = 'itreg.checklist.' + procedure + '.' + (before.length ? before.join('|') : '_');
    }
    all('.checklist-start', article).forEach(function (note) {
      note.hidden = !(param('record_id') && !param('event'));
    });

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
      updateExport(boxes.map(function (box) { return box.checked; }));
    }

    function stepTexts() {
      return boxes.map(function (box) { return box.getAttribute('aria-label') || ''; });
    }

    var exportLink = article.querySelector('.checklist-export');
    function updateExport(ticks) {
      if (!exportLink) return;
      var file = {
        format: EXPORT_FORMAT,
        procedure: procedure,
        subject: key.slice(('itreg.checklist.' + procedure + '.').length),
        steps: stepTexts(),
        ticks: ticks
      };
      exportLink.setAttribute('href', 'data:application/json;charset=utf-8,' +
        encodeURIComponent(JSON.stringify(file, null, 1)));
      var name = (param('record_id') || procedure).replace(/[^A-Za-z0-9._-]+/g, '-');
      exportLink.setAttribute('download', procedure + '-' + name + '.json');
    }

    function restore() {
      var saved = storageGet(key);
      if (saved == null && startKey) {
        saved = storageGet(startKey);
        if (Array.isArray(saved)) {
          storageSet(key, saved);
          storageRemove(startKey);
        }
      }
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
    all('.checklist-import input[type="file"]', article).forEach(function (input) {
      input.addEventListener('change', function () {
        var file = input.files && input.files[0];
        if (file) importFile(file);
        input.value = '';
      });
    });

    var importStatus = article.querySelector('.checklist-import-status');
    function sayImport(ok) {
      if (!importStatus) return;
      importStatus.textContent = importStatus.getAttribute(ok ? 'data-done' : 'data-failed') || '';
      importStatus.classList.toggle('import-failed', !ok);
    }

    /** Ticks from an exported file: by step text, else by position. */
    function importFile(file) {
      var reader = new FileReader();
      reader.onload = function () {
        var data = null;
        try {
          data = JSON.parse(String(reader.result));
        } catch (err) {
          data = null;
        }
        var valid = data && data.format === EXPORT_FORMAT && data.procedure === procedure &&
          Array.isArray(data.ticks) && data.ticks.length <= 1000;
        if (!valid) {
          sayImport(false);
          return;
        }
        var steps = Array.isArray(data.steps) ? data.steps : [];
        var texts = stepTexts();
        boxes.forEach(function (box, index) {
          var at = steps.indexOf(texts[index]);
          var tick = at >= 0 ? data.ticks[at] : data.ticks[index];
          box.checked = tick === true;
        });
        save();
        sayImport(true);
      };
      reader.onerror = function () { sayImport(false); };
      reader.readAsText(file);
    }

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

  /* -------------------------------------------------------- report CSV */

  /* The site writes no CSV files: the report page's own table is the data.
   * Like `itreg report --format csv`: a BOM so Excel reads Vietnamese, CRLF,
   * dates as YYYY-MM-DD, and text a spreadsheet would run as a formula
   * (= + - @) behind an apostrophe. The row number column is left out. */
  function csvCell(text, numeric) {
    var date = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
    if (date) return date[3] + '-' + date[2] + '-' + date[1];
    if (numeric && /^-?\d+$/.test(text)) return text;
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* A report page serves both languages: the English beside a Vietnamese
     label (<small lang="en">) is left out, as `itreg report` writes it. */
  function vietnameseText(cell) {
    if (!cell.querySelector('small[lang="en"]')) return cell.textContent;
    var copy = cell.cloneNode(true);
    all('small[lang="en"]', copy).forEach(function (gloss) { gloss.remove(); });
    return copy.textContent;
  }

  function reportCsv(table) {
    var numeric = numericColumns(table);
    var lines = all('thead tr, tbody tr, tfoot tr', table).map(function (tr) {
      return cellsOf(tr)
        .map(function (cell, column) {
          return csvCell(vietnameseText(cell).trim(), numeric[column]);
        })
        .join(',');
    });
    return '\ufeff' + lines.join('\r\n') + '\r\n';
  }

  /* A report table's cells, the row number column left out. */
  function cellsOf(tr) {
    return all('th, td', tr).filter(function (cell) { return !cell.classList.contains('stt'); });
  }

  /* Per column (row numbers left out), whether it holds numbers: read from
     the headings' markup, not from the classes the sort script adds, so a
     fetched page's table, which ran no script, reads the same. */
  function numericColumns(table) {
    return cellsOf(table.querySelector('thead tr')).map(function (th) {
      return th.getAttribute('data-sort') === 'number';
    });
  }

  function downloadText(name, text, type) {
    downloadBlob(name, new Blob([text], { type: type }));
  }

  function downloadBlob(name, blob) {
    var url = URL.createObjectURL(blob);
    var link = doc.createElement('a');
    link.href = url;
    link.download = name;
    doc.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* ------------------------------------------------------- report XLSX */

  /* Nor does the site write workbooks: the XLSX button makes one from the
   * page's table with write-excel-file (vendored, static/, fetched on the
   * first click only), laid out like `itreg report --format xlsx`: title,
   * basis and facts from the button's data-frame, a blank row, a bold,
   * bordered header frozen with the rows above it, counts as numbers,
   * dates as real dates shown dd/mm/yyyy, then the notes. */
  var xlsxLibrary = null;

  function loadXlsxLibrary() {
    if (!xlsxLibrary) {
      xlsxLibrary = new Promise(function (resolve, reject) {
        var script = doc.createElement('script');
        script.src = rootPath() + 'static/write-excel-file.min.js';
        script.onload = function () {
          if (typeof window.writeXlsxFile === 'function') resolve(window.writeXlsxFile);
          else reject(new Error('write-excel-file did not define writeXlsxFile'));
        };
        script.onerror = function () {
          xlsxLibrary = null; // let a later click try again
          reject(new Error('could not load ' + script.src));
        };
        doc.head.appendChild(script);
      });
    }
    return xlsxLibrary;
  }

  /* Width in characters a column needs for a text: its longest line. */
  function textWidth(text) {
    return String(text).split('\n').reduce(function (widest, line) {
      return Math.max(widest, Array.from(line).length);
    }, 0);
  }

  /* A real calendar date, or null: 31/02 is text, not 3 March. */
  function xlsxDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!parts) return null;
    var date = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    return date.getUTCMonth() === +parts[2] - 1 && date.getUTCDate() === +parts[3] ? date : null;
  }

  function xlsxCell(text, numeric, widths, column) {
    var date = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
    if (!text) return { value: null, borderStyle: 'thin' };
    if (date) {
      widths[column] = Math.max(widths[column], 10);
      var value = xlsxDate(date[3] + '-' + date[2] + '-' + date[1]);
      if (value) return { type: Date, value: value, format: 'dd/mm/yyyy', borderStyle: 'thin' };
    }
    widths[column] = Math.max(widths[column], textWidth(text));
    if (numeric && /^-?\d+$/.test(text)) {
      return { type: Number, value: Number(text), borderStyle: 'thin' };
    }
    return { type: String, value: text, borderStyle: 'thin' };
  }

  /* The sheet data and options write-excel-file takes for a report page's
     table (of this page, or of a page fetched and parsed). */
  function reportSheet(table, frame) {
    var rows = [[{ type: String, value: frame.title, fontWeight: 'bold', fontSize: 14 }]];
    rows.push([{ type: String, value: frame.basis }]);
    frame.facts.forEach(function (fact) {
      var label = { type: String, value: fact[0], fontWeight: 'bold' };
      var value = fact[1];
      if (value && typeof value === 'object' && xlsxDate(value.date)) {
        value = { type: Date, value: xlsxDate(value.date), format: 'dd/mm/yyyy', align: 'left' };
      } else if (typeof value === 'number') {
        value = { type: Number, value: value };
      } else {
        value = { type: String, value: String(value) };
      }
      rows.push([label, value]);
    });
    rows.push([]);
    var headerRow = rows.length;
    var headings = cellsOf(table.querySelector('thead tr')).map(function (th) {
      return vietnameseText(th).trim();
    });
    var numeric = numericColumns(table);
    var widths = headings.map(function (heading) { return Math.min(textWidth(heading), 24); });
    rows.push(headings.map(function (heading) {
      return {
        type: String, value: heading, fontWeight: 'bold', wrap: true, alignVertical: 'center',
        backgroundColor: '#DDEBF7', borderStyle: 'thin'
      };
    }));
    all('tbody tr, tfoot tr', table).forEach(function (tr) {
      rows.push(cellsOf(tr).slice(0, headings.length).map(function (cell, column) {
        var text = vietnameseText(cell).trim();
        return xlsxCell(text, numeric[column], widths, column);
      }));
    });
    if (frame.notes.length) {
      rows.push([], [{ type: String, value: frame.notes_label, fontWeight: 'bold' }]);
      frame.notes.forEach(function (note) { rows.push([{ type: String, value: note }]); });
    }
    var columns = widths.map(function (width) {
      return { width: Math.min(Math.max(width, 8), 60) + 2 };
    });
    return {
      data: rows,
      options: {
        sheet: frame.sheet, columns: columns, orientation: 'landscape',
        stickyRowsCount: headerRow + 1
      }
    };
  }

  /* Excel's sheet names: 31 characters, none of []:*?/\', unique
     whatever the case. */
  function sheetName(name, used) {
    var clean = String(name).replace(/[\[\]:*?\/\\']/g, '_').slice(0, 31);
    var candidate = clean;
    for (var n = 2; used[candidate.toLowerCase()]; n++) {
      candidate = clean.slice(0, 31 - String(n).length - 1) + '~' + n;
    }
    used[candidate.toLowerCase()] = true;
    return candidate;
  }

  /* The sheet of a unit below, from its report page; null when the unit
     has no page for this report (nothing to report there). */
  function partSheet(part, tableId) {
    return fetch(part[1], { credentials: 'same-origin' }).then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(part[1] + ': HTTP ' + response.status);
      return response.text().then(function (text) {
        var page = new DOMParser().parseFromString(text, 'text/html');
        var table = page.getElementById(tableId);
        var button = page.querySelector('button[data-xlsx][data-frame]');
        if (!table || !button) throw new Error(part[1] + ': no report table');
        return reportSheet(table, JSON.parse(button.getAttribute('data-frame')));
      });
    });
  }

  /* The workbook: this page's sheet, then (on a province's page) a sheet
     for each unit below that has this report, named by unit, as a
     province files its districts' reports. */
  function reportXlsx(button) {
    var tableId = button.getAttribute('data-table');
    var own = reportSheet(doc.getElementById(tableId), JSON.parse(button.getAttribute('data-frame')));
    var parts = JSON.parse(button.getAttribute('data-parts') || '[]');
    var fetched = parts.map(function (part) { return partSheet(part, tableId); });
    return Promise.all([loadXlsxLibrary()].concat(fetched)).then(function (results) {
      var writeXlsxFile = results[0];
      if (!parts.length) return writeXlsxFile(own.data, own.options).toBlob();
      var used = {};
      own.options.sheet = sheetName(button.getAttribute('data-unit'), used);
      var sheets = [own];
      results.slice(1).forEach(function (sheet, i) {
        if (!sheet) return;
        sheet.options.sheet = sheetName(parts[i][0], used);
        sheets.push(sheet);
      });
      return writeXlsxFile(sheets.map(function (sheet) {
        return Object.assign({ data: sheet.data }, sheet.options);
      })).toBlob();
    });
  }

  function initReportDownloads() {
    var buttons = all('button[data-csv]');
    buttons.forEach(function (button) {
      var table = doc.getElementById(button.getAttribute('data-table'));
      if (!table) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        downloadText(button.getAttribute('data-csv'), reportCsv(table), 'text/csv;charset=utf-8');
      });
    });
    var status = doc.querySelector('[data-download-status]');
    var workbooks = all('button[data-xlsx]');
    workbooks.forEach(function (button) {
      if (!doc.getElementById(button.getAttribute('data-table'))) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        button.disabled = true;
        // Inside the promise, so a page that cannot be read says so too.
        Promise.resolve(button).then(reportXlsx).then(function (blob) {
          if (status) status.hidden = true;
          downloadBlob(button.getAttribute('data-xlsx'), blob);
        }, function (err) {
          if (window.console && console.error) console.error('itreg: XLSX:', err);
          if (status) {
            status.textContent = status.getAttribute('data-failed');
            status.hidden = false;
          }
        }).then(function () { button.disabled = false; });
      });
    });
    window.itregReportCsv = function () {
      var table = buttons.length && doc.getElementById(buttons[0].getAttribute('data-table'));
      return table ? reportCsv(table) : null;
    };
    if (location.hash === '#csv' && buttons.length) buttons[0].click();
    if (location.hash === '#xlsx' && workbooks.length) workbooks[0].click();
    if (location.hash === '#print' && buttons.length) window.print();
  }

  /* ------------------------------------------------------------------ boot */

  function boot() {
    safely('tables', wrapTables);
    safely('filters', initTableFilters);
    safely('sort', initTableSort);
    safely('search', initSearch);
    safely('checklists', initChecklists);
    safely('form unit', initFormUnit);
    safely('report downloads', initReportDownloads);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
