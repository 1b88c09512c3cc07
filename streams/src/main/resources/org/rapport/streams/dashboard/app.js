// Rapport director dashboard: plain JavaScript over the query API, charts by ECharts (served from the jar).
'use strict';

const TOKEN_KEY = 'rapport.token';
const PROGRAM_KEY = 'rapport.program';
const REFRESH_MS = 30000;
const $ = (id) => document.getElementById(id);

const state = { program: null, charts: {}, live: null, refreshTimer: null };

// --- Token: from a sign-in link (#token=…) or the form, kept in this browser only -----------------------
function takeTokenFromLink() {
  const match = location.hash.match(/token=([^&]+)/);
  if (match) {
    localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
}
const token = () => localStorage.getItem(TOKEN_KEY);

function showSignIn(message) {
  stopLive();
  $('dashboard').hidden = true;
  $('program-picker').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message || '';
}

class SignInNeeded extends Error {}

async function api(path) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
    if (response.status === 401) {
      localStorage.removeItem(TOKEN_KEY);
      throw new SignInNeeded('That token was not accepted.');
    }
    if (response.status === 503) {   // starting or rebalancing: the server says when to try again
      setStatus('Updating… retrying');
      const seconds = Number(response.headers.get('Retry-After') || '2');
      await new Promise((r) => setTimeout(r, seconds * 1000));
      continue;
    }
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.error || ('HTTP ' + response.status));
    }
    return response.json();
  }
  throw new Error('The server is busy; please reload in a minute.');
}

function setStatus(text) { $('status').textContent = text; }

// --- Formatting -------------------------------------------------------------------------------------
const pct = (v) => (v === null || v === undefined ? '—' : Math.round(v * 100) + '%');
const num = (v) => (v === null || v === undefined ? '—' : String(v));
const ratio = (part, whole) => (whole ? pct(part / whole) : '—');
const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const KIND_TEXT = {
  AT_RISK: 'At risk', DROPOUT: 'Dropout', RE_ENGAGED: 'Re-engaged', RETURN_TO_USE: 'Return to use',
  CRAVING_SPIKE: 'Craving spike', SAFETY: 'Safety (PHQ-9 item 9)',
};

// --- Charts -----------------------------------------------------------------------------------------
function chart(id) {
  if (!state.charts[id]) {
    state.charts[id] = echarts.init($(id), null, { renderer: 'canvas' });
    window.addEventListener('resize', () => state.charts[id].resize());
  }
  return state.charts[id];
}

function weeklyChart(id, weeks, values, kind, asPercent) {
  const el = $(id);
  chart(id).setOption({
    title: { text: el.dataset.title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (asPercent ? pct(v) : num(v)) },
    grid: { left: 48, right: 16, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: weeks },
    yAxis: { type: 'value', min: 0, max: asPercent ? 1 : null,
      axisLabel: { formatter: (v) => (asPercent ? Math.round(v * 100) + '%' : v) } },
    series: [{ type: kind, data: values, smooth: kind === 'line', color: '#2563eb', connectNulls: true }],
  }, true);
  el.dataset.points = String(values.filter((v) => v !== null).length);
}

function allianceChart(id, rows) {
  const bands = ['LOW', 'MID', 'HIGH'];
  const byBand = Object.fromEntries(rows.map((r) => [r.band, r]));
  // A band that exists but whose rate is suppressed shows the word "hidden" instead of a bar.
  const point = (row, field) => {
    if (!row) return null;
    if (row[field] !== null) return row[field];
    return { value: 0, hidden: true, itemStyle: { color: 'transparent' },
      label: { show: true, position: 'top', formatter: 'hidden', color: '#616e7c' } };
  };
  const series = (field, name, color) => ({
    name, type: 'bar', color, data: bands.map((b) => point(byBand[b], field)),
    label: { show: true, position: 'top', formatter: (p) => (p.data && p.data.hidden ? 'hidden' : pct(p.value)) },
  });
  chart(id).setOption({
    title: { text: $(id).dataset.title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', formatter: (items) => items[0].axisValue + '<br>' + items.map((i) => i.marker
        + i.seriesName + ': ' + (i.data && i.data.hidden ? 'hidden for privacy' : pct(i.value))).join('<br>') },
    legend: { top: 0, right: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: bands.map((b) => b.charAt(0) + b.slice(1).toLowerCase() + ' (' +
        (!byBand[b] ? 'no' : byBand[b].episodes !== null ? byBand[b].episodes : 'few') + ' episodes)') },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => Math.round(v * 100) + '%' } },
    series: [series('dropout_rate', 'Dropout rate', '#b91c1c'), series('return_to_use_rate', 'Return-to-use rate', '#b45309')],
  }, true);
  $(id).dataset.points = String(rows.length);
}

// --- Tables -----------------------------------------------------------------------------------------
function table(id, headers, rows) {
  const t = $(id);
  t.innerHTML = '';
  const head = t.createTHead().insertRow();
  headers.forEach((h) => { const th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
  const body = t.createTBody();
  if (rows.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = headers.length;
    cell.textContent = 'No data yet.';
  }
  rows.forEach((cells) => { const tr = body.insertRow(); cells.forEach((c) => { tr.insertCell().textContent = c; }); });
}

function summary(program) {
  const tiles = [['Clients', program.clients], ['Open episodes', program.open_episodes],
    ['At risk', program.at_risk], ['Dropped out', program.dropped_out]];
  $('summary').innerHTML = '';
  tiles.forEach(([label, value]) => {
    const tile = document.createElement('div');
    tile.className = 'tile';
    tile.innerHTML = '<div class="value"></div><div class="label"></div>';
    tile.querySelector('.value').textContent = num(value);
    tile.querySelector('.label').textContent = label;
    $('summary').appendChild(tile);
  });
}

// --- Alerts, live -----------------------------------------------------------------------------------
function alertItem(alert, isNew) {
  const li = document.createElement('li');
  li.dataset.id = alert.alert_id;
  li.dataset.at = alert.at;
  if (isNew) li.className = 'new';
  const time = document.createElement('span');
  time.textContent = when(alert.at);
  const kind = document.createElement('span');
  kind.className = 'kind kind-' + alert.kind;
  kind.textContent = KIND_TEXT[alert.kind] || alert.kind;
  const detail = document.createElement('span');
  detail.textContent = 'Client ' + alert.client_id.slice(0, 8) + ' · ' + alert.detail;
  li.append(time, kind, detail);
  return li;
}

function showAlerts(alerts) {
  const list = $('alerts');
  list.innerHTML = '';
  alerts.forEach((a) => list.appendChild(alertItem(a, false)));
}

function stopLive() {
  if (state.live) state.live.abort();
  state.live = null;
  $('live-badge').classList.remove('on');
}

// Server-sent events read with fetch, so the token travels in the Authorization header, not the URL.
async function followLive(program) {
  stopLive();
  const controller = new AbortController();
  state.live = controller;
  while (!controller.signal.aborted) {
    try {
      const response = await fetch('/v1/programs/' + encodeURIComponent(program) + '/alerts/live', {
        headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' }, signal: controller.signal });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      $('live-badge').classList.add('on');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          liveEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return;
    }
    $('live-badge').classList.remove('on');
    await new Promise((r) => setTimeout(r, 3000));
  }
}

function liveEvent(block) {
  let event = 'message';
  let data = '';
  block.split('\n').forEach((line) => {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  });
  if (event === 'alert') {
    const alert = JSON.parse(data);
    const old = document.querySelector('#alerts li[data-id="' + CSS.escape(alert.alert_id) + '"]');
    if (old) old.remove();
    // Keep the list newest first: a late event can raise an alert dated before the ones shown.
    const later = [...$('alerts').children].find((li) => li.dataset.at < alert.at);
    $('alerts').insertBefore(alertItem(alert, true), later || null);
  } else if (event === 'retracted') {
    const retraction = JSON.parse(data);
    const old = document.querySelector('#alerts li[data-id="' + CSS.escape(retraction.retracts || '') + '"]');
    if (old) old.remove();
  }
}

// --- Loading a program ------------------------------------------------------------------------------
async function load(program) {
  const p = encodeURIComponent(program);
  const [programs, weekly, cohorts, alerts, counselors, care, wai] = await Promise.all([
    api('/v1/programs'), api('/v1/programs/' + p + '/weekly'), api('/v1/programs/' + p + '/cohorts'),
    api('/v1/programs/' + p + '/alerts?limit=200'), api('/v1/counselors?program=' + p),
    api('/v1/research/alliance-outcomes?instrument=CARE&program=' + p),
    api('/v1/research/alliance-outcomes?instrument=WAI_SR&program=' + p)]);
  summary(programs.find((x) => x.program_id === program) || {});
  const recent = weekly.slice(-26);
  const weeks = recent.map((w) => w.week);
  weeklyChart('chart-attendance', weeks, recent.map((w) => w.attendance_rate), 'line', true);
  weeklyChart('chart-active', weeks, recent.map((w) => w.active_clients), 'bar', false);
  weeklyChart('chart-dropouts', weeks, recent.map((w) => w.dropouts), 'bar', false);
  weeklyChart('chart-returns', weeks, recent.map((w) => w.returns_to_use), 'bar', false);
  table('cohorts', ['Month', 'Admitted', 'Initiated', 'Engaged', 'Retained 30 d', 'Retained 60 d', 'Retained 90 d',
    'Completed', 'Dropped out', 'Median stay (days)'], cohorts.slice().reverse().map((c) => [c.month, c.admitted,
    ratio(c.initiated, c.admitted), ratio(c.engaged, c.admitted), ratio(c.retained_30, c.eligible_30),
    ratio(c.retained_60, c.eligible_60), ratio(c.retained_90, c.eligible_90), c.completed, c.dropped_out,
    num(c.median_los_days)]));
  allianceChart('chart-alliance-care', care);
  allianceChart('chart-alliance-wai', wai);
  table('counselors', ['Counselor', 'Ratings', 'Mean CARE', 'Mean WAI-SR', 'Clients', 'Attendance', 'Dropouts'],
    counselors.map((c) => [c.counselor_id, c.ratings, c.care_mean === null ? '—' : c.care_mean.toFixed(1),
      c.wai_mean === null ? '—' : c.wai_mean.toFixed(1), c.clients, pct(c.attendance_rate), c.dropouts]));
  return alerts;
}

async function selectProgram(program) {
  state.program = program;
  localStorage.setItem(PROGRAM_KEY, program);
  clearInterval(state.refreshTimer);
  followLive(program);
  const alerts = await load(program);
  showAlerts(alerts);
  setStatus('Updated ' + new Date().toLocaleTimeString());
  document.body.dataset.loaded = program;
  state.refreshTimer = setInterval(() => load(program).then(() => setStatus('Updated ' + new Date().toLocaleTimeString()))
    .catch(handleError), REFRESH_MS);
}

function handleError(e) {
  if (e instanceof SignInNeeded) showSignIn(e.message);
  else setStatus('Problem: ' + e.message);
}

async function start() {
  takeTokenFromLink();
  if (!token()) { showSignIn(); return; }
  $('sign-in').hidden = true;
  try {
    const programs = await api('/v1/programs');
    const select = $('program');
    select.innerHTML = '';
    // The program registry's display name when there is one (an Option's text is never parsed as HTML).
    programs.forEach((x) => select.add(new Option(x.name ? x.name + ' (' + x.program_id + ')' : x.program_id, x.program_id)));
    if (programs.length === 0) { setStatus('No program data yet — events may still be on their way.'); setTimeout(start, 5000); return; }
    const saved = localStorage.getItem(PROGRAM_KEY);
    select.value = programs.some((x) => x.program_id === saved) ? saved : programs[0].program_id;
    $('program-picker').hidden = false;
    $('sign-out').hidden = false;
    $('dashboard').hidden = false;
    await selectProgram(select.value);
  } catch (e) { handleError(e); }
}

$('program').addEventListener('change', (e) => selectProgram(e.target.value).catch(handleError));
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  localStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
  $('token-input').value = '';
  start();
});
$('sign-out').addEventListener('click', () => { localStorage.removeItem(TOKEN_KEY); showSignIn(); });
start();
