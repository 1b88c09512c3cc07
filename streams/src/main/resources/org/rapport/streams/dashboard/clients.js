// The clients behind a tile: a program's client statuses filtered by risk, engagement or open episode, with CSV.
'use strict';

import { api, downloadCsv } from './api.js';
import { $, el, fillTable, fromTemplate } from './dom.js';
import { day, mean, num, pct } from './format.js';

const FILTER_TEXT = {
  risk: { AT_RISK: 'At risk', DROPPED_OUT: 'Dropped out', NONE: 'Not at risk' },
  engagement: { HIGH: 'High engagement', MODERATE: 'Moderate engagement', LOW: 'Low engagement',
    NONE: 'No session in 28 days' },
};

/** Only the filters the API knows are passed on. */
export function filterOf(query) {
  const filter = {};
  ['risk', 'engagement', 'episode_open'].forEach((k) => { if (query.get(k)) filter[k] = query.get(k); });
  return filter;
}

function title(filter) {
  const parts = [];
  if (filter.risk) parts.push(FILTER_TEXT.risk[filter.risk] || filter.risk);
  if (filter.engagement) parts.push(FILTER_TEXT.engagement[filter.engagement] || filter.engagement);
  if (filter.episode_open === 'true') parts.push('in an open episode');
  return parts.length ? parts.join(', ') : 'All clients';
}

export function mount(root, route, ctx) {
  root.replaceChildren(fromTemplate('clients'));
  const program = route.program;
  const filter = filterOf(route.query);
  const path = '/v1/programs/' + encodeURIComponent(program) + '/clients?' + new URLSearchParams(filter).toString();
  $('clients-back').href = '#program/' + encodeURIComponent(program);
  $('clients-csv').addEventListener('click', () => downloadCsv(path,
    'rapport-' + program + '-clients' + Object.values(filter).map((v) => '-' + v.toLowerCase()).join('') + '.csv')
    .catch(ctx.problem));
  let closed = false;
  return {
    async refresh() {
      const clients = await api(path);
      if (closed) return;
      $('clients-title').textContent = title(filter) + ' — ' + ctx.programName(program) + ' (' + clients.length + ')';
      fillTable($('clients'), ['Client (pseudonym)', 'Episode', 'Since', 'Attended (28 d)', 'Missed (28 d)', 'Attendance',
        'Missed in a row', 'Last attended', 'Engagement', 'Risk', 'CARE', 'WAI-SR', 'BAM use', 'Craving'],
      clients.map((c) => [el('span', { class: 'mono', title: c.client_id }, c.client_id.slice(0, 12) + '…'), c.episode_open ? 'open' : 'closed',
        day(c.episode_start), c.attended_28d, c.missed_28d, pct(c.attendance_rate_28d), c.consecutive_missed,
        day(c.last_attended_at), c.engagement.toLowerCase(), c.risk.replace('_', ' ').toLowerCase(),
        mean(c.care_latest), mean(c.wai_latest), num(c.bam_use), num(c.craving_latest)]),
      'No client matches.');
    },
    close() { closed = true; },
  };
}
