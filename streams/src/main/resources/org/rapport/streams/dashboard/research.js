// The researcher's view: the de-identified, small-cell-suppressed tables of /v1/research, with hidden cells shown as
// such, what suppression means, and CSV downloads of exactly what is shown.
'use strict';

import { api, downloadCsv } from './api.js';
import * as charts from './charts.js';
import { $, fillTable, fromTemplate, hiddenCell } from './dom.js';
import { mean, num, pct, when } from './format.js';
import { exposureCharts } from './director.js';
import * as range from './range.js';

const PROGRAM_KEY = 'rapport.research.program';

/** A cell of a research row: "hidden" when suppression hid it, else the formatted value. */
function cell(row, field, format = num) {
  return (row.suppressed_fields || []).includes(field) ? hiddenCell() : format(row[field]);
}

export function mount(root, route, ctx) {
  root.replaceChildren(fromTemplate('research'));
  const threshold = ctx.me.suppression_threshold;
  $('suppression-note').textContent = 'To protect the people behind the numbers, every count from 1 to '
    + (threshold - 1) + ' is hidden, and so is every rate or mean built on such a count — even when that count is '
    + 'not itself a column (for example the number of surveys behind a mean). Some larger counts are hidden too, so '
    + 'that a hidden one cannot be worked out by subtraction from the others. Zero is shown: it identifies no one. '
    + 'These tables hold no client or counselor identifiers and no date finer than the week, and they are releases, '
    + 'rebuilt from time to time rather than live. A hidden cell is not a zero and not missing data.';
  const select = $('research-program');
  select.append(new Option('All programs', ''));
  const saved = sessionStorage.getItem(PROGRAM_KEY);
  if (saved) { select.append(new Option(saved, saved)); select.value = saved; }
  range.bind(root, () => ctx.reload());
  select.addEventListener('change', () => { sessionStorage.setItem(PROGRAM_KEY, select.value); ctx.reload(); });
  const programParam = () => (select.value ? '&program=' + encodeURIComponent(select.value) : '');
  const paths = {
    weekly: () => '/v1/research/weekly?' + range.params(range.current()) + programParam(),
    cohorts: () => '/v1/research/cohorts?' + programParam().slice(1),
    alliance: () => '/v1/research/alliance-outcomes?' + programParam().slice(1),
  };
  root.querySelectorAll('[data-csv]').forEach((b) => b.addEventListener('click', () =>
    downloadCsv(paths[b.dataset.csv](), 'rapport-research-' + b.dataset.csv + (select.value ? '-' + select.value : '')
      + '.csv').catch(ctx.problem)));
  let closed = false;
  return {
    async refresh() {
      const [weeklyAnswer, cohorts, alliance] = await Promise.all([api(paths.weekly(), { raw: true }),
        api(paths.cohorts()), api(paths.alliance())]);
      const weekly = await weeklyAnswer.json();
      if (closed) return;
      const built = weeklyAnswer.headers.get('X-Research-Release');
      $('release').textContent = built ? 'Release of ' + when(built) + '.' : '';
      programOptions(select, weekly.concat(cohorts).map((r) => r.program_id));
      exposureCharts($('exposure-charts'), alliance, 'research-');
      allianceTable(alliance);
      weeklyTable(weekly);
      cohortTable(cohorts);
    },
    close() { closed = true; charts.disposeIn(root); },
  };
}

function programOptions(select, ids) {
  const known = new Set([...select.options].map((o) => o.value));
  [...new Set(ids)].sort().forEach((id) => { if (!known.has(id)) select.append(new Option(id, id)); });
}

/** Newest period first, programs in order within it. */
const newestFirst = (rows, period) => rows.slice().sort((a, b) => (b[period] > a[period] ? 1 : b[period] < a[period] ? -1
  : a.program_id.localeCompare(b.program_id)));

function allianceTable(rows) {
  fillTable($('research-alliance'), ['Programs', 'Exposure', 'Band', 'Episodes', 'Dropouts', 'Dropout rate',
    'Returns to use', 'Return-to-use rate', 'Mean attendance'], rows.map((r) => [r.program_id === 'ALL' ? 'all' : r.program_id,
    r.instrument, r.band, cell(r, 'episodes'), cell(r, 'dropouts'), cell(r, 'dropout_rate', pct),
    cell(r, 'returns_to_use'), cell(r, 'return_to_use_rate', pct), cell(r, 'mean_attendance_rate', pct)]));
}

function weeklyTable(rows) {
  fillTable($('research-weekly'), ['Program', 'Week', 'Sessions held', 'Attended', 'Missed', 'Attendance rate',
    'Active clients', 'Admissions', 'Dropouts', 'Returns to use', 'Craving spikes', 'CARE mean', 'WAI-SR mean',
    'PHQ-9 mean'], newestFirst(rows, 'week').map((r) => [r.program_id, r.week, cell(r, 'sessions_held'),
    cell(r, 'attended'), cell(r, 'missed'), cell(r, 'attendance_rate', pct), cell(r, 'active_clients'),
    cell(r, 'admissions'), cell(r, 'dropouts'), cell(r, 'returns_to_use'), cell(r, 'craving_spikes'),
    cell(r, 'care_mean', mean), cell(r, 'wai_mean', mean), cell(r, 'phq9_mean', mean)]), 'No weeks in this range.');
}

function cohortTable(rows) {
  const retained = (r, n) => {
    const field = 'retained_' + n;
    const eligible = 'eligible_' + n;
    if ((r.suppressed_fields || []).includes(field) || (r.suppressed_fields || []).includes(eligible)) return hiddenCell();
    return r[eligible] ? pct(r[field] / r[eligible]) : '—';
  };
  fillTable($('research-cohorts'), ['Program', 'Month', 'Admitted', 'Initiated', 'Engaged', 'Retained 30 d',
    'Retained 60 d', 'Retained 90 d', 'Completed', 'Dropped out', 'Median stay (days)'],
  newestFirst(rows, 'month').map((r) => [r.program_id, r.month, cell(r, 'admitted'), cell(r, 'initiated'),
    cell(r, 'engaged'), retained(r, 30), retained(r, 60), retained(r, 90), cell(r, 'completed'),
    cell(r, 'dropped_out'), cell(r, 'median_los_days')]));
}
