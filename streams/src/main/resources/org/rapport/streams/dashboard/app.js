// Rapport's dashboard: sign in with a token, open the view of its role (program director, researcher, clinic), keep
// the view fresh, and ride out restarts of the server without a reload. Plain JavaScript modules served by the app.
'use strict';

import { NotAllowed, SignInNeeded, api, endSession, forgetToken, onConnection, setToken, takeTokenFromLink, token }
  from './api.js';
import { $, el, message } from './dom.js';
import * as director from './director.js';
import * as overview from './overview.js';
import * as clients from './clients.js';
import * as research from './research.js';
import * as clinic from './clinic.js';
import * as training from './training.js';

const REFRESH_MS = 30000;
const VIEW_TEXT = { director: 'Programs', research: 'Research', clinic: 'Clinic' };
const ROLE_TEXT = { director: 'program director', researcher: 'researcher', clinic: 'clinic', admin: 'administrator' };

const state = { me: null, programs: [], view: null, refreshTimer: null, generation: 0 };
window.rapportConnectionLog = [];

// --- Routes: #programs, #program/<id>, #program/<id>/clients?risk=…, #research, #clinic[/<id>] ---------------------
function parseRoute() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const q = new URLSearchParams(query || '');
  if (parts[0] === 'program' && parts[1] && parts[2] === 'clients') return { name: 'clients', view: 'director', program: parts[1], query: q };
  if (parts[0] === 'program' && parts[1]) return { name: 'program', view: 'director', program: parts[1] };
  if (parts[0] === 'programs') return { name: 'overview', view: 'director' };
  if (parts[0] === 'training') return { name: 'training', view: 'director', nav: 'training', program: parts[1] };
  if (parts[0] === 'research') return { name: 'research', view: 'research' };
  if (parts[0] === 'clinic') return { name: 'clinic', view: 'clinic', clinic: parts[1] };
  return { name: 'home' };
}

function homeHash(me) {
  const first = me.views[0];
  if (first === 'director') {
    return state.programs.length === 1 ? '#program/' + encodeURIComponent(state.programs[0].program_id) : '#programs';
  }
  return '#' + first;
}

const MODULES = { program: director, overview, clients, research, clinic, training };

// --- Showing a view -------------------------------------------------------------------------------------------------
function setStatus(text) { $('status').textContent = text; }

const ctx = {
  get me() { return state.me; },
  programIds() { return state.programs.map((p) => p.program_id); },
  programName(id) {
    const p = state.programs.find((x) => x.program_id === id);
    return p && p.name ? p.name + ' (' + id + ')' : id;
  },
  reload() { refresh(); },
  problem(e) { handleError(e); },
};

function closeView() {
  clearInterval(state.refreshTimer);
  if (state.view) state.view.close();
  state.view = null;
}

async function show() {
  closeView();
  const generation = ++state.generation;
  const route = parseRoute();
  document.body.dataset.readyView = '';
  if (route.name === 'home') { location.replace(homeHash(state.me)); return; }
  document.body.dataset.view = route.name;
  markNav(route.nav || route.view);
  const picker = $('program');
  if (picker) picker.value = route.view === 'director' && route.program ? route.program : '';
  const root = $('view');
  if (!state.me.views.includes(route.view)) { denied(root, route.view); return; }
  if (route.program && !canReadProgram(route.program)) {
    message(root, 'Not one of your programs', 'Program ' + route.program + ' is not among the programs this token may read.',
      [{ href: homeHash(state.me), text: 'Back to your programs' }]);
    document.body.dataset.view = 'denied';
    return;
  }
  state.view = MODULES[route.name].mount(root, route, ctx);
  await refresh(generation);
  state.refreshTimer = setInterval(() => refresh(), REFRESH_MS);
}

function canReadProgram(id) {
  return state.me.all_programs || state.me.programs.includes(id);
}

async function refresh(generation = state.generation) {
  const view = state.view;
  if (!view) return;
  try {
    await view.refresh();
    if (generation !== state.generation || view !== state.view) return;
    setStatus('Updated ' + new Date().toLocaleTimeString());
    document.body.dataset.ready = String(Number(document.body.dataset.ready || '0') + 1);
    document.body.dataset.readyView = document.body.dataset.view;
  } catch (e) {
    handleError(e);
  }
}

/** A view the role may not open: say whose it is and offer the ones it may. */
function denied(root, view) {
  document.body.dataset.view = 'denied';
  const role = ROLE_TEXT[state.me.role] || state.me.role;
  message(root, 'This page is not for your role',
    'The ' + (VIEW_TEXT[view] || view).toLowerCase() + ' view needs a ' + { director: 'program director\'s',
      research: 'researcher\'s or director\'s', clinic: 'clinic\'s' }[view] + ' token. You are signed in as '
      + state.me.name + ' (' + role + '). Sign out to use another token, or open one of your views:',
    state.me.views.map((v) => ({ href: v === 'director' ? homeHash({ views: ['director'] }) : '#' + v, text: VIEW_TEXT[v] })));
}

function markNav(active) {
  $('views').querySelectorAll('a').forEach((a) => a.classList.toggle('active', a.dataset.view === active));
}

function buildNav() {
  const nav = $('views');
  nav.replaceChildren(...state.me.views.map((v) => el('a', { href: v === 'director' ? homeHash({ views: ['director'] }) : '#' + v,
    'data-view': v }, VIEW_TEXT[v])));
  if (state.me.views.includes('director')) {
    // The Training view (SPEC §5.8) belongs to directors: it follows their Programs link.
    nav.querySelector('a[data-view=director]').after(el('a', { href: '#training', 'data-view': 'training' }, 'Training'));
  }
  if (state.me.views.includes('director') && state.programs.length > 1) {
    const select = el('select', { id: 'program', 'aria-label': 'Program' }, el('option', { value: '' }, 'All programs'),
      ...state.programs.map((p) => el('option', { value: p.program_id }, ctx.programName(p.program_id))));
    select.addEventListener('change', () => { location.hash = select.value ? '#program/' + encodeURIComponent(select.value) : '#programs'; });
    nav.append(select);
  }
  nav.hidden = false;
}

// --- Errors, sign-in and sign-out -----------------------------------------------------------------------------------
function handleError(e) {
  if (e && e.name === 'AbortError') return;
  if (e instanceof SignInNeeded) { signOut(e.message); return; }
  if (e instanceof NotAllowed) { setStatus('Not allowed: ' + e.message); return; }
  setStatus('Problem: ' + (e && e.message ? e.message : e));
}

function signOut(why) {
  closeView();
  endSession();
  forgetToken();
  state.me = null;
  document.body.dataset.view = 'sign-in';
  $('view').replaceChildren();
  $('views').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  setStatus('');
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = why || '';
  $('token-input').focus();
}

async function signIn() {
  if (!token()) { signOut(); return; }
  $('sign-in').hidden = true;
  document.body.dataset.view = 'signing-in';
  setStatus('Signing in…');
  try {
    state.me = await api('/v1/me');
    state.programs = state.me.views.includes('director') ? await api('/v1/programs') : [];
  } catch (e) {
    handleError(e);
    return;
  }
  $('who').textContent = state.me.name + ' · ' + (ROLE_TEXT[state.me.role] || state.me.role);
  $('sign-out').hidden = false;
  buildNav();
  if (state.me.views.includes('director') && state.programs.length === 0) {
    message($('view'), 'No program data yet', 'Your programs have sent no events yet, or they are still on their way. '
      + 'This page will look again in a few seconds.');
    setTimeout(signIn, 5000);
    return;
  }
  await show();
}

// --- The connection banner: a restart is something to wait for, not an error -------------------------------------------
onConnection((s) => {
  const banner = $('connection');
  const was = banner.dataset.state;
  banner.dataset.state = s;
  window.rapportConnectionLog.push(s);
  banner.hidden = s === 'ok';
  banner.textContent = {
    unreachable: 'Rapport cannot be reached right now. Trying again…',
    starting: 'Rapport is starting up. This page will fill in by itself in a moment…',
    unavailable: 'Part of Rapport is not answering. Trying again…',
    down: 'Rapport\'s processing has stopped on this server and needs an operator to restart it. Trying again…',
  }[s] || '';
  if (s === 'ok' && was !== 'ok' && state.view) setTimeout(() => refresh(), 0);
});

window.addEventListener('hashchange', () => { if (state.me) show(); });
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setToken($('token-input').value.trim());
  $('token-input').value = '';
  signIn();
});
$('sign-out').addEventListener('click', () => signOut('Signed out.'));

takeTokenFromLink();
signIn();
