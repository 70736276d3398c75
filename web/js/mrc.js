// SPDX-License-Identifier: Apache-2.0
// mrc.js - what Migrant Resource Centres use: the information library
// (safe-migration sheets, read on screen or printed in the language of
// the person across the desk, whatever the interface's language) and the
// counselling log (src/core/counselling.c), which identifies no one
// unless the person consents and a case is open for them.
import { h, ltr, replace, facts } from './dom.js';
import * as api from './api.js';
import { t, language, formatDate, formatNumber, errorText } from
  './i18n.js';
import { control, pageData, submitting } from './forms.js';

// Who keeps the counselling log (outreach.record in src/core/access.c).
export const OUTREACH_ROLES = new Set(['caseworker', 'supervisor']);

// The languages sheets may be written in (src/core/sheets.c), each by
// its own name, and the direction it is written in.
const SHEET_LANGUAGES = [
  ['en', 'English', 'ltr'], ['ar', 'العربية', 'rtl'],
  ['ckb', 'کوردی', 'rtl'], ['prs', 'دری', 'rtl'], ['ps', 'پښتو', 'rtl'],
  ['ur', 'اردو', 'rtl'], ['tg', 'Тоҷикӣ', 'ltr'], ['ru', 'Русский', 'ltr'],
];
const TOPICS = ['legal_pathways', 'irregular_risks', 'recruitment_fraud',
  'rights_abroad', 'return_reintegration'];
const RISKS = ['irregular_route_planned', 'smuggler_contact',
  'recruitment_fee', 'no_written_contract', 'unverified_job_offer',
  'passport_kept_by_recruiter', 'debt', 'child_travelling_alone',
  'previous_exploitation', 'pressure_or_threats'];
const SITUATIONS = ['prospective_migrant', 'returnee', 'family_of_migrant',
  'other'];
const SEXES = ['unknown', 'female', 'male', 'other'];
const AGES = ['unknown', 'adult', 'child'];

function failed(err) {
  return h('p', { class: 'message error', role: 'alert' },
    t('common.failed', { reason: errorText(err) }));
}

function note(text) {
  return h('p', { class: 'message info', role: 'status' }, text);
}

function direction(code) {
  const l = SHEET_LANGUAGES.find(x => x[0] === code);
  return l ? l[2] : 'ltr';
}

function languageSelect(id, chosen) {
  return control(id, t('sheets.language'), h('select', { id, name: 'lang' },
    SHEET_LANGUAGES.map(([code, name]) => h('option', { value: code,
      lang: code, selected: code === chosen }, name))));
}

function params(query) {
  return new URLSearchParams(query || '');
}

// #/sheets?lang=&topic=: the library, in the language asked for.
export async function sheetsPage(main, query) {
  const p = params(query);
  const lang = p.get('lang') || 'en';
  const topic = p.get('topic') || '';
  replace(main, h('h1', {}, t('sheets.title')),
    h('p', { class: 'hint' }, t('sheets.intro')));
  const form = h('form', { class: 'row filters', role: 'search' },
    languageSelect('sheets-lang', lang),
    control('sheets-topic', t('sheets.topic'), h('select', {
      id: 'sheets-topic', name: 'topic' },
    h('option', { value: '' }, t('sheets.any_topic')),
    TOPICS.map(x => h('option', { value: x, selected: x === topic },
      t(`topic.${x}`))))),
    h('button', { type: 'submit' }, t('sheets.show')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const next = new URLSearchParams();
    next.set('lang', form.lang.value);
    if (form.topic.value) next.set('topic', form.topic.value);
    location.hash = `#/sheets?${next}`;
  });
  main.append(form);
  let list;
  try {
    const q = new URLSearchParams({ lang });
    if (topic) q.set('topic', topic);
    list = await api.get(`/sheets?${q}`);
  } catch (err) {
    main.append(failed(err));
    return;
  }
  if (!list.items.length) {
    main.append(note(t('sheets.none')));
    return;
  }
  main.append(h('ul', { class: 'sheets' }, list.items.map(s =>
    h('li', { class: 'card', lang: s.lang, dir: direction(s.lang) },
      h('h2', {}, h('a', { href: `#/sheets/${encodeURIComponent(s.id)}` +
        `?lang=${encodeURIComponent(lang)}` }, s.title)),
      h('p', {}, s.summary),
      h('p', { class: 'hint', lang: null, dir: 'auto' },
        s.topics.map(x => t(`topic.${x}`)).join(' · '),
        s.review_due && h('span', { class: 'badge overdue' },
          t('sheets.review_due'))),
      s.lang !== lang && h('p', { class: 'hint' },
        t('sheets.in_english'))))));
}

// #/sheets/ID?lang=: one sheet, to read or print.
export async function sheetPage(main, id, query) {
  const lang = params(query).get('lang') || 'en';
  const s = await pageData(main, `/sheets/${encodeURIComponent(id)}` +
    `?lang=${encodeURIComponent(lang)}`, t('sheets.title'),
    t('sheets.not_found'));
  if (!s) return;
  const other = SHEET_LANGUAGES.filter(([code]) => s.langs.includes(code));
  replace(main,
    h('nav', { class: 'crumbs', 'aria-label': t('sheets.crumbs') },
      h('a', { href: `#/sheets?lang=${encodeURIComponent(lang)}` },
        t('sheets.title'))),
    h('div', { class: 'sheet-actions' },
      h('button', { type: 'button', class: 'primary',
        onclick: () => window.print() }, t('sheets.print')),
      h('span', { class: 'language-links' }, other.map(([code, name]) =>
        code === s.lang ? h('strong', { lang: code }, name) :
          h('a', { lang: code, href: `#/sheets/${encodeURIComponent(s.id)}` +
            `?lang=${code}` }, name)))),
    s.lang !== lang && note(t('sheets.in_english')),
    s.review_due && h('p', { class: 'message error', role: 'alert' },
      t('sheets.review_overdue', { date: formatDate(s.review_by) })),
    h('article', { class: 'sheet', lang: s.lang, dir: direction(s.lang) },
      h('h1', {}, s.text.title),
      h('p', { class: 'summary' }, s.text.summary),
      s.text.sections.map(sec => h('section', {},
        h('h2', {}, sec.heading),
        h('ul', {}, sec.points.map(pt => h('li', {}, pt))))),
      h('footer', { dir: 'ltr', lang: 'en' },
        h('h2', {}, 'Sources'),
        h('ul', {}, s.sources.map(src => h('li', {}, `${src.title}, ` +
          `${src.publisher}`, src.url && [': ', ltr(src.url)]))),
        h('p', { class: 'hint' }, `${s.id} v${s.version} · ` +
          `review by ${s.review_by}`))));
}

function select(id, name, label, values, prefix, chosen) {
  return control(id, label, h('select', { id, name }, values.map(v =>
    h('option', { value: v, selected: v === chosen }, t(`${prefix}.${v}`)))));
}

function input(id, name, label, attrs) {
  return control(id, label, h('input', Object.assign({ id, name,
    type: 'text', dir: 'auto' }, attrs || {})));
}

function boxes(name, legend, values, label) {
  return h('fieldset', { class: 'boxes' }, h('legend', {}, legend),
    values.map(v => h('label', {}, h('input', { type: 'checkbox', name,
      value: v }), label(v))));
}

// The form that records a session; done(record) is told what was kept.
function recordForm(sheets, agencies, done) {
  const identity = h('fieldset', { class: 'identity', disabled: true },
    h('legend', {}, t('counselling.identity')),
    h('p', { class: 'hint' }, t('counselling.identity_hint')),
    h('div', { class: 'row' },
      input('counselling-full-name', 'full_name',
        t('counselling.full_name'), { maxlength: 300 }),
      input('counselling-contact', 'contact', t('counselling.contact'),
        { maxlength: 300 }),
      input('counselling-case', 'case', t('counselling.case'),
        { dir: 'ltr', placeholder: 'KRI-MRC-2026-000001' })));
  const consent = h('input', { id: 'counselling-consent', name: 'consent',
    type: 'checkbox', onchange: e => {
      identity.disabled = !e.target.checked;
    } });
  const form = h('form', { id: 'counselling-form', class: 'card' },
    h('h2', {}, t('counselling.add')),
    h('p', { class: 'hint' }, t('counselling.deidentified')),
    h('div', { class: 'row' },
      input('counselling-held-on', 'held_on', t('counselling.held_on'),
        { type: 'date', dir: 'ltr' }),
      input('counselling-pseudonym', 'pseudonym', t('counselling.pseudonym'),
        { required: true, maxlength: 40,
          'aria-describedby': 'counselling-pseudonym-hint' }),
      select('counselling-party', 'party', t('counselling.party'),
        ['person', 'family'], 'party'),
      input('counselling-people', 'people', t('counselling.people'),
        { type: 'number', min: 1, max: 50, value: 1, dir: 'ltr' })),
    h('small', { class: 'hint', id: 'counselling-pseudonym-hint' },
      t('counselling.pseudonym_hint')),
    h('div', { class: 'row' },
      select('counselling-situation', 'situation',
        t('counselling.situation'), SITUATIONS, 'situation'),
      select('counselling-sex', 'sex', t('programme.sex'), SEXES, 'sex'),
      select('counselling-age', 'age_group', t('counselling.age_group'),
        AGES, 'age_group'),
      input('counselling-nationality', 'nationality',
        t('counselling.nationality'), { maxlength: 2, dir: 'ltr' }),
      input('counselling-destination', 'destination',
        t('counselling.destination'), { maxlength: 2, dir: 'ltr' })),
    input('counselling-route', 'route', t('counselling.route'),
      { maxlength: 300 }),
    boxes('topics', t('counselling.topics'), TOPICS, x => t(`topic.${x}`)),
    boxes('risks', t('counselling.risks'), RISKS, x => t(`risk.${x}`)),
    boxes('sheets', t('counselling.sheets'), sheets.map(s => s.id),
      id => sheets.find(s => s.id === id).title),
    control('counselling-notes', t('counselling.notes'),
      h('textarea', { id: 'counselling-notes', name: 'notes', rows: 3,
        dir: 'auto' })),
    h('div', { class: 'row' },
      input('counselling-follow-up', 'follow_up_on',
        t('counselling.follow_up_on'), { type: 'date', dir: 'ltr' }),
      control('counselling-referred-to', t('counselling.referred_to'),
        h('select', { id: 'counselling-referred-to', name: 'referred_to' },
          h('option', { value: '' }, t('counselling.no_referral')),
          agencies.map(a => h('option', { value: a.code }, a.name)))),
      input('counselling-referral-note', 'referral_note',
        t('counselling.referral_note'), { maxlength: 2000 })),
    h('div', { class: 'field check' }, consent,
      h('label', { for: 'counselling-consent' }, t('counselling.consent'))),
    identity,
    h('button', { type: 'submit', class: 'primary' },
      t('counselling.submit')));
  submitting(form, async data => {
    const body = { pseudonym: data.get('pseudonym'),
      topics: data.getAll('topics'), risks: data.getAll('risks'),
      sheets: data.getAll('sheets'), party: data.get('party'),
      situation: data.get('situation'), sex: data.get('sex'),
      age_group: data.get('age_group') };
    const people = parseInt(data.get('people'), 10);
    if (!Number.isNaN(people)) body.people = people;
    for (const k of ['held_on', 'nationality', 'destination', 'route',
      'notes', 'follow_up_on', 'referred_to', 'referral_note']) {
      if (data.get(k)) body[k] = data.get(k);
    }
    if (consent.checked) {
      body.consent = true;
      for (const k of ['full_name', 'contact', 'case']) {
        if (data.get(k)) body[k] = data.get(k);
      }
    }
    done(await api.post('/counselling', body));
  });
  return form;
}

function recordsTable(items) {
  return h('table', { class: 'counselling' },
    h('thead', {}, h('tr', {}, ['counselling.id', 'counselling.held_on',
      'counselling.pseudonym', 'counselling.situation',
      'counselling.topics', 'counselling.follow_up_on'].map(k =>
      h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map(k => h('tr', {},
      h('td', {}, h('a', { href: `#/counselling/${k.id}` },
        ltr(formatNumber(k.id)))),
      h('td', {}, formatDate(k.held_on)),
      h('td', { dir: 'auto' }, k.pseudonym,
        k.identified && h('span', { class: 'badge' },
          t('counselling.identified'))),
      h('td', {}, t(`situation.${k.situation}`)),
      h('td', {}, k.topics.map(x => t(`topic.${x}`)).join(', ')),
      h('td', {}, k.follow_up_on ? [formatDate(k.follow_up_on),
        k.follow_up_done_at && h('span', { class: 'badge' },
          t('counselling.done'))] : '—')))));
}

// For the home page: the counselling follow-ups due, or null when there
// are none (a police supervisor keeps no log and sees nothing of it).
export async function counsellingDueSection() {
  const due = await api.get('/counselling?due=true&limit=20');
  if (!due.items.length) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'home-due-title' },
    h('h2', { id: 'home-due-title' }, t('counselling.due')),
    recordsTable(due.items),
    h('p', {}, h('a', { href: '#/counselling' }, t('counselling.title'))));
}

// #/counselling: the agency's log, the follow-ups due, and the form.
export async function counsellingPage(main) {
  replace(main, h('h1', {}, t('counselling.title')),
    h('p', { class: 'hint' }, t('counselling.intro')),
    h('p', {}, h('a', { href: '#/sheets' }, t('sheets.title'))));
  let recent, due, sheets, agencies;
  try {
    [recent, due, sheets, agencies] = await Promise.all([
      api.get('/counselling'), api.get('/counselling?due=true'),
      api.get(`/sheets?lang=${encodeURIComponent(language())}`),
      api.get('/agencies')]);
  } catch (err) {
    main.append(failed(err));
    return;
  }
  const saved = h('div', { 'aria-live': 'polite' });
  main.append(
    h('section', { class: 'card', 'aria-labelledby': 'due-title' },
      h('h2', { id: 'due-title' }, t('counselling.due')),
      due.items.length ? recordsTable(due.items) :
        note(t('counselling.none_due'))),
    saved,
    recordForm(sheets.items, agencies.items, k => {
      location.hash = `#/counselling/${k.id}`;
    }),
    h('section', { class: 'card', 'aria-labelledby': 'recent-title' },
      h('h2', { id: 'recent-title' }, t('counselling.recent')),
      recent.items.length ? recordsTable(recent.items) :
        note(t('counselling.none'))));
}

// #/counselling/ID: one record, and its follow-up marked done.
export async function counsellingRecordPage(main, id) {
  const k = await pageData(main, `/counselling/${id}`,
    t('counselling.title'), t('counselling.not_found'));
  if (!k) return;
  const list = (xs, prefix) => xs.length ?
    xs.map(x => t(`${prefix}.${x}`)).join(', ') : '—';
  const actions = h('div', { class: 'case-actions' });
  if (k.follow_up_on && !k.follow_up_done_at) {
    const button = h('button', { type: 'button', class: 'primary',
      onclick: async () => {
        button.disabled = true;
        try {
          await api.post(`/counselling/${k.id}`, { follow_up_done: true });
          counsellingRecordPage(main, id);
        } catch (err) {
          actions.append(failed(err));
          button.disabled = false;
        }
      } }, t('counselling.mark_done'));
    actions.append(button);
  }
  replace(main,
    h('nav', { class: 'crumbs', 'aria-label': t('sheets.crumbs') },
      h('a', { href: '#/counselling' }, t('counselling.title'))),
    h('h1', {}, t('counselling.record', { id: formatNumber(k.id) })),
    facts([
      [t('counselling.held_on'), formatDate(k.held_on)],
      [t('counselling.counsellor'), ltr(k.counsellor)],
      [t('counselling.pseudonym'), h('span', { dir: 'auto' }, k.pseudonym)],
      [t('counselling.party'), `${t(`party.${k.party}`)} ` +
        `(${formatNumber(k.people)})`],
      [t('counselling.situation'), t(`situation.${k.situation}`)],
      [t('programme.sex'), t(`sex.${k.sex}`)],
      [t('counselling.age_group'), t(`age_group.${k.age_group}`)],
      k.nationality && [t('counselling.nationality'), ltr(k.nationality)],
      k.destination && [t('counselling.destination'), ltr(k.destination)],
      k.route && [t('counselling.route'), h('span', { dir: 'auto' },
        k.route)],
      [t('counselling.topics'), list(k.topics, 'topic')],
      [t('counselling.risks'), list(k.risks, 'risk')],
      k.sheets.length && [t('counselling.sheets'), k.sheets.map(s =>
        [h('a', { href: `#/sheets/${encodeURIComponent(s)}` }, ltr(s)),
          ' '])],
      k.notes && [t('counselling.notes'), h('span', { dir: 'auto',
        class: 'note-text' }, k.notes)],
      k.follow_up_on && [t('counselling.follow_up_on'),
        [formatDate(k.follow_up_on), k.follow_up_done_at && [' — ',
          t('counselling.done_on', { date: formatDate(k.follow_up_done_at,
            true) })]]],
      k.referred_to && [t('counselling.referred_to'), ltr(k.referred_to)],
      k.referral_note && [t('counselling.referral_note'),
        h('span', { dir: 'auto' }, k.referral_note)],
      [t('counselling.consent_given'), t(k.consent ? 'answer.yes' :
        'answer.no')],
      k.case && [t('counselling.case'), h('a', {
        href: `#/cases/${encodeURIComponent(k.case)}` }, ltr(k.case))],
      k.full_name && [t('counselling.full_name'), h('span', { dir: 'auto' },
        k.full_name)],
      k.contact && [t('counselling.contact'), ltr(k.contact)],
    ]),
    actions);
}
