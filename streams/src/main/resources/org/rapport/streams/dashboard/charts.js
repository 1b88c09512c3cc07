// Charts drawn by ECharts (served by the app at /assets/echarts.min.js, loaded before the modules). Tooltips are
// drawn on the canvas (renderMode richText): HTML tooltips would carry inline styles, which the page's
// Content-Security-Policy forbids.
'use strict';

import { isCurrentWeek, num, pct } from './format.js';

const charts = new Map();
const PALETTE = ['#2563eb', '#059669', '#b45309', '#7c3aed', '#db2777', '#0891b2', '#4b5563'];

function chartOf(el) {
  let chart = charts.get(el.id);
  if (!chart || chart.getDom() !== el) {
    chart = echarts.init(el, null, { renderer: 'canvas' });
    charts.set(el.id, chart);
  }
  return chart;
}
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

/** Disposes the charts inside {@code root} (a view being left). */
export function disposeIn(root) {
  root.querySelectorAll('.chart').forEach((el) => {
    const chart = charts.get(el.id);
    if (chart) { chart.dispose(); charts.delete(el.id); }
  });
}

const base = (title) => ({
  title: { text: title, textStyle: { fontSize: 14 } },
  grid: { left: 52, right: 20, top: 44, bottom: 30 },
  tooltip: { trigger: 'axis', renderMode: 'richText' },
  color: PALETTE,
});

/** The y axis of a chart of counts: whole numbers only (never 0.5 dropouts). */
const countAxis = () => ({ type: 'value', min: 0, minInterval: 1, axisLabel: { formatter: (v) => String(v) } });
const rateAxis = () => ({ type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => Math.round(v * 100) + '%' } });

/**
 * Week-by-week chart. {@code series}: [{name, values}] (one value per week, null for none). The current week, still
 * in progress, is drawn paler (bars) or as an open point (lines) and labelled "so far", so that its smaller numbers
 * are not read as a drop.
 */
export function weekly(el, title, weeks, series, { percent = false, kind = 'bar', stack = false } = {}) {
  const partial = weeks.length > 0 && isCurrentWeek(weeks[weeks.length - 1]);
  const last = weeks.length - 1;
  const soFar = (value, first) => {
    if (value === null || value === undefined) return value;
    if (kind === 'bar') return { value, itemStyle: { opacity: 0.35 } };
    return { value, symbol: 'emptyCircle', symbolSize: 9,
      label: first ? { show: true, position: 'top', formatter: 'so far', color: '#475569' } : undefined };
  };
  const option = base(title);
  option.legend = series.length > 1 ? { top: 20, type: 'scroll' } : undefined;
  if (series.length > 1) option.grid.top = 64;
  option.grid.bottom = 44;
  option.tooltip.valueFormatter = (v) => (percent ? pct(v) : num(v));
  option.xAxis = { type: 'category', data: weeks,
    axisLabel: { formatter: (w, i) => w.slice(5) + (partial && i === last ? '\n(so far)' : '') } };
  option.yAxis = percent ? rateAxis() : countAxis();
  option.series = series.map((s, i) => ({
    name: s.name, type: kind, smooth: kind === 'line', connectNulls: true, stack: stack ? 'total' : undefined,
    data: s.values.map((v, w) => (partial && w === last ? soFar(v, i === 0) : v)),
  }));
  chartOf(el).setOption(option, true);
  el.dataset.points = String(series.reduce((n, s) => n + s.values.filter((v) => v !== null && v !== undefined).length, 0));
  el.dataset.partial = String(partial);
}

/**
 * Dropout and return-to-use rate by band of an exposure. {@code rows}: alliance–outcome rows; a rate that research
 * suppression hid is drawn as the word "hidden" rather than a bar.
 */
export function outcomesByBand(el, title, rows, bands) {
  const byBand = Object.fromEntries(rows.map((r) => [r.band, r]));
  let hidden = 0;
  const point = (row, field) => {
    if (!row) return null;
    if (row[field] !== null && row[field] !== undefined) return row[field];
    if ((row.suppressed_fields || []).includes(field)) {
      hidden++;
      return { value: 0, hidden: true, itemStyle: { color: 'transparent' } };
    }
    return null;
  };
  const series = (field, name) => ({
    name, type: 'bar', data: bands.map((b) => point(byBand[b], field)),
    label: { show: true, position: 'top', formatter: (p) => (p.data && p.data.hidden ? 'hidden' : pct(p.value)) },
  });
  const option = base(title);
  option.color = ['#b91c1c', '#b45309'];
  option.legend = { top: 20 };
  option.grid.top = 64;
  option.tooltip.formatter = (items) => items[0].axisValue + '\n' + items.map((i) => i.seriesName + ': '
      + (i.data && i.data.hidden ? 'hidden (fewer than the privacy threshold)' : pct(i.value))).join('\n');
  // Every band named, even when labels are long (peer support's "Regular"): the count goes on a second line.
  option.grid.bottom = 44;
  option.xAxis = { type: 'category', axisLabel: { interval: 0, verticalAlign: 'top', lineHeight: 14 }, data: bands.map((b) => {
    const row = byBand[b];
    const episodes = !row ? 'no' : row.episodes !== null && row.episodes !== undefined ? row.episodes : 'few';
    return b.charAt(0) + b.slice(1).toLowerCase() + '\n(' + episodes + ' episodes)';
  }) };
  option.yAxis = rateAxis();
  option.series = [series('dropout_rate', 'Dropout rate'), series('return_to_use_rate', 'Return-to-use rate')];
  chartOf(el).setOption(option, true);
  el.dataset.points = String(option.series.reduce((n, s) => n + s.data.filter((v) => v !== null && !(v && v.hidden)).length, 0));
  el.dataset.hidden = String(hidden);
}

/** Per-day stacked counts, e.g. events received by type; {@code series}: [{name, values, color}]. */
export function daily(el, title, days, series) {
  const option = base(title);
  option.legend = { top: 20 };
  option.grid.top = 64;
  option.xAxis = { type: 'category', data: days, axisLabel: { formatter: (d) => d.slice(5) } };
  option.yAxis = countAxis();
  option.series = series.map((s) => ({ name: s.name, type: 'bar', stack: s.stack || 'total', data: s.values,
    itemStyle: s.color ? { color: s.color } : undefined }));
  chartOf(el).setOption(option, true);
  el.dataset.points = String(series.reduce((n, s) => n + s.values.filter((v) => v).length, 0));
}
