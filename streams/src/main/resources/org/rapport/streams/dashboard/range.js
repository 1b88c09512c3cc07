// The date range of the weekly views: kept for the tab, 26 weeks back from today by default. Weeks are whole:
// "from" counts the week it falls in.
'use strict';

import { addDays, today } from './format.js';

const RANGE_KEY = 'rapport.range';

export function current() {
  const saved = JSON.parse(sessionStorage.getItem(RANGE_KEY) || 'null');
  if (saved && saved.from && saved.to) return saved;
  return { from: addDays(today(), -7 * 26), to: today() };
}

function save(range) { sessionStorage.setItem(RANGE_KEY, JSON.stringify(range)); }

/** Wires the range inputs of a view (ids range-from, range-to, buttons with data-weeks) to {@code changed}. */
export function bind(root, changed) {
  const from = root.querySelector('#range-from');
  const to = root.querySelector('#range-to');
  const show = (r) => { from.value = r.from; to.value = r.to; };
  show(current());
  const apply = (r) => {
    if (!r.from || !r.to || r.from > r.to) return;
    save(r);
    show(r);
    changed(r);
  };
  from.addEventListener('change', () => apply({ from: from.value, to: to.value }));
  to.addEventListener('change', () => apply({ from: from.value, to: to.value }));
  root.querySelectorAll('[data-weeks]').forEach((b) => b.addEventListener('click', () =>
    apply({ from: addDays(today(), -7 * Number(b.dataset.weeks)), to: today() })));
}

/** The query string of a range for the weekly endpoints. */
export const params = (r) => 'from=' + encodeURIComponent(r.from) + '&to=' + encodeURIComponent(r.to);
