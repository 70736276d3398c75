// SPDX-License-Identifier: Apache-2.0
// cooperation.js - requests for international cooperation: the case
// page's section (the requests, a form to make one, their moves and
// follow-ups), a request's own page with its history, and the requests
// to follow up on the home page.
import { h, facts, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, formatDate, formatNumber, errorText } from './i18n.js';
import { control, pageData, submitting } from './forms.js';

// Who makes and moves requests (src/core/access.c: cooperation.manage).
export const MANAGERS = new Set(['supervisor', 'investigator',
                                 'prosecutor']);
const KINDS = ['mla', 'extradition', 'information_exchange',
               'joint_investigation'];
const CHANNELS = ['email', 'diplomatic_note', 'letter', 'phone', 'meeting',
                  'liaison_officer', 'other'];
// The moves of src/core/cooperation.h: from, to.
const MOVES = [
  ['draft', 'sent'], ['draft', 'withdrawn'],
  ['sent', 'acknowledged'], ['sent', 'answered'],
  ['sent', 'partially_answered'], ['sent', 'refused'],
  ['sent', 'withdrawn'],
  ['acknowledged', 'answered'], ['acknowledged', 'partially_answered'],
  ['acknowledged', 'refused'], ['acknowledged', 'withdrawn'],
  ['partially_answered', 'answered'], ['partially_answered', 'closed'],
  ['partially_answered', 'withdrawn'],
  ['answered', 'closed'], ['refused', 'closed'],
];
const NEEDS_REASON = new Set(['refused', 'withdrawn', 'partially_answered']);
const WAITING = new Set(['sent', 'acknowledged', 'partially_answered']);

function status(s) {
  return h('span', { class: `badge cooperation-${s}` },
    t(`cooperation_status.${s}`));
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

// Whether the user may change r: their agency's, and their role.
function mayManage(r, session) {
  return r.agency === session.user.agency &&
    MANAGERS.has(session.user.role);
}

function input(id, name, label, attrs) {
  return control(id, label, h('input', Object.assign({ id, name,
    type: 'text', dir: 'auto' }, attrs)));
}

function area(id, name, label, attrs) {
  return control(id, label, h('textarea', Object.assign({ id, name,
    rows: 2, dir: 'auto' }, attrs)));
}

function date(id, name, label, attrs) {
  return input(id, name, label, Object.assign({ type: 'date', dir: 'ltr' },
    attrs));
}

function choice(id, name, label, values, prefix, attrs) {
  return control(id, label, h('select', Object.assign({ id, name }, attrs),
    values.map(v => h('option', { value: v }, v ? t(`${prefix}.${v}`) :
      t('cooperation.channel_none')))));
}

// What the form gave, without the empty fields: null for the server.
function given(data, names) {
  const out = {};
  for (const n of names) {
    const v = (data.get(n) || '').trim();
    if (v) out[n] = v;
  }
  return out;
}

// The form that makes a request on case ref; done(r) once it is stored.
function makeForm(ref, done) {
  const form = h('form', { class: 'cooperation-form',
                           'aria-labelledby': 'cf-title' },
    h('h3', { id: 'cf-title' }, t('cooperation.make')),
    h('div', { class: 'row' },
      choice('cf-kind', 'kind', t('cooperation.kind'), KINDS,
        'cooperation_kind'),
      choice('cf-direction', 'direction', t('cooperation.direction'),
        ['outgoing', 'incoming'], 'cooperation_direction'),
      input('cf-country', 'country', t('cooperation.country'), {
        required: true, dir: 'ltr', maxlength: 2, placeholder: 'TR',
        autocapitalize: 'characters' })),
    input('cf-authority', 'authority', t('cooperation.authority'),
      { required: true }),
    input('cf-legal-basis', 'legal_basis', t('cooperation.legal_basis'),
      { required: true, placeholder: 'UNTOC art. 18' }),
    area('cf-subject', 'subject', t('cooperation.subject'),
      { required: true, rows: 3 }),
    h('div', { class: 'row' },
      input('cf-our-ref', 'our_ref', t('cooperation.our_ref')),
      input('cf-their-ref', 'their_ref', t('cooperation.their_ref'))),
    h('div', { class: 'row' },
      date('cf-sent-on', 'sent_on', t('cooperation.sent_on'),
        { max: today() }),
      date('cf-due-on', 'due_on', t('cooperation.due_on')),
      date('cf-next', 'next_follow_up', t('cooperation.next_follow_up'))),
    h('p', { class: 'hint' }, t('cooperation.sent_hint')),
    h('button', { type: 'submit', class: 'primary' },
      t('cooperation.save')));
  submitting(form, async data => {
    done(await api.post(`/cases/${encodeURIComponent(ref)}/cooperation`,
      given(data, ['kind', 'direction', 'country', 'authority',
        'legal_basis', 'subject', 'our_ref', 'their_ref', 'sent_on',
        'due_on', 'next_follow_up'])));
  });
  return form;
}

// The form that moves r to "to"; again() after it is done.
function moveForm(r, to, again) {
  const id = `cm-${r.id}-${to}`;
  const form = h('form', { class: 'move', 'data-to': to },
    h('div', { class: 'row' },
      date(`${id}-on`, 'on', t('cooperation.on'),
        { value: today(), max: today() }),
      choice(`${id}-channel`, 'channel', t('cooperation.channel'),
        [''].concat(CHANNELS), 'channel'),
      (to === 'sent' || to === 'acknowledged') && date(`${id}-due`,
        'due_on', t('cooperation.due_on'), { value: r.due_on || '' })),
    NEEDS_REASON.has(to) && area(`${id}-reason`, 'reason',
      t('cooperation.reason'), { required: true }),
    h('button', { type: 'submit', class: NEEDS_REASON.has(to) ? '' :
      'primary' }, t(`cooperation.to.${to}`)));
  submitting(form, async data => {
    await api.post(`/cooperation/${r.id}/status`, Object.assign(
      { status: to, version: r.version },
      given(data, ['on', 'channel', 'due_on', 'reason'])));
    again();
  });
  return form;
}

// The form that records a follow-up of r; again() after it is done.
function followUpForm(r, again) {
  const id = `cu-${r.id}`;
  const form = h('form', { class: 'move follow-up' },
    h('h3', {}, t('cooperation.follow_up')),
    h('div', { class: 'row' },
      date(`${id}-on`, 'on', t('cooperation.on'),
        { value: today(), max: today() }),
      choice(`${id}-channel`, 'channel', t('cooperation.channel'),
        CHANNELS, 'channel', { required: true }),
      date(`${id}-next`, 'next_follow_up',
        t('cooperation.next_follow_up'))),
    area(`${id}-note`, 'note', t('cooperation.note')),
    h('button', { type: 'submit', class: 'primary' },
      t('cooperation.follow_up')));
  submitting(form, async data => {
    await api.post(`/cooperation/${r.id}/follow-ups`, Object.assign(
      { version: r.version },
      given(data, ['on', 'channel', 'note', 'next_follow_up'])));
    again();
  });
  return form;
}

// Whether anything can be done to r now.
function open(r) {
  return MOVES.some(([from]) => from === r.status);
}

// The moves and the follow-up the user may make on r.
function actions(r, again) {
  return [
    MOVES.filter(([from]) => from === r.status)
      .map(([, to]) => moveForm(r, to, again)),
    WAITING.has(r.status) && followUpForm(r, again)];
}

function when(d) {
  return d ? formatDate(d) : '—';
}

function requestsTable(items, work, session, again) {
  return h('table', { class: 'cooperation' },
    h('thead', {}, h('tr', {}, ['cooperation.number', 'cooperation.kind',
      'cooperation.country', 'cooperation.authority', 'cooperation.status',
      'cooperation.due_on', 'cooperation.next_follow_up', '']
      .map(k => h('th', { scope: 'col' }, k && t(k))))),
    h('tbody', {}, items.map(r => h('tr', { 'data-id': r.id },
      h('td', {}, ltr(h('a', { href: `#/cooperation/${r.id}` },
        `#${r.id}`)), !session && [' ', ltr(r.case, 'ref')]),
      h('td', {}, t(`cooperation_kind.${r.kind}`)),
      h('td', {}, ltr(r.country)),
      h('td', { dir: 'auto' }, r.authority),
      h('td', {}, status(r.status), r.due && h('span', {
        class: 'badge follow-up-due' }, t('cooperation.to_follow_up'))),
      h('td', {}, when(r.due_on)),
      h('td', {}, when(r.next_follow_up)),
      h('td', {}, session && mayManage(r, session) && open(r) &&
        h('button', {
          type: 'button', class: 'small', onclick: () => {
            replace(work, h('h3', {}, t('cooperation.heading',
              { id: formatNumber(r.id) })), actions(r, again));
            work.scrollIntoView();
          } }, t('cooperation.actions')))))));
}

// The cooperation section of the case page.
export function caseCooperation(view, session) {
  const ref = view.case.ref;
  const section = h('section', { class: 'card',
                                 'aria-labelledby': 'cooperation-title' },
    h('h2', { id: 'cooperation-title' }, t('cooperation.title')));
  const list = h('div', {});
  const work = h('div', { class: 'cooperation-work' });
  const load = async () => {
    try {
      const r = await api.get(`/cases/${encodeURIComponent(ref)}` +
        '/cooperation?limit=500');
      replace(list, r.items.length ? requestsTable(r.items, work, session,
        () => { replace(work); load(); }) :
        h('p', {}, t('cooperation.none')));
    } catch (err) {
      replace(list, h('p', { class: 'message error', role: 'alert' },
        errorText(err)));
    }
  };
  section.append(list);
  if (view.case.status === 'open' && view.case.agency ===
      session.user.agency && MANAGERS.has(session.user.role)) {
    section.append(h('p', {}, h('button', { type: 'button', onclick: () => {
      replace(work, makeForm(ref, r => {
        replace(work, h('p', { class: 'message info', role: 'status' },
          t('cooperation.made', { id: r.id })));
        load();
      }));
      work.querySelector('select').focus();
    } }, t('cooperation.make'))));
  }
  section.append(work);
  load();
  return section;
}

// The requests of the user's agency due for follow-up, for the home page.
export async function dueSection() {
  const r = await api.get('/cooperation?due=true&limit=50');
  return h('section', { class: 'card', 'aria-labelledby': 'coop-due-title' },
    h('h2', { id: 'coop-due-title' }, t('cooperation.due_title')),
    r.items.length ? requestsTable(r.items) :
      h('p', { class: 'message info', role: 'status' },
        t('cooperation.due_none')));
}

// Shows request id in main, with its history and what the user may do.
export async function cooperationPage(main, id, session) {
  const again = () => cooperationPage(main, id, session);
  const r = await pageData(main, `/cooperation/${encodeURIComponent(id)}`,
    t('cooperation.title'), t('cooperation.not_found'));
  if (!r) return;
  const text = s => s ? h('span', { dir: 'auto' }, s) : '—';
  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, t('home.title')),
      ' · ', ltr(h('a', { href: `#/cases/${encodeURIComponent(r.case)}` },
        r.case))),
    h('h1', {}, t('cooperation.heading', { id: formatNumber(r.id) }), ' ',
      status(r.status), r.due && [' ', h('span', {
        class: 'badge follow-up-due' }, t('cooperation.to_follow_up'))]),
    h('section', { class: 'card' }, facts([
      [t('cooperation.kind'), t(`cooperation_kind.${r.kind}`)],
      [t('cooperation.direction'),
        t(`cooperation_direction.${r.direction}`)],
      [t('cooperation.country'), ltr(r.country)],
      [t('cooperation.authority'), text(r.authority)],
      [t('cooperation.legal_basis'), text(r.legal_basis)],
      [t('cooperation.subject'), text(r.subject)],
      [t('cooperation.our_ref'), r.our_ref ? ltr(r.our_ref) : '—'],
      [t('cooperation.their_ref'), r.their_ref ? ltr(r.their_ref) : '—'],
      [t('cooperation.sent_on'), when(r.sent_on)],
      [t('cooperation.due_on'), when(r.due_on)],
      [t('cooperation.answered_on'), when(r.answered_on)],
      [t('cooperation.next_follow_up'), when(r.next_follow_up)],
    ])),
    mayManage(r, session) && open(r) && h('section', {
      class: 'card actions-card', 'aria-labelledby': 'coop-actions-title' },
    h('h2', { id: 'coop-actions-title' }, t('cooperation.actions')),
    actions(r, again)),
    h('section', { class: 'card', 'aria-labelledby': 'coop-history-title' },
      h('h2', { id: 'coop-history-title' }, t('cooperation.history')),
      h('table', { class: 'history' },
        h('thead', {}, h('tr', {}, ['cooperation.on', 'cooperation.event',
          'cooperation.status', 'cooperation.channel', 'cooperation.note',
          'cooperation.by'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, r.history.map(e => h('tr', {},
          h('td', {}, formatDate(e.on)),
          h('td', {}, t(`cooperation_event.${e.kind}`)),
          h('td', {}, status(e.status)),
          h('td', {}, e.channel ? t(`channel.${e.channel}`) : '—'),
          h('td', { dir: 'auto' }, e.note || '—',
            e.next_follow_up && h('div', { class: 'hint' },
              `${t('cooperation.next_follow_up')}: ` +
              formatDate(e.next_follow_up))),
          h('td', {}, ltr(`${e.by} (${e.agency})`))))))));
}
