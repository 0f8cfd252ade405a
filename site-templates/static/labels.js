/*
 * labels.js — lays out an asset label sheet again when its controls change:
 * the label stock, "acquired since", "only the ticked devices", "only this
 * unit's own devices" and "start at position N" (for a partly used sheet).
 * Plain JS, no dependencies, works offline. Without it the page prints
 * every label on the default stock.
 *
 * URL parameters preset the controls: ?stock=2x7&since=2026-01-01&start=4
 * &tag=HN-Q1-PC-0012 (ticks that device and prints only the ticked ones).
 */
(function () {
  'use strict';

  var doc = document;
  var form = doc.getElementById('labels-form');
  var main = doc.querySelector('main.sheets');
  if (!form || !main) return;

  var MIN_TAG_PX = 9; // about 7 pt
  var GRID = { '3x8': [3, 8], '2x7': [2, 7], '3x7': [3, 7] };
  var labels = Array.prototype.slice.call(main.querySelectorAll('.label'));
  var unit = null;
  var countLine = form.querySelector('.labels-count');
  var rest = doc.createElement('section');
  rest.className = 'labels-rest';

  labels.forEach(function (label) {
    var box = doc.createElement('input');
    box.type = 'checkbox';
    box.className = 'pick';
    var tag = label.querySelector('.label-tag');
    box.setAttribute('aria-label', tag ? tag.textContent : '');
    box.addEventListener('change', function () {
      if (box.checked && !form.elements.chosen.checked) form.elements.chosen.checked = true;
      layout();
    });
    label.appendChild(box);
  });

  /** The unit whose page this is: the first label's unit. */
  if (labels.length) unit = labels[0].getAttribute('data-unit');

  function picked(label) {
    return label.querySelector('.pick').checked;
  }

  function sheet() {
    var div = doc.createElement('div');
    div.className = 'sheet';
    return div;
  }

  function blank() {
    var div = doc.createElement('div');
    div.className = 'label blank';
    return div;
  }

  function layout() {
    var stock = GRID[form.elements.stock.value] ? form.elements.stock.value : '3x8';
    var perSheet = GRID[stock][0] * GRID[stock][1];
    var since = form.elements.since.value;
    var chosenOnly = form.elements.chosen.checked;
    var ownOnly = form.elements.own ? form.elements.own.checked : false;
    var start = Math.max(1, Math.min(perSheet, parseInt(form.elements.start.value, 10) || 1));

    var printed = [];
    var notTicked = [];
    labels.forEach(function (label) {
      var inRange = (!since || label.getAttribute('data-acquired') >= since) &&
        (!ownOnly || label.getAttribute('data-unit') === unit);
      if (label.parentNode) label.parentNode.removeChild(label);
      if (!inRange) return;
      if (chosenOnly && !picked(label)) notTicked.push(label);
      else printed.push(label);
    });

    while (main.firstChild) main.removeChild(main.firstChild);
    main.className = 'sheets stock-' + stock;
    main.setAttribute('data-stock', stock);
    var cells = [];
    for (var i = 1; i < start; i++) cells.push(blank());
    cells = cells.concat(printed);
    var current = null;
    cells.forEach(function (cell, index) {
      if (index % perSheet === 0) {
        current = sheet();
        main.appendChild(current);
      }
      current.appendChild(cell);
    });

    while (rest.firstChild) rest.removeChild(rest.firstChild);
    if (notTicked.length) {
      var heading = doc.createElement('h2');
      heading.textContent = 'Chưa đánh dấu, không in / Not ticked, not printed';
      rest.appendChild(heading);
      var list = doc.createElement('div');
      list.className = 'sheet labels-unticked';
      notTicked.forEach(function (label) { list.appendChild(label); });
      rest.appendChild(list);
      if (!rest.parentNode) main.parentNode.insertBefore(rest, main.nextSibling);
    } else if (rest.parentNode) {
      rest.parentNode.removeChild(rest);
    }
    rest.className = 'labels-rest stock-' + stock;

    fitTags(printed.concat(notTicked));
    var sheets = Math.ceil(cells.length / perSheet);
    countLine.textContent = printed.length + ' nhãn, ' + sheets + ' tờ / ' +
      printed.length + ' labels, ' + sheets + ' sheet(s)';
  }

  /**
   * A long tag shrinks until it fits its label on one line: a tag broken
   * over two lines is misread. All reads, then all writes, then a check,
   * so a sheet of thousands of labels is laid out three times, not once
   * per label.
   */
  function fitTags(shown) {
    var tags = shown.map(function (label) { return label.querySelector('.label-tag'); })
      .filter(function (tag) { return tag; });
    tags.forEach(function (tag) { tag.style.fontSize = ''; tag.style.whiteSpace = 'nowrap'; });
    var sizes = tags.map(function (tag) {
      var size = parseFloat(window.getComputedStyle(tag).fontSize);
      var over = tag.scrollWidth / Math.max(1, tag.clientWidth);
      return over > 1 ? Math.floor(size / over * 4) / 4 : 0;
    });
    tags.forEach(function (tag, i) { if (sizes[i]) tag.style.fontSize = Math.max(MIN_TAG_PX, sizes[i]) + 'px'; });
    tags.forEach(function (tag) {
      if (tag.scrollWidth > tag.clientWidth + 0.5) tag.style.whiteSpace = '';
    });
  }

  function preset() {
    var params = new URLSearchParams(window.location.search);
    var stock = params.get('stock');
    if (stock && GRID[stock]) form.elements.stock.value = stock;
    var since = params.get('since');
    if (since && /^\d{4}-\d{2}-\d{2}$/.test(since)) form.elements.since.value = since;
    var start = params.get('start');
    if (start && /^\d+$/.test(start)) form.elements.start.value = start;
    var tags = params.getAll('tag');
    if (tags.length) {
      labels.forEach(function (label) {
        var tag = label.querySelector('.label-tag');
        if (tag && tags.indexOf(tag.textContent) >= 0) label.querySelector('.pick').checked = true;
      });
      form.elements.chosen.checked = true;
    }
  }

  form.addEventListener('change', layout);
  form.addEventListener('input', function (event) {
    if (event.target.name === 'start' || event.target.name === 'since') layout();
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  var printButton = form.querySelector('[data-action="print"]');
  if (printButton) printButton.addEventListener('click', function () { window.print(); });

  preset();
  layout();
}());
