// How numbers, dates and alerts read on the dashboard.
'use strict';

export const pct = (v) => (v === null || v === undefined ? '—' : Math.round(v * 100) + '%');
export const num = (v) => (v === null || v === undefined ? '—' : String(v));
export const ratio = (part, whole) => (whole ? pct(part / whole) : '—');
export const mean = (v, digits = 1) => (v === null || v === undefined ? '—' : Number(v).toFixed(digits));
export const when = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export const day = (iso) => (iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '—');
export const shortId = (id) => (id ? id.slice(0, 8) : '');
export const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);

// --- UTC dates (the API's weeks and days are UTC) -------------------------------------------------------------
export const isoDate = (d) => d.toISOString().slice(0, 10);
export const today = () => isoDate(new Date());
export function addDays(iso, days) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}
export function mondayOf(iso) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return isoDate(d);
}
/** True for the week (its Monday) that has not ended yet. */
export const isCurrentWeek = (monday) => monday === mondayOf(today());

// --- Alerts in plain language -----------------------------------------------------------------------------------
export const KIND_TEXT = {
  AT_RISK: 'At risk', DROPOUT: 'Dropped out', RE_ENGAGED: 'Back in care', RETURN_TO_USE: 'Return to use',
  CRAVING_SPIKE: 'Craving spike', SAFETY: 'Safety',
};

/** A sentence a counselor can act on, from the alert's kind and the numbers in its detail. */
export function alertSentence(alert) {
  const d = alert.detail || '';
  let m;
  switch (alert.kind) {
    case 'AT_RISK':
      if ((m = d.match(/(\d+) consecutive missed/))) return 'Missed ' + m[1] + ' sessions in a row.';
      if ((m = d.match(/no attended session for (\d+) days/))) return 'Has not attended a session for ' + m[1] + ' days.';
      break;
    case 'DROPOUT':
      if ((m = d.match(/no attended session for (\d+) days/))) return 'No session attended for ' + m[1] + ' days: counted as dropped out.';
      if (/DROPPED_OUT/.test(d)) return 'Discharged as dropped out.';
      break;
    case 'RETURN_TO_USE':
      if ((m = d.match(/use (\d+) days? after (\d+)/))) {
        return 'Reported substance use again on the BAM (use score ' + m[1] + ', previously ' + m[2] + ').';
      }
      break;
    case 'CRAVING_SPIKE':
      if ((m = d.match(/craving (\d+) vs baseline ([\d.]+)/))) {
        return 'Craving at ' + m[1] + ' out of 10, well above this client\'s usual ' + m[2] + '.';
      }
      break;
    case 'SAFETY':
      return 'Answered the PHQ-9 question on thoughts of self-harm above "not at all": check on this client\'s safety.';
    case 'RE_ENGAGED':
      return 'Attended a session again after an alert.';
    default:
      break;
  }
  return d;
}
