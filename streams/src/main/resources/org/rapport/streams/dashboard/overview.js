// A director's programs side by side: totals, one row per program, and weekly charts with a series per program.
'use strict';

import { api } from './api.js';
import * as charts from './charts.js';
import { $, el, fillTable, fillTiles, fromTemplate } from './dom.js';
import { isCurrentWeek, num, pct } from './format.js';
import { clientsHref } from './director.js';
import * as range from './range.js';

const COUNTS = ['clients', 'open_episodes', 'at_risk', 'dropped_out', 'engagement_high', 'engagement_moderate',
  'engagement_low', 'engagement_none'];

export function mount(root, route, ctx) {
  root.replaceChildren(fromTemplate('overview'));
  let closed = false;
  range.bind(root, () => ctx.reload());
  return {
    async refresh() {
      const r = range.current();
      const programs = await api('/v1/programs?engagement=true');
      const weekly = await Promise.all(programs.map((p) =>
        api('/v1/programs/' + encodeURIComponent(p.program_id) + '/weekly?' + range.params(r))));
      if (closed) return;
      const total = Object.fromEntries(COUNTS.map((c) => [c, programs.reduce((n, p) => n + (p[c] || 0), 0)]));
      fillTiles($('tiles'), [
        { key: 'programs', label: 'Programs', value: programs.length },
        { key: 'clients', label: 'Clients', value: total.clients },
        { key: 'open', label: 'Open episodes', value: total.open_episodes },
        { key: 'at-risk', label: 'At risk', value: total.at_risk, tone: 'warn' },
        { key: 'dropped-out', label: 'Dropped out', value: total.dropped_out, tone: 'bad' },
      ]);
      programTable(programs, weekly, ctx);
      weeklyCharts(programs, weekly, ctx);
    },
    close() { closed = true; charts.disposeIn(root); },
  };
}

/** The last week that has ended, of a program's weekly rows. */
const lastFullWeek = (rows) => rows.filter((w) => !isCurrentWeek(w.week)).slice(-1)[0] || {};

function programTable(programs, weekly, ctx) {
  const link = (p, value, filter) => el('a', { href: clientsHref(p.program_id, filter) }, num(value));
  fillTable($('program-table'), ['Program', 'Clients', 'Open episodes', 'At risk', 'Dropped out', 'Low engagement',
    'No session in 28 days', 'Attendance (last full week)', 'Active clients (last full week)'],
  programs.map((p, i) => {
    const last = lastFullWeek(weekly[i]);
    return [el('a', { href: '#program/' + encodeURIComponent(p.program_id) }, ctx.programName(p.program_id)),
      link(p, p.clients, {}), link(p, p.open_episodes, { episode_open: 'true' }),
      link(p, p.at_risk, { risk: 'AT_RISK' }), link(p, p.dropped_out, { risk: 'DROPPED_OUT' }),
      link(p, p.engagement_low, { engagement: 'LOW', episode_open: 'true' }),
      link(p, p.engagement_none, { engagement: 'NONE', episode_open: 'true' }),
      pct(last.attendance_rate), num(last.active_clients)];
  }));
}

function weeklyCharts(programs, weekly, ctx) {
  const weeks = [...new Set(weekly.flat().map((w) => w.week))].sort();
  const series = (field) => programs.map((p, i) => {
    const byWeek = Object.fromEntries(weekly[i].map((w) => [w.week, w[field]]));
    return { name: ctx.programName(p.program_id), values: weeks.map((w) => (w in byWeek ? byWeek[w] : null)) };
  });
  charts.weekly($('chart-attendance'), 'Attendance rate', weeks, series('attendance_rate'), { percent: true, kind: 'line' });
  charts.weekly($('chart-active'), 'Active clients', weeks, series('active_clients'), { stack: true });
  charts.weekly($('chart-dropouts'), 'Dropouts', weeks, series('dropouts'), { stack: true });
  charts.weekly($('chart-returns'), 'Returns to use', weeks, series('returns_to_use'), { stack: true });
}
