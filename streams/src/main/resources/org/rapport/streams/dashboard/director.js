// The program director's view of one program: tiles that open the clients behind them, the alerts in effect (live),
// the exposures → outcomes panel (the program's own rows, unsuppressed), weekly charts, cohorts and counselors.
'use strict';

import { api } from './api.js';
import * as charts from './charts.js';
import { $, el, fillTable, fillTiles, fromTemplate } from './dom.js';
import { KIND_TEXT, alertSentence, mean, num, pct, ratio, shortId, when } from './format.js';
import { follow } from './live.js';
import * as range from './range.js';

/** Bands of each exposure, in order (SPEC §5.6): three score bands, or peer-support sessions attended (0, 1–3, 4+). */
export const EXPOSURES = [
  { instrument: 'CARE', title: 'By CARE band (counselor empathy)', bands: ['LOW', 'MID', 'HIGH'] },
  { instrument: 'WAI_SR', title: 'By WAI-SR band (working alliance)', bands: ['LOW', 'MID', 'HIGH'] },
  { instrument: 'SCS_SF', title: 'By self-compassion (SCS-SF) band', bands: ['LOW', 'MID', 'HIGH'] },
  { instrument: 'PEER_SUPPORT', title: 'By peer-support sessions attended', bands: ['NONE', 'SOME', 'REGULAR'] },
];

export function clientsHref(program, filter) {
  return '#program/' + encodeURIComponent(program) + '/clients?' + new URLSearchParams(filter).toString();
}

export function mount(root, route, ctx) {
  const program = route.program;
  root.replaceChildren(fromTemplate('program'));
  $('program-title').textContent = ctx.programName(program);
  const p = encodeURIComponent(program);
  let closed = false;
  const view = {
    async refresh() {
      const r = range.current();
      const [programs, alerts, weekly, cohorts, counselors, exposures] = await Promise.all([
        api('/v1/programs?engagement=true'), api('/v1/programs/' + p + '/alerts?in_effect=true&limit=200'),
        api('/v1/programs/' + p + '/weekly?' + range.params(r)), api('/v1/programs/' + p + '/cohorts'),
        api('/v1/counselors?program=' + p), api('/v1/programs/' + p + '/alliance-outcomes')]);
      if (closed) return;
      tiles(program, programs.find((x) => x.program_id === program) || {});
      showAlerts(alerts);
      weeklyCharts(weekly);
      exposureCharts($('exposure-charts'), exposures, 'program-');
      cohortTable(cohorts.filter((c) => c.month >= r.from.slice(0, 7) && c.month <= r.to.slice(0, 7)));
      counselorTable(counselors);
    },
    close() { closed = true; stopLive(); charts.disposeIn(root); },
  };
  range.bind(root, () => ctx.reload());
  const stopLive = follow(program, {
    onEvent: liveEvent,
    onConnected: (again) => { $('live-badge').classList.add('on'); if (again) ctx.reload(); },
    onDisconnected: () => { const b = $('live-badge'); if (b) b.classList.remove('on'); },
  });
  return view;
}

function tiles(program, row) {
  const list = (filter) => clientsHref(program, filter);
  fillTiles($('tiles'), [
    { key: 'clients', label: 'Clients', value: row.clients, href: list({}) },
    { key: 'open', label: 'Open episodes', value: row.open_episodes, href: list({ episode_open: 'true' }) },
    { key: 'at-risk', label: 'At risk', value: row.at_risk, href: list({ risk: 'AT_RISK' }), tone: 'warn',
      hint: 'Clients whose open episode has an at-risk alert not followed by a return to sessions' },
    { key: 'dropped-out', label: 'Dropped out', value: row.dropped_out, href: list({ risk: 'DROPPED_OUT' }), tone: 'bad',
      hint: 'Clients who dropped out and have not come back (open or closed episode)' },
  ]);
  fillTiles($('engagement-tiles'), ['HIGH', 'MODERATE', 'LOW', 'NONE'].map((band) => ({
    key: 'engagement-' + band.toLowerCase(), label: 'Engagement ' + band.toLowerCase()
        + (band === 'NONE' ? ' (no session in 28 days)' : ''),
    value: row['engagement_' + band.toLowerCase()], href: list({ engagement: band, episode_open: 'true' }),
    tone: band === 'LOW' || band === 'NONE' ? 'warn' : undefined })));
}

// --- Alerts in effect ---------------------------------------------------------------------------------------------
function alertItem(alert, isNew) {
  return el('li', { 'data-id': alert.alert_id, 'data-at': alert.at, 'data-client': alert.client_id, 'data-kind': alert.kind,
    class: isNew ? 'new' : undefined },
  el('span', { class: 'when' }, when(alert.at)),
  el('span', { class: 'kind kind-' + alert.kind }, KIND_TEXT[alert.kind] || alert.kind),
  el('span', {}, el('span', { class: 'mono', title: alert.client_id }, 'Client ' + shortId(alert.client_id)), ' — ',
    alertSentence(alert)));
}

function showAlerts(alerts) {
  const list = $('alerts');
  list.replaceChildren(...alerts.map((a) => alertItem(a, false)));
  if (alerts.length === 0) list.append(el('li', { class: 'empty' }, 'Nothing needs attention right now.'));
}

function liveEvent(event, alert) {
  const list = $('alerts');
  if (!list) return;
  const remove = (selector) => list.querySelectorAll(selector).forEach((li) => li.remove());
  if (event === 'retracted') {
    remove('li[data-id="' + CSS.escape(alert.retracts || '') + '"]');
  } else if (alert.kind === 'RE_ENGAGED') {
    // Back in care: the client's at-risk and dropout alerts are no longer in effect.
    remove('li[data-client="' + CSS.escape(alert.client_id) + '"][data-kind="AT_RISK"]');
    remove('li[data-client="' + CSS.escape(alert.client_id) + '"][data-kind="DROPOUT"]');
  } else {
    remove('li[data-id="' + CSS.escape(alert.alert_id) + '"]');
    remove('li.empty');
    if (alert.kind === 'DROPOUT') remove('li[data-client="' + CSS.escape(alert.client_id) + '"][data-kind="AT_RISK"]');
    const later = [...list.children].find((li) => li.dataset.at < alert.at);
    list.insertBefore(alertItem(alert, true), later || null);
  }
}

// --- Charts and tables ----------------------------------------------------------------------------------------------
function weeklyCharts(weekly) {
  const weeks = weekly.map((w) => w.week);
  const series = (field, name) => [{ name, values: weekly.map((w) => w[field]) }];
  charts.weekly($('chart-attendance'), 'Attendance rate', weeks, series('attendance_rate', 'Attendance rate'),
    { percent: true, kind: 'line' });
  charts.weekly($('chart-active'), 'Active clients', weeks, series('active_clients', 'Active clients'));
  charts.weekly($('chart-dropouts'), 'Dropouts', weeks, series('dropouts', 'Dropouts'));
  charts.weekly($('chart-returns'), 'Returns to use', weeks, series('returns_to_use', 'Returns to use'));
}

/** One chart per exposure with rows (CARE and WAI-SR always; SCS-SF and peer support when the program has any). */
export function exposureCharts(container, rows, idPrefix) {
  charts.disposeIn(container);
  container.replaceChildren();
  EXPOSURES.forEach((x) => {
    const mine = rows.filter((r) => r.instrument === x.instrument);
    if (mine.length === 0 && !['CARE', 'WAI_SR'].includes(x.instrument)) return;
    const div = el('div', { class: 'chart wide', id: idPrefix + x.instrument.toLowerCase().replace('_', '-') });
    container.append(div);
    charts.outcomesByBand(div, x.title, mine, x.bands);
  });
}

function cohortTable(cohorts) {
  fillTable($('cohorts'), ['Month', 'Admitted', 'Initiated', 'Engaged', 'Retained 30 d', 'Retained 60 d',
    'Retained 90 d', 'Completed', 'Dropped out', 'Median stay (days)'], cohorts.slice().reverse().map((c) => [c.month,
    c.admitted, ratio(c.initiated, c.admitted), ratio(c.engaged, c.admitted), ratio(c.retained_30, c.eligible_30),
    ratio(c.retained_60, c.eligible_60), ratio(c.retained_90, c.eligible_90), c.completed, c.dropped_out,
    num(c.median_los_days)]), 'No admissions in this date range.');
}

function counselorTable(counselors) {
  fillTable($('counselors'), ['Counselor', 'Ratings', 'Mean CARE', 'Mean WAI-SR', 'Clients', 'Attendance', 'Dropouts'],
    counselors.map((c) => [c.counselor_id, c.ratings, mean(c.care_mean), mean(c.wai_mean), c.clients,
      pct(c.attendance_rate), c.dropouts]));
}
