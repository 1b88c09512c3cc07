// The program director's Training view (SPEC §5.8): per training, each metric before → after for the trained
// counselors with the 95% interval of the change as whiskers, the comparison group's before → after beside it, the n
// under every bar, and "not enough data yet" wherever a window has not delivered (an empty window, an interval that
// needs two of something, an after window still running). The director's own programs' rows, unsuppressed.
'use strict';

import { api } from './api.js';
import * as charts from './charts.js';
import { $, el, fromTemplate } from './dom.js';
import { day, mean, pct } from './format.js';

export const METRICS = [
  { key: 'care', title: 'CARE: how empathic clients find their counselor', percent: false, unit: 'ratings' },
  { key: 'wai', title: 'WAI-SR: working alliance', percent: false, unit: 'ratings' },
  { key: 'attendance', title: 'Attendance rate', percent: true, unit: 'sessions' },
  { key: 'dropout', title: 'Dropout rate (lower is better)', percent: true, unit: 'episodes' },
];

const CURRICULUM_TEXT = { EMPATHY: 'Empathy', MOTIVATIONAL_INTERVIEWING: 'Motivational interviewing',
  COMPASSION_FOCUSED: 'Compassion-focused care', PEER_SUPPORT: 'Peer support', TRAUMA_INFORMED: 'Trauma-informed care',
  OTHER: 'Other' };

export function mount(root, route, ctx) {
  root.replaceChildren(fromTemplate('training'));
  const programs = route.program ? [route.program] : ctx.programIds();
  $('training-title').textContent = 'Training effects — ' + (route.program ? ctx.programName(route.program)
    : 'all your programs');
  let closed = false;
  return {
    async refresh() {
      const lists = await Promise.all(programs.map((p) => api('/v1/programs/' + encodeURIComponent(p)
        + '/training-effects')));
      if (closed) return;
      const byId = new Map();
      lists.flat().forEach((t) => byId.set(t.training_id, t));
      show($('trainings'), [...byId.values()].sort((a, b) => (b.last_completed || '').localeCompare(a.last_completed || '')
        || a.training_id.localeCompare(b.training_id)), ctx);
    },
    close() { closed = true; charts.disposeIn(root); },
  };
}

function show(container, trainings, ctx) {
  charts.disposeIn(container);
  container.replaceChildren();
  container.dataset.trainings = String(trainings.length);
  if (trainings.length === 0) {
    container.append(el('section', { class: 'card' }, el('p', { class: 'empty' }, 'No training of your programs\' '
      + 'counselors yet. A clinic sends a "training" event when a counselor completes a course.')));
    return;
  }
  trainings.forEach((t, i) => container.append(trainingCard(t, i, ctx)));
  trainings.forEach((t, i) => METRICS.forEach((m) => charts.beforeAfter($('training-' + i + '-' + m.key), m.title, {
    before: t[m.key + '_before'], after: t[m.key + '_after'], nBefore: t[m.key + '_before_n'],
    nAfter: t[m.key + '_after_n'], ciLow: t[m.key + '_ci_low'], ciHigh: t[m.key + '_ci_high'],
    comparisonBefore: t[m.key + '_comparison_before'], comparisonAfter: t[m.key + '_comparison_after'],
    nComparisonBefore: t[m.key + '_comparison_before_n'], nComparisonAfter: t[m.key + '_comparison_after_n'],
  }, { percent: m.percent, unit: m.unit })));
}

function trainingCard(t, i, ctx) {
  const dates = t.first_completed === t.last_completed ? day(t.first_completed)
    : day(t.first_completed) + ' – ' + day(t.last_completed);
  const programs = (t.program_ids || []).map((p) => ctx.programName(p)).join(', ');
  return el('section', { class: 'card training', 'data-training': t.training_id, 'data-complete': String(t.complete) },
    el('h2', {}, (CURRICULUM_TEXT[t.curriculum] || t.curriculum) + ' training ', el('span', { class: 'mono' },
      t.training_id)),
    el('p', { class: 'meta' }, plural(t.counselors, 'counselor') + ' completed it (' + dates + '), in ' + programs
      + '. Compared with ' + plural(t.comparison_counselors, 'counselor') + ' of the same programs who took no '
      + (CURRICULUM_TEXT[t.curriculum] || t.curriculum).toLowerCase() + ' training, over the same windows: the '
      + '90 days before and after each trained counselor\'s completion.'),
    t.complete ? null : el('p', { class: 'not-enough' }, 'Not enough data yet: the after windows are still running, '
      + 'so these are the numbers so far.'),
    el('div', { class: 'charts' }, ...METRICS.map((m) => el('div', {},
      el('div', { class: 'chart', id: 'training-' + i + '-' + m.key }),
      effectLine(t, m)))),
    el('p', { class: 'hint caveat' }, t.caveat));
}

/** "Change +4.2 (95% interval +1.1 to +7.3) · comparison +0.8 · difference in differences +3.4", or why not yet. */
function effectLine(t, m) {
  const f = (v) => (v === null || v === undefined ? null : (v > 0 ? '+' : '') + (m.percent ? pct(v).replace('%', ' pts')
    : mean(v)));
  const change = f(t[m.key + '_change']);
  const parts = [];
  if (change === null) {
    parts.push('Change: not enough data yet (a window has no ' + m.unit + ')');
  } else {
    const low = f(t[m.key + '_ci_low']);
    parts.push('Change ' + change + (low === null ? ' (interval: not enough data yet)'
      : ' (95% interval ' + low + ' to ' + f(t[m.key + '_ci_high']) + ')'));
  }
  const comparison = f(t[m.key + '_comparison_change']);
  parts.push('comparison ' + (comparison === null ? 'not enough data yet' : comparison));
  const did = f(t[m.key + '_did']);
  if (did !== null) parts.push('difference in differences ' + did);
  return el('p', { class: 'effect', 'data-metric': m.key }, parts.join(' · '));
}

const plural = (n, one) => n + ' ' + one + (n === 1 ? '' : 's');
