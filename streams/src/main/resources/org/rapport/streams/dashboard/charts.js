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

/**
 * One metric of a training (SPEC §5.8): the trained counselors' before and after bars, the whiskers of the 95%
 * interval of the change drawn around the after bar (before + the interval's ends), and the comparison group's before
 * and after bars beside them (grey). The n is under every bar; a bar with nothing behind it reads "not enough data".
 */
export function beforeAfter(el, title, v, { percent = false, unit = '' } = {}) {
  const bars = [
    { label: 'Trained\nbefore', value: v.before, n: v.nBefore, color: '#93c5fd' },
    { label: 'Trained\nafter', value: v.after, n: v.nAfter, color: '#2563eb' },
    { label: 'Comparison\nbefore', value: v.comparisonBefore, n: v.nComparisonBefore, color: '#d1d5db' },
    { label: 'Comparison\nafter', value: v.comparisonAfter, n: v.nComparisonAfter, color: '#6b7280' },
  ];
  const format = (x) => (percent ? pct(x) : Number(x).toFixed(1));
  const missing = (x) => x === null || x === undefined;
  const option = base(title);
  option.grid.bottom = 56;
  option.tooltip = { trigger: 'item', renderMode: 'richText', formatter: (p) => (p.seriesType === 'custom'
    ? '95% interval of the change, around the after bar: ' + format(p.data[1]) + ' to ' + format(p.data[2])
    : bars[p.dataIndex].label.replace('\n', ' ') + ': ' + (p.data.missing ? 'not enough data yet'
      : format(p.value) + ' (n = ' + bars[p.dataIndex].n + ' ' + unit + ')')) };
  option.xAxis = { type: 'category', data: bars.map((b) => b.label + '\nn = ' + (b.n || 0)),
    axisLabel: { interval: 0, lineHeight: 14 } };
  option.yAxis = percent ? rateAxis() : { type: 'value', min: 0 };
  const whisker = !missing(v.ciLow) && !missing(v.ciHigh) && !missing(v.before)
    ? [[1, v.before + v.ciLow, v.before + v.ciHigh]] : [];
  option.series = [{
    type: 'bar', barWidth: '45%',
    data: bars.map((b) => (missing(b.value) ? { value: 0, missing: true, itemStyle: { color: 'transparent' } }
      : { value: b.value, itemStyle: { color: b.color } })),
    label: { show: true, position: 'top', formatter: (p) => (p.data.missing ? 'not enough\ndata yet' : format(p.value)) },
  }, {
    type: 'custom', name: '95% interval', z: 10, data: whisker,
    renderItem: (params, api) => {
      const low = api.coord([api.value(0), api.value(1)]);
      const high = api.coord([api.value(0), api.value(2)]);
      const half = api.size([1, 0])[0] * 0.12;
      const style = { stroke: '#111827', lineWidth: 1.5 };
      return { type: 'group', children: [
        { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
        { type: 'line', shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style },
        { type: 'line', shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style },
      ] };
    },
  }];
  chartOf(el).setOption(option, true);
  el.dataset.points = String(bars.filter((b) => !missing(b.value)).length);
  el.dataset.whiskers = String(whisker.length);
  el.dataset.n = bars.map((b) => b.n || 0).join(',');
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
