// The clinic's view: what Rapport received from it day by day, what it refused and why (reasons only), a file upload
// checked row by row as the importer checks it, and the pseudonym lookup.
'use strict';

import { api } from './api.js';
import * as charts from './charts.js';
import { $, el, fillTable, fillTiles, fromTemplate } from './dom.js';
import { addDays, plural, today, when } from './format.js';

const TYPES = [['episode', 'Episodes', '#2563eb'], ['session', 'Sessions', '#7c3aed'],
  ['attendance', 'Attendance', '#059669'], ['survey', 'Surveys', '#b45309'], ['training', 'Trainings', '#0891b2']];
const STAGES = { DESERIALIZATION: 'not readable', VALIDATION: 'invalid', PROCESSING: 'could not be processed' };

export function mount(root, route, ctx) {
  root.replaceChildren(fromTemplate('clinic'));
  const admin = ctx.me.role === 'admin';
  let clinic = route.clinic || ctx.me.clinic_id || sessionStorage.getItem('rapport.clinic') || '';
  const days = $('clinic-days');
  if (admin) {
    $('clinic-pick').hidden = false;
    $('clinic-id').value = clinic;
    $('clinic-id').addEventListener('change', () => {
      clinic = $('clinic-id').value.trim();
      sessionStorage.setItem('rapport.clinic', clinic);
      ctx.reload();
    });
  }
  days.addEventListener('change', () => ctx.reload());
  const base = () => '/v1/clinics/' + encodeURIComponent(clinic);
  $('upload-form').addEventListener('submit', (e) => {
    e.preventDefault();
    upload(base(), e.submitter && e.submitter.dataset.dryRun === 'true').catch(ctx.problem);
  });
  $('pseudonym-form').addEventListener('submit', (e) => {
    e.preventDefault();
    lookUp(base()).catch(ctx.problem);
  });
  let closed = false;
  return {
    async refresh() {
      $('clinic-title').textContent = clinic ? 'Clinic ' + clinic : 'Clinic: enter a clinic id above';
      if (!clinic) { fillTable($('rejected'), ['When', 'Event type', 'Problem', 'Reason', 'Event id'], [], 'Choose a clinic.'); return; }
      const from = addDays(today(), 1 - Number(days.value));
      const [received, rejected] = await Promise.all([
        api(base() + '/received?from=' + from + '&to=' + today()), api(base() + '/rejected?limit=100')]);
      if (closed) return;
      receivedChart(received, from);
      tiles(received);
      fillTable($('rejected'), ['When', 'Event type', 'Problem', 'Reason', 'Event id'], rejected.map((r) => [
        when(r.failed_at), r.type, STAGES[r.stage] || r.stage, r.reason, el('span', { class: 'mono' }, r.event_id || '—')]),
      'Nothing was refused.');
    },
    close() { closed = true; charts.disposeIn(root); },
  };
}

function tiles(received) {
  const since = (n) => received.filter((d) => d.day > addDays(today(), -n));
  const sum = (rows, field) => rows.reduce((total, d) => total + d[field], 0);
  fillTiles($('tiles'), [
    { key: 'received-7', label: 'Events received, last 7 days', value: sum(since(7), 'received') },
    { key: 'received', label: 'Events received in the chart', value: sum(received, 'received') },
    { key: 'rejected', label: 'Refused in the chart', value: sum(received, 'rejected'), tone: 'bad' },
    { key: 'last-day', label: 'Latest day with events', value: received.filter((d) => d.received > 0).map((d) => d.day).pop() },
  ]);
}

function receivedChart(received, from) {
  const byDay = Object.fromEntries(received.map((d) => [d.day, d]));
  const days = [];
  for (let d = from; d <= today(); d = addDays(d, 1)) days.push(d);
  const series = TYPES.map(([field, name, color]) => ({ name, color, values: days.map((d) => (byDay[d] ? byDay[d][field] : 0)) }));
  series.push({ name: 'Refused', color: '#b91c1c', stack: 'refused', values: days.map((d) => (byDay[d] ? byDay[d].rejected : 0)) });
  charts.daily($('chart-received'), 'Events per day', days, series);
}

async function upload(base, dryRun) {
  const file = $('upload-file').files[0];
  if (!file) return;
  const program = $('upload-program').value.trim();
  $('upload-summary').textContent = (dryRun ? 'Checking ' : 'Sending ') + file.name + '…';
  const query = '?filename=' + encodeURIComponent(file.name) + (program ? '&program_id=' + encodeURIComponent(program) : '')
    + (dryRun ? '&dry_run=true' : '');
  let report;
  try {
    report = await api(base + '/uploads' + query, { method: 'POST', body: file, accept: [422],
      headers: { 'Content-Type': 'application/octet-stream' } });
  } catch (e) {
    $('upload-summary').textContent = 'Not accepted: ' + e.message;
    throw e;
  }
  const types = Object.entries(report.by_type || {}).map(([t, n]) => plural(n, t, t + 's')).join(', ');
  $('upload-summary').textContent = report.file + ': ' + plural(report.read, 'row', 'rows') + ' read, '
    + report.accepted + ' accepted' + (types ? ' (' + types + ')' : '') + ', ' + report.rejected + ' refused'
    + (report.skipped ? ', ' + report.skipped + ' without an event' : '') + '. '
    + (report.dry_run ? 'Checked only: nothing was stored.' : report.stored ? report.events + ' events stored.'
      : 'Nothing was stored.');
  const problems = $('upload-problems');
  problems.hidden = report.problems.length === 0;
  fillTable(problems, ['Where', 'Field', 'Problem'], report.problems.map((p) => [p.position, p.field || '—', p.problem]));
  if (report.problems_total > report.problems.length) {
    problems.tBodies[0].append(el('tr', {}, el('td', { colspan: 3 }, 'and ' + (report.problems_total - report.problems.length)
      + ' more problems')));
  }
}

async function lookUp(base) {
  const ref = $('pseudonym-ref').value.trim();
  const answer = await api(base + '/pseudonym?client_ref=' + encodeURIComponent(ref));
  $('pseudonym-answer').textContent = 'Record ' + ref + ' → client ' + answer.client_id;
  $('pseudonym-ref').value = '';
}
