// The dashboard page: draws the figures and the operations panel, and keeps them live over server-sent events.
// Every value arrives as text ("12", "<5", "*", "36.5 h"); suppressed values are never drawn as bars, only named.
(function () {
  'use strict';

  var body = document.body;
  var manager = body.dataset.role === 'MANAGER';
  var charts = {};
  var throughput = [];
  var RISK_COLOURS = { Low: '#2e7d32', Medium: '#f9a825', High: '#c62828', Unknown: '#757575' };

  function count(value) {
    return /^\d+$/.test(value) ? Number(value) : null;
  }

  function hours(value) {
    var match = /^(\d+(?:\.\d+)?) h$/.exec(value);
    return match ? Number(match[1]) : null;
  }

  function slug(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function chart(id, node) {
    if (!charts[id]) { charts[id] = echarts.init(node, null, { renderer: 'canvas' }); }
    return charts[id];
  }

  function card(figure) {
    var section = document.getElementById('figure-' + figure.key);
    if (section) { return section; }
    section = element('section', { id: 'figure-' + figure.key, 'data-testid': 'figure-' + figure.key, 'class': 'card' });
    section.appendChild(element('h2', { id: 'title-' + figure.key }));
    if (figure.key !== 'community-risk-by-area') {
      section.appendChild(element('div', { id: 'chart-' + figure.key, 'data-testid': 'chart-' + figure.key, 'class': 'chart',
        role: 'img', 'aria-labelledby': 'title-' + figure.key }));
    }
    var details = element('div', { 'class': 'scroll' });
    details.appendChild(element('table', { id: 'table-' + figure.key, 'data-testid': 'table-' + figure.key }));
    section.appendChild(details);
    document.getElementById('figures').appendChild(section);
    return section;
  }

  function table(node, key, cells, colours) {
    var rows = element('tbody');
    cells.forEach(function (cell) {
      var row = element('tr', { 'data-testid': 'cell-' + key + '-' + slug(cell.label) });
      row.appendChild(element('th', { scope: 'row' }, cell.label));
      var value = element('td', { 'class': 'num', 'data-testid': 'value-' + key + '-' + slug(cell.label) }, cell.value);
      if (colours && colours[cell.value]) { value.setAttribute('style', 'color:' + colours[cell.value]); value.className = 'num level'; }
      if (count(cell.value) === null && hours(cell.value) === null && !colours) { value.className = 'num suppressed'; }
      row.appendChild(value);
      rows.appendChild(row);
    });
    node.replaceChildren(rows);
  }

  // A category axis label names a suppressed value, since no bar can show it.
  function categoryLabel(cell, parse) {
    return parse(cell.value) === null ? cell.label + ' (' + cell.value + ')' : cell.label;
  }

  function bars(figure, node, parse, unit) {
    var cells = figure.cells.filter(function (c) { return c.label !== 'Total'; });
    node.style.height = Math.max(160, 40 + cells.length * 26) + 'px';
    var instance = chart(figure.key, node);
    instance.resize();
    instance.setOption({
      animation: false,
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1, name: unit || '' },
      yAxis: { type: 'category', inverse: true, data: cells.map(function (c) { return categoryLabel(c, parse); }) },
      series: [{ type: 'bar', name: figure.title, data: cells.map(function (c) { return parse(c.value); }),
        label: { show: true, position: 'right' }, itemStyle: { color: '#1565c0' } }]
    }, true);
  }

  function columns(figure, node) {
    var cells = figure.cells.filter(function (c) { return c.label !== 'Total'; });
    node.style.height = '240px';
    var instance = chart(figure.key, node);
    instance.resize();
    instance.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: cells.map(function (c) { return c.label; }), axisLabel: { rotate: 45 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: figure.title, data: cells.map(function (c) { return count(c.value); }),
        label: { show: true, position: 'top', formatter: function (p) { return cells[p.dataIndex].value; } },
        itemStyle: { color: '#1565c0' } }]
    }, true);
  }

  // "iom / Open" cells: one bar per agency, stacked by status.
  function stacked(figure, node) {
    var agencies = [];
    var statuses = [];
    var values = {};
    figure.cells.forEach(function (c) {
      var parts = c.label.split(' / ');
      if (parts[1] === 'Total') { return; }
      if (agencies.indexOf(parts[0]) < 0) { agencies.push(parts[0]); }
      if (statuses.indexOf(parts[1]) < 0) { statuses.push(parts[1]); }
      values[c.label] = c.value;
    });
    node.style.height = Math.max(160, 60 + agencies.length * 40) + 'px';
    var instance = chart(figure.key, node);
    instance.resize();
    instance.setOption({
      animation: false,
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (items) {
        return items.map(function (i) {
          return i.seriesName + ': ' + values[i.name + ' / ' + i.seriesName];
        }).join('<br>');
      } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: agencies },
      series: statuses.map(function (status) {
        return { type: 'bar', stack: 'referrals', name: status,
          data: agencies.map(function (a) { return count(values[a + ' / ' + status]); }) };
      })
    }, true);
  }

  function renderFigure(figure) {
    var section = card(figure);
    document.getElementById('title-' + figure.key).textContent = figure.title;
    var node = document.getElementById('chart-' + figure.key);
    if (figure.key === 'community-risk-by-area') {
      table(document.getElementById('table-' + figure.key), figure.key, figure.cells, RISK_COLOURS);
    } else {
      table(document.getElementById('table-' + figure.key), figure.key, figure.cells);
      if (figure.key === 'referrals-by-agency') {
        stacked(figure, node);
      } else if (figure.key === 'registrations-by-week') {
        columns(figure, node);
      } else if (figure.key === 'referral-acceptance-median-hours') {
        bars(figure, node, hours, 'h');
      } else {
        bars(figure, node, count);
      }
    }
    section.dataset.asOf = figure.asOf;
  }

  function renderFigures(view) {
    var empty = document.getElementById('figures-empty');
    if (empty && view.figures.length > 0) { empty.remove(); }
    view.figures.forEach(renderFigure);
    document.getElementById('figures').dataset.version = view.version;
  }

  function renderOperations(operations) {
    document.getElementById('ops-throughput').textContent = operations.ledgerEventsPerSecond.toFixed(1);
    throughput.push([operations.asOf, operations.ledgerEventsPerSecond]);
    if (throughput.length > 90) { throughput.shift(); }
    var line = chart('throughput', document.getElementById('chart-throughput'));
    line.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'events/s' },
      series: [{ type: 'line', showSymbol: false, data: throughput, areaStyle: {} }]
    });

    var rows = element('tbody');
    operations.inboxLag.forEach(function (group) {
      var row = element('tr', { 'data-testid': 'lag-' + group.group });
      row.appendChild(element('td', {}, group.agency));
      row.appendChild(element('td', {}, group.group));
      row.appendChild(element('td', {}, group.state));
      row.appendChild(element('td', { 'class': 'num' }, String(group.lag)));
      rows.appendChild(row);
    });
    if (operations.inboxLag.length === 0) {
      var none = element('tr');
      none.appendChild(element('td', { colspan: '4', 'class': 'muted' }, 'No agency consumer group yet.'));
      rows.appendChild(none);
    }
    document.querySelector('#ops-lag tbody').replaceWith(rows);
    document.getElementById('ops-dashboard-lag').textContent =
      operations.dashboardLag < 0 ? 'an unknown number of' : String(operations.dashboardLag);
    var problem = document.getElementById('ops-problem');
    problem.hidden = !operations.problem;
    problem.textContent = operations.problem || '';

    var quarantine = operations.quarantine;
    table(document.getElementById('ops-quarantine'), 'quarantine-by-reason', quarantine.cells);
    bars(quarantine, document.getElementById('chart-quarantine'), count);
    renderMeters(operations.meters);
  }

  function renderMeters(meters) {
    var rows = element('tbody');
    if (!meters) { document.querySelector('#ops-meters tbody').replaceWith(rows); return; }
    [['published', 'Published, by agency'], ['delivered', 'Delivered, by receiving agency'],
      ['refused', 'Refused, by reason'], ['quarantined', 'Quarantined, by reason'],
      ['inboxLag', 'Inbox lag, by agency']].forEach(function (meter) {
      Object.keys(meters[meter[0]]).sort().forEach(function (label) {
        var row = element('tr', { 'data-testid': 'meter-' + meter[0] + '-' + label });
        row.appendChild(element('td', {}, meter[1]));
        row.appendChild(element('td', {}, label));
        row.appendChild(element('td', { 'class': 'num' }, String(meters[meter[0]][label])));
        rows.appendChild(row);
      });
    });
    meters.unread.forEach(function (why) {
      var row = element('tr');
      row.appendChild(element('td', { colspan: '3', 'class': 'muted' }, 'Not read: ' + why));
      rows.appendChild(row);
    });
    document.querySelector('#ops-meters tbody').replaceWith(rows);
  }

  function status(text, live) {
    var node = document.getElementById('live-status');
    node.textContent = text;
    node.className = live ? 'status live' : 'status';
  }

  function signedOutIfUnauthorised(response) {
    if (response.status === 401) { window.location.assign('/login'); }
    return response;
  }

  function connect() {
    var source = new EventSource('/api/stream');
    source.addEventListener('open', function () { status('live', true); });
    source.addEventListener('figures', function (e) { renderFigures(JSON.parse(e.data)); });
    if (manager) {
      source.addEventListener('operations', function (e) { renderOperations(JSON.parse(e.data)); });
    }
    source.addEventListener('error', function () {
      status('reconnecting', false);
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (the session may have ended): find out, then try again.
        fetch('/api/me', { credentials: 'same-origin' }).then(signedOutIfUnauthorised)
          .finally(function () { setTimeout(connect, 3000); });
      }
    });
  }

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });

  fetch('/api/figures', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(signedOutIfUnauthorised)
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (view) { if (view) { renderFigures(view); } })
    .finally(connect);
  if (manager) {
    fetch('/api/operations', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (operations) { if (operations) { renderOperations(operations); } });
  }
})();
