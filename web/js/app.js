// SPDX-License-Identifier: Apache-2.0
// app.js - the web interface: starts, logs in, and shows the screens.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { LANGUAGES, negotiate, use, language, t, formatDate, formatNumber,
  errorText } from './i18n.js';
import { casePage } from './case.js';
import { openCaseForm } from './forms.js';
import { personPage } from './person.js';
import { whyText } from './why.js';
import { adminLinks, adminPage, PAGES } from './admin.js';
import { accountPage } from './account.js';
import { providersPage } from './providers.js';
import { searchBox, searchPage } from './search.js';
import { ANSWERERS, inboxSection, referralPage } from './referrals.js';
import { MANAGERS, cooperationPage, dueSection } from './cooperation.js';
import { MERGERS, duplicatesPage } from './duplicates.js';
import { FIGURE_READERS, STATS_READERS, dashboardPage } from
  './dashboard.js';
import { TRAINING_ROLES, exercisePage, groupPage, trainingBanner,
  trainingHome } from './training.js';
import { PROGRAMME_ROLES, coursePage, programmePage, sessionPage } from
  './programme.js';
import { cascadePage } from './cascade.js';
import { awarenessPage, recordsOutreach } from './awareness.js';
import { certificatePage, verifyPage } from './certificate.js';
import { OUTREACH_ROLES, counsellingDueSection, counsellingPage,
  counsellingRecordPage, sheetPage, sheetsPage } from './mrc.js';
import { TRIAGERS, intakeLinks, intakePage, listPage as intakeList,
  reportPage, urgentBanner } from './intake.js';

const root = document.getElementById('app');
// Everything lives here, in memory: nothing goes to the browser's storage.
// hidden: victims' names masked on screen (and not fetched); draft: what
// was being typed when the session ended, restored after logging in;
// search: the text the case list searches for; training: this is a
// training store (GET /about), whose every screen says so.
const state = { session: null, hidden: false, draft: null, search: '',
  training: false };

// A language picker; the choice applies at once, and once logged in it is
// remembered for the user (on the server, not in the browser).
function languagePicker() {
  const id = 'language-picker';
  const select = h('select', {
    id, onchange: async e => {
      const code = e.target.value;
      await use(code);
      // The page turns at once; remembering it may take a moment.
      render();
      if (state.session) {
        try {
          state.session = await api.post('/session/language',
                                         { language: code });
        } catch (err) { /* shown in this language, not remembered */ }
      }
    },
  }, LANGUAGES.map(l => h('option', {
    value: l.code, lang: l.code, selected: l.code === language(),
  }, l.name)));
  return h('div', { class: 'language' },
    h('label', { for: id }, t('common.language')), select);
}

function message(kind, text) {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ?
    'alert' : 'status' }, text);
}

function loginScreen(problem, needCode) {
  const form = h('form', { class: 'card login', novalidate: true });
  const field = (name, type, label, extra) => h('div', { class: 'field' },
    h('label', { for: `login-${name}` }, label),
    h('input', Object.assign({ id: `login-${name}`, name, type,
                               required: true }, extra)));
  replace(form,
    h('h1', {}, t('login.title')),
    problem && message('error', problem),
    field('username', 'text', t('login.username'),
          { autocomplete: 'username', autocapitalize: 'none',
            spellcheck: 'false', dir: 'ltr' }),
    field('password', 'password', t('login.password'),
          { autocomplete: 'current-password', dir: 'ltr' }),
    needCode && field('totp', 'text', t('login.totp'),
          { autocomplete: 'one-time-code', inputmode: 'numeric',
            pattern: '[0-9]{6}', maxlength: '6', dir: 'ltr' }),
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    const body = { username: data.get('username'),
                   password: data.get('password') };
    if (data.get('totp')) body.totp = data.get('totp');
    try {
      const s = await api.post('/session', body);
      await signedIn(s);
    } catch (err) {
      const code = err.field === 'totp';
      loginScreen(loginProblem(err), needCode || code);
      const again = root.querySelector(code && !needCode ?
        '#login-totp' : '#login-password');
      if (again) again.focus();
      if (!code || needCode) {
        const u = root.querySelector('#login-username');
        if (u) u.value = body.username;
      } else {
        root.querySelector('#login-username').value = body.username;
        root.querySelector('#login-password').value = body.password;
      }
    }
  });
  replace(root, state.training && trainingBanner(),
    h('header', { class: 'bar' },
      h('span', { class: 'brand' }, t('app.title')), languagePicker()),
    h('main', { id: 'main' }, form));
  if (!problem) root.querySelector('#login-username').focus();
}

function loginProblem(err) {
  if (err.status === 429) return t('login.limited');
  if (err.field === 'totp') return t('login.need_totp');
  if (err.status === 401) return t('login.wrong');
  return t('common.failed', { reason: errorText(err) });
}

async function signedIn(s) {
  state.session = s;
  state.training = Boolean(s.training);
  api.setCsrf(s.csrf);
  if (s.user.language && s.user.language !== language()) {
    await use(s.user.language);
  }
  render();
}

// What the user was typing on the current screen (never passwords).
function takeDraft() {
  const values = {};
  for (const el of root.querySelectorAll('main textarea[id], main ' +
      'input[id]:not([type=password]):not([type=hidden])')) {
    if (el.value) values[el.id] = el.value;
  }
  return Object.keys(values).length ? { hash: location.hash, values } : null;
}

function restoreDraft() {
  const d = state.draft;
  if (!d || d.hash !== location.hash) return;
  state.draft = null;
  for (const [id, value] of Object.entries(d.values)) {
    const el = document.getElementById(id);
    if (el) el.value = value;
  }
  root.querySelector('main').prepend(message('info', t('draft.restored')));
}

async function logout() {
  try { await api.del('/session'); } catch (e) { /* ended anyway */ }
  state.session = null;
  state.search = '';
  api.setCsrf(null);
  loginScreen(null, false);
}

function topBar() {
  const u = state.session.user;
  return [state.training && trainingBanner(), h('header', { class: 'bar' },
    h('a', { class: 'brand', href: '#/' }, t('app.title')),
    h('a', { class: 'who', href: '#/account', title: t('account.title') },
      t('home.signed_in_as', { user: u.username, agency: u.agency })),
    searchBox(state.session),
    MERGERS.has(u.role) && h('a', { class: 'nav', href: '#/duplicates' },
      t('dup.nav')),
    FIGURE_READERS.has(u.role) && h('a', { class: 'nav',
      href: '#/dashboard' }, t('stats.nav')),
    PROGRAMME_ROLES.has(u.role) && h('a', { class: 'nav',
      href: '#/programme' }, t('programme.nav')),
    OUTREACH_ROLES.has(u.role) && h('a', { class: 'nav',
      href: '#/counselling' }, t('counselling.nav')),
    h('a', { class: 'nav', href: '#/sheets' }, t('sheets.nav')),
    recordsOutreach(u.role, state.training) && h('a', { class: 'nav',
      href: '#/awareness' }, t('awareness.nav')),
    state.training && TRAINING_ROLES.has(u.role) && h('a', { class: 'nav',
      href: '#/training' }, t('training.nav')),
    h('label', { class: 'toggle' },
      h('input', { type: 'checkbox', id: 'hide-identities',
        checked: state.hidden, onchange: e => {
          state.hidden = e.target.checked;
          render();
        } }),
      t('common.hide_identities')),
    languagePicker(),
    h('button', { type: 'button', onclick: logout }, t('common.logout')))];
}

// The roles that open cases, and those that work on them
// (src/core/access.c).
const OPENERS = new Set(['supervisor', 'investigator', 'caseworker']);
const CASE_ROLES = new Set([...OPENERS, 'prosecutor']);

// The steps that need doing across the user's cases, most urgent first.
function workSection(work) {
  const section = h('section', { class: 'card',
                                 'aria-labelledby': 'work-title' },
    h('h2', { id: 'work-title' }, t('work.title')));
  if (!work.items.length) {
    section.append(message('info', t('work.none')));
    return section;
  }
  const person = id => t('work.person', { id: formatNumber(id) });
  section.append(h('table', { class: 'work' },
    h('thead', {}, h('tr', {}, ['work.urgency', 'work.case', 'work.step',
      'work.due', 'work.why'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, work.items.map(w => h('tr', {},
      h('td', {}, h('span', { class: `badge urgency-${w.urgency}` },
        t(`urgency.${w.urgency}`))),
      h('td', {}, ltr(h('a', {
        href: `#/cases/${encodeURIComponent(w.case.ref)}` +
          `?step=${encodeURIComponent(w.step.id)}` }, w.case.ref), 'ref'),
        w.mine && h('span', { class: 'badge mine' }, t('work.mine')),
        h('div', { dir: 'auto' }, w.case.title)),
      h('td', {}, w.step.title),
      h('td', {}, w.step.due_at ? formatDate(w.step.due_at, true) : '—'),
      h('td', {}, w.step.why ? whyText(w.step.why, { person }) : '—'))))));
  if (work.more) {
    section.append(h('p', { class: 'hint' }, t('work.more', {
      cases: formatNumber(work.cases) })));
  }
  return section;
}

function casesSection(id, title, list, empty, more) {
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title),
    list.items.length ? casesTable(list.items) : message('info', empty),
    more && h('p', {}, h('a', { href: more }, t('list.all'))));
}

async function homeScreen() {
  const u = state.session.user;
  const main = h('main', { id: 'main', tabindex: '-1' },
    h('h1', {}, t('home.title')),
    h('p', { class: 'role' }, t(`role.${u.role}`)));
  replace(root, topBar(), main);
  const directory = h('p', { class: 'directory-link' },
    h('a', { href: '#/providers' }, t('provider.title')));
  if (u.role === 'admin') {
    main.append(adminLinks(), directory);
    return;
  }
  if (state.training && TRAINING_ROLES.has(u.role)) {
    trainingHome(main, state.session);
    return;
  }
  // A trainer's work in a real store is the training programme.
  if (PROGRAMME_ROLES.has(u.role)) {
    programmePage(main);
    return;
  }
  if (!CASE_ROLES.has(u.role)) {
    // An analyst's work is the figures: their home is the dashboard.
    if (STATS_READERS.has(u.role)) {
      dashboardPage(main, '', state.session);
      return;
    }
    main.append(message('info', t('home.no_cases_role')));
    return;
  }
  main.append(directory, intakeLinks(state.session));
  if (OPENERS.has(u.role)) {
    const slot = h('div', {});
    main.append(h('p', {}, h('button', { type: 'button', class: 'primary',
      onclick: () => {
        replace(slot, openCaseForm(ref => {
          location.hash = `#/cases/${encodeURIComponent(ref)}`;
        }));
        slot.querySelector('input').focus();
      } }, t('home.open_case'))), slot);
  }
  let work, mine, shared, open, inbox, cooperation, urgent, followUps;
  try {
    [work, mine, shared, open, inbox, cooperation, urgent, followUps] =
      await Promise.all([
      api.get(`/work?lang=${language()}`),
      api.get('/cases?status=open&mine=true&limit=20'),
      api.get('/cases?status=open&shared=true&limit=10'),
      api.get('/cases?status=open&limit=20'),
      ANSWERERS.has(u.role) ? inboxSection() : null,
      MANAGERS.has(u.role) ? dueSection() : null,
      urgentBanner(state.session),
      OUTREACH_ROLES.has(u.role) ? counsellingDueSection() : null]);
  } catch (err) {
    main.append(message('error', t('common.failed',
      { reason: errorText(err) })));
    return;
  }
  // Urgent reports come first: a person may be in immediate danger.
  if (urgent) main.querySelector('h1').after(urgent);
  main.append(...[inbox, followUps, workSection(work), cooperation,
    casesSection('mine-title', t('home.mine'), mine, t('home.no_mine')),
    shared.items.length && casesSection('shared-title', t('home.shared'),
      shared, ''),
    casesSection('cases-title', t('home.cases'), open, t('home.no_cases'),
      '#/cases')].filter(Boolean));
}

// A table of cases; another agency's shows whose it is.
function casesTable(items) {
  const own = state.session.user.agency;
  return h('table', { class: 'cases' },
    h('thead', {}, h('tr', {},
      ['cases.ref', 'cases.title', 'cases.kind', 'case.status',
       'cases.opened'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map(c => h('tr', {},
      h('td', { class: 'ref' }, ltr(
        h('a', { href: `#/cases/${encodeURIComponent(c.ref)}` }, c.ref)),
        c.agency !== own && h('span', { class: 'badge shared' },
          t('list.shared_by', { agency: c.agency }))),
      h('td', { dir: 'auto' }, c.title),
      h('td', {}, t(`kind.${c.kind}`)),
      h('td', {}, t(`status.${c.status}`)),
      h('td', {}, formatDate(c.opened_at))))));
}

const PAGE = 25;

// The case list, filtered by the #/cases?status=&kind=&agency=&offset=
// of the address (filters are not sensitive; names never go there).
async function listScreen(query) {
  const q = new URLSearchParams(query);
  const main = h('main', { id: 'main', tabindex: '-1' },
    h('h1', {}, t('list.title')));
  replace(root, topBar(), main);
  const choose = (name, values, label) => h('div', { class: 'field' },
    h('label', { for: `filter-${name}` }, label),
    h('select', { id: `filter-${name}`, name }, values.map(([v, text]) =>
      h('option', { value: v, selected: (q.get(name) || '') === v },
        text))));
  let agencies = [];
  try {
    agencies = (await api.get('/agencies')).items;
  } catch (err) { /* the filter lists only your own then */ }
  const form = h('form', { class: 'filters row' },
    choose('status', [['', t('list.any')], ['open', t('status.open')],
                      ['closed', t('status.closed')]], t('case.status')),
    choose('kind', [['', t('list.any')]].concat(
      ['tip', 'som', 'tip+som', 'unclassified'].map(k =>
        [k, t(`kind.${k}`)])), t('cases.kind')),
    choose('agency', [['', t('list.any_agency')]].concat(agencies.map(a =>
      [a.code, a.code])), t('list.agency')),
    choose('show', [['', t('list.show_all')], ['mine', t('list.show_mine')],
                    ['shared', t('list.show_shared')]], t('list.show')),
    h('div', { class: 'field' },
      h('label', { for: 'filter-q' }, t('list.search')),
      h('input', { id: 'filter-q', name: 'q', type: 'search',
                   value: state.search, dir: 'auto',
                   placeholder: t('list.search_hint') })),
    h('div', { class: 'field' }, h('span', {}, '\u00a0'),
      h('button', { type: 'submit', class: 'primary' }, t('list.apply'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const next = new URLSearchParams();
    // What is searched for stays in memory, out of the address (and so
    // out of the browser's history): someone may type a name there.
    state.search = '';
    for (const [k, v] of new FormData(form).entries()) {
      if (k === 'q') state.search = v.trim();
      else if (v) next.set(k, v);
    }
    if (location.hash === `#/cases?${next}`) render();
    else location.hash = `#/cases?${next}`;
  });
  main.append(form);
  const offset = Math.max(0, parseInt(q.get('offset') || '0', 10) || 0);
  const params = new URLSearchParams({ limit: PAGE, offset });
  for (const k of ['status', 'kind', 'agency']) {
    if (q.get(k)) params.set(k, q.get(k));
  }
  if (q.get('show') === 'mine') params.set('mine', 'true');
  if (q.get('show') === 'shared') params.set('shared', 'true');
  if (state.search) params.set('q', state.search);
  let list;
  try {
    list = await api.get(`/cases?${params}`);
  } catch (err) {
    main.append(message('error', err.status === 403 ? t('home.no_cases_role')
      : t('common.failed', { reason: errorText(err) })));
    return;
  }
  main.append(list.items.length ? casesTable(list.items) :
    message('info', t('list.none')));
  const page = at => {
    const next = new URLSearchParams(q);
    next.set('offset', at);
    return `#/cases?${next}`;
  };
  main.append(h('nav', { class: 'pages', 'aria-label': t('list.pages') },
    offset > 0 && h('a', { href: page(Math.max(0, offset - PAGE)),
                           rel: 'prev' }, t('list.previous')),
    list.items.length === PAGE && h('a', { href: page(offset + PAGE),
                                           rel: 'next' }, t('list.next'))));
}

// The screens anyone opens, logged in or not: checking a certificate.
const PUBLIC = /^#\/verify(?:\/([^/?]*))?$/;

// #/verify/CODE, with the top bar when logged in, else with the bar of
// the login page (whose title leads to logging in).
function verifyScreen(code) {
  const main = h('main', { id: 'main', tabindex: '-1',
                           class: 'verify-page' });
  if (state.session) {
    replace(root, topBar(), main);
  } else {
    replace(root, state.training && trainingBanner(),
      h('header', { class: 'bar' },
        h('a', { class: 'brand', href: '#/' }, t('app.title')),
        languagePicker()), main);
  }
  verifyPage(main, code);
}

// The screen of the address's #fragment: #/ home, #/cases/REF a case.
// Case references are not names: nothing sensitive is in the address.
function render() {
  const verify = location.hash.match(PUBLIC);
  if (verify) {
    verifyScreen(decodeURIComponent(verify[1] || ''));
    return;
  }
  if (!state.session) {
    loginScreen(null, false);
    return;
  }
  const list = location.hash.match(/^#\/cases(?:\?(.*))?$/);
  if (list) {
    listScreen(list[1] || '');
    return;
  }
  if (location.hash === '#/search') {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    searchPage(main);
    return;
  }
  const dashboard = location.hash.match(/^#\/dashboard(?:\?(.*))?$/);
  if (dashboard) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    dashboardPage(main, dashboard[1] || '', state.session);
    return;
  }
  const programme = location.hash.match(new RegExp('^#/programme(?:/' +
    '(courses|sessions|certificates)/([^/?]+)(/cascade)?)?$'));
  if (programme) {
    const [, what, key, cascade] = programme;
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    if (!what) programmePage(main);
    else if (what === 'courses' && !cascade) {
      coursePage(main, decodeURIComponent(key));
    } else if (what === 'certificates' && !cascade) {
      certificatePage(main, decodeURIComponent(key), state.training);
    } else if (what === 'sessions' && /^\d+$/.test(key)) {
      if (cascade) cascadePage(main, key, state.session);
      else sessionPage(main, key, state.session);
    } else homeScreen();
    return;
  }
  if (location.hash === '#/awareness') {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    awarenessPage(main, state.session);
    return;
  }
  const training = location.hash.match(
    /^#\/training(?:\/(exercises|groups)\/(\d+))?$/);
  if (training) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    if (!training[1]) trainingHome(main, state.session);
    else if (training[1] === 'exercises') {
      exercisePage(main, training[2], state.session);
    } else groupPage(main, training[2]);
    return;
  }
  const sheets = location.hash.match(
    /^#\/sheets(?:\/([a-z0-9-]+))?(?:\?(.*))?$/);
  if (sheets) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    if (sheets[1]) sheetPage(main, sheets[1], sheets[2] || '');
    else sheetsPage(main, sheets[2] || '');
    return;
  }
  const counselling = location.hash.match(/^#\/counselling(?:\/(\d+))?$/);
  if (counselling) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    if (counselling[1]) counsellingRecordPage(main, counselling[1]);
    else counsellingPage(main);
    return;
  }
  if (location.hash === '#/duplicates') {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    duplicatesPage(main, state.session, state.hidden);
    return;
  }
  const providers = location.hash.match(/^#\/providers(?:\?(.*))?$/);
  if (providers) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    providersPage(main, providers[1] || '', state.session, render);
    return;
  }
  // #/intake/new, #/intake/sent, #/intake, #/intake/RPT-...: reports.
  const intake = location.hash.match(/^#\/intake(?:\/([^/?]+))?$/);
  if (intake) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    const which = intake[1] && decodeURIComponent(intake[1]);
    if (which === 'new') reportPage(main, state.session);
    else if (which === 'sent') intakeList(main, true);
    else if (which) intakePage(main, which);
    else if (TRIAGERS.has(state.session.user.role)) intakeList(main, false);
    else homeScreen();
    return;
  }
  const referral = location.hash.match(/^#\/referrals\/(\d+)$/);
  if (referral) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    referralPage(main, referral[1], state.hidden);
    return;
  }
  const cooperation = location.hash.match(/^#\/cooperation\/(\d+)$/);
  if (cooperation) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    cooperationPage(main, cooperation[1], state.session);
    return;
  }
  if (location.hash === '#/account') {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    accountPage(main, state.session, s => {
      state.session = s;
      api.setCsrf(s.csrf);
    });
    return;
  }
  const admin = location.hash.match(/^#\/admin\/([a-z]+)(?:\?(.*))?$/);
  if (admin && PAGES.includes(admin[1])) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    adminPage(main, admin[1], admin[2] || '', render);
    return;
  }
  const person = location.hash.match(/^#\/persons\/(\d+)(?:\?case=(.*))?$/);
  if (person) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    // Hidden names stay hidden: the page is not opened.
    if (state.hidden) {
      location.hash = person[2] ? `#/cases/${person[2]}` : '#/';
      return;
    }
    personPage(main, person[1], person[2] && decodeURIComponent(person[2]),
               state.session);
    return;
  }
  // #/cases/REF?step=ID: the case, at that step (from the home page).
  const m = location.hash.match(
    /^#\/cases\/([^/?]+)(?:\?step=([a-z0-9_]+))?$/);
  if (m) {
    const main = h('main', { id: 'main', tabindex: '-1' });
    replace(root, topBar(), main);
    casePage(main, decodeURIComponent(m[1]), state.session, state.hidden,
             () => {
               restoreDraft();
               const step = m[2] && document.getElementById(`step-${m[2]}`);
               if (step) {
                 step.tabIndex = -1;
                 step.classList.add('wanted');
                 step.scrollIntoView({ block: 'center' });
                 step.focus();
               }
             });
    return;
  }
  homeScreen();
}

async function start() {
  await use(negotiate(navigator.languages || [navigator.language]));
  api.whenExpired(() => {
    state.draft = takeDraft();
    state.session = null;
    loginScreen(t('login.expired'), false);
  });
  // Logged out, the address changes only the public screens (and
  // leaving one shows the login).
  window.addEventListener('hashchange', () => {
    if (state.session || PUBLIC.test(location.hash) ||
        root.querySelector('main.verify-page')) render();
  });
  try {
    state.training = (await api.get('/about')).training;
  } catch (err) { /* the banner shows once logged in */ }
  let s = null;
  try {
    s = await api.get('/session');
  } catch (err) {
    render();
    return;
  }
  await signedIn(s);
}

start().catch(err => replace(root, message('error', String(err))));
