// Calls to Rapport's API with the signed-in token. A server that is restarting never leaves a dead page: while it
// cannot be reached, or answers 503 (starting, rebalancing), every call waits and tries again by itself, and the
// connection banner says what is going on.
'use strict';

const TOKEN_KEY = 'rapport.token';

export class SignInNeeded extends Error {}
export class NotAllowed extends Error {}

// --- The token: this tab only (sessionStorage), gone when the tab closes or on sign-out -------------------------
export function takeTokenFromLink() {
  const match = location.hash.match(/token=([^&]+)/);
  if (!match) return false;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
  return true;
}
export const token = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (value) => sessionStorage.setItem(TOKEN_KEY, value);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

// --- Connection state, shown by the banner ---------------------------------------------------------------------
const waiting = new Map();   // call id → what it waits out: 'unreachable' | 'down' | 'unavailable' | 'starting'
const WORST_FIRST = ['unreachable', 'down', 'unavailable', 'starting'];
let nextCall = 0;
const listeners = [];
export function onConnection(listener) { listeners.push(listener); }
function connectionChanged() {
  const states = new Set(waiting.values());
  const state = WORST_FIRST.find((s) => states.has(s)) || 'ok';
  listeners.forEach((l) => l(state));
}

// Every call of the current sign-in is cancelled on sign-out.
let session = new AbortController();
export function endSession() { session.abort(); session = new AbortController(); waiting.clear(); connectionChanged(); }
export const sessionSignal = () => session.signal;

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); reject(new DOMException('signed out', 'AbortError')); },
    { once: true });
});

/**
 * GET (or another method) with the token; JSON answer, or the Response itself with {raw: true}. Retries for as long
 * as the server is unreachable or starting; 401 → SignInNeeded, 403 → NotAllowed, other errors → Error(message).
 */
export async function api(path, options = {}) {
  const id = nextCall++;
  const signal = session.signal;
  let delay = 1000;
  try {
    for (;;) {
      let response;
      try {
        response = await fetch(path, { method: options.method || 'GET', body: options.body, signal,
          headers: Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {}) });
      } catch (e) {
        if (signal.aborted) throw e;
        waiting.set(id, 'unreachable');
        connectionChanged();
        await sleep(delay, signal);
        delay = Math.min(delay * 2, 5000);
        continue;
      }
      if (response.status === 503) {
        // {"status": "STARTING" | "DOWN" | "UNAVAILABLE", …}: each is waited out, each says something different.
        const body = await response.json().catch(() => ({}));
        waiting.set(id, { DOWN: 'down', UNAVAILABLE: 'unavailable' }[body.status] || 'starting');
        connectionChanged();
        const seconds = Number(response.headers.get('Retry-After') || '2');
        await sleep(Math.max(1, Math.min(seconds, 30)) * 1000, signal);
        continue;
      }
      if (waiting.delete(id)) connectionChanged();
      if (response.status === 401) throw new SignInNeeded('That token was not accepted. Please sign in again.');
      const ok = response.ok || (options.accept || []).includes(response.status);
      if (!ok) {
        const body = await response.json().catch(() => ({}));
        const message = body.error || ('HTTP ' + response.status);
        throw response.status === 403 ? new NotAllowed(message) : new Error(message);
      }
      if (options.raw) return response;
      return response.json();
    }
  } finally {
    if (waiting.delete(id)) connectionChanged();
  }
}

/** Downloads what {@code path} answers as CSV to a file named {@code name} (the token stays in a header). */
export async function downloadCsv(path, name) {
  const response = await api(path, { raw: true, headers: { Accept: 'text/csv' } });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
