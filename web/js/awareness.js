// SPDX-License-Identifier: Apache-2.0
// awareness.js - the awareness sessions of a Migrant Resource Centre
// (issue 12): community and school sessions, workshops with officials
// and joint coordination committees, recorded with how many came by sex
// and age group, the information sheets used and the feedback, and
// listed with a period and a region (GET and POST /awareness,
// docs/openapi.json).  Headcounts, not people: the form asks for no
// name, and its feedback says so.  The figures join the dashboard.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, language, formatDate, formatNumber, errorText } from
  './i18n.js';
import { control, submitting } from './forms.js';

// Who records sessions (outreach.record in src/core/access.c): in a
// training store trainers and trainees too.
const RECORDERS = new Set(['caseworker', 'supervisor']);
const PRACTISING = new Set(['trainer', 'trainee']);

export function recordsOutreach(role, training) {
  return RECORDERS.has(role) || (training && PRACTISING.has(role));
}

const KINDS = ['community', 'school', 'officials_workshop',
  'coordination_committee'];
const AUDIENCES = ['prospective_migrants', 'returnees', 'families',
  'students', 'officials', 'community_leaders', 'general_public'];
const COUNTS = ['female_children', 'female_adults', 'male_children',
  'male_adults'];

function today() {
  const d = new Date();
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Checkboxes named name, one a value, in a fieldset with its legend.
function boxes(id, name, legend, values, hint) {
  return h('fieldset', { class: 'boxes', id,
                         'aria-describedby': hint ? `${id}-hint` : null },
    h('legend', {}, legend),
    hint && h('small', { class: 'hint', id: `${id}-hint` }, hint),
    values.map(([value, label]) => h('label', {},
      h('input', { type: 'checkbox', name, value }), label)));
}

function field(id, name, label, attrs, hint) {
  return control(id, label, h('input', Object.assign({ id, name,
    type: 'text', dir: 'auto', 'aria-describedby': hint ? `${id}-hint` :
      null }, attrs || {})), hint);
}

// sheets: the library's sheets (their titles in the interface's language);
// agencies: those that may organise with the user's own.
function recordForm(sheets, agencies, done) {
  const form = h('form', { id: 'awareness-form', class: 'card',
                           'aria-labelledby': 'awareness-form-title' },
    h('h2', { id: 'awareness-form-title' }, t('awareness.record')),
    h('div', { class: 'row' },
      control('awareness-kind', t('awareness.kind_label'), h('select', {
        id: 'awareness-kind', name: 'kind', required: true },
        h('option', { value: '' }, t('awareness.choose')),
        KINDS.map(k => h('option', { value: k },
          t(`awareness.kind.${k}`))))),
      field('awareness-held-on', 'held_on', t('awareness.held_on'),
        { type: 'date', required: true, max: today(), dir: 'ltr' })),
    h('div', { class: 'row' },
      field('awareness-place', 'place', t('awareness.place'),
        { required: true, maxlength: 200 }),
      field('awareness-region', 'region', t('awareness.region'),
        { required: true, maxlength: 200 }),
      control('awareness-audience', t('awareness.audience_label'),
        h('select', { id: 'awareness-audience', name: 'audience',
                      required: true },
          h('option', { value: '' }, t('awareness.choose')),
          AUDIENCES.map(a => h('option', { value: a },
            t(`awareness.audience.${a}`)))))),
    h('fieldset', { class: 'group', id: 'awareness-counts' },
      h('legend', {}, t('awareness.reached')),
      h('p', { class: 'hint', id: 'awareness-counts-hint' },
        t('awareness.reached_hint')),
      h('div', { class: 'row' }, COUNTS.map(c => control(
        `awareness-${c}`, t(`awareness.count.${c}`), h('input', {
          id: `awareness-${c}`, name: c, type: 'number', min: 0,
          max: 100000, step: 1, value: '0', dir: 'ltr',
          inputmode: 'numeric',
          'aria-describedby': 'awareness-counts-hint' }))))),
    boxes('awareness-organisers', 'organisers', t('awareness.organisers'),
      agencies.map(a => [a.code, a.name]), t('awareness.organisers_hint')),
    boxes('awareness-materials', 'materials', t('awareness.materials'),
      sheets.map(x => [x.id, x.title])),
    field('awareness-materials-other', 'materials_other',
      t('awareness.materials_other'), { maxlength: 500 }),
    control('awareness-feedback', t('awareness.feedback'),
      h('textarea', { id: 'awareness-feedback', name: 'feedback', rows: 3,
                      dir: 'auto', maxlength: 4000,
                      'aria-describedby': 'awareness-feedback-hint' }),
      t('awareness.feedback_hint')),
    h('button', { type: 'submit', class: 'primary' },
      t('awareness.record_submit')));
  // Correcting a session: the form holds it, and sends what is there with
  // the version it was read at (409 when someone changed it meanwhile).
  let editing = null;
  const title = form.querySelector('#awareness-form-title');
  const submit = form.querySelector('button[type=submit]');
  const cancel = h('button', { type: 'button', hidden: true,
    onclick: () => form.stopCorrecting() }, t('awareness.correct_cancel'));
  submit.after(' ', cancel);
  form.stopCorrecting = () => {
    editing = null;
    form.reset();
    title.textContent = t('awareness.record');
    submit.textContent = t('awareness.record_submit');
    cancel.hidden = true;
  };
  form.correct = s => {
    form.reset();
    editing = s;
    for (const k of ['kind', 'held_on', 'place', 'region', 'audience',
      'materials_other', 'feedback', ...COUNTS]) {
      form.elements[k].value = s[k] === null || s[k] === undefined ? '' :
        String(s[k]);
    }
    for (const box of form.querySelectorAll('input[type=checkbox]')) {
      box.checked = (s[box.name] || []).includes(box.value);
    }
    title.textContent = t('awareness.correct', {
      date: formatDate(s.held_on) });
    submit.textContent = t('awareness.correct_submit');
    cancel.hidden = false;
    form.scrollIntoView();
    form.elements.kind.focus();
  };
  submitting(form, async data => {
    const body = {
      kind: data.get('kind'), held_on: data.get('held_on'),
      place: data.get('place'), region: data.get('region'),
      audience: data.get('audience'),
      organisers: data.getAll('organisers'),
      materials: data.getAll('materials'),
    };
    for (const c of COUNTS) {
      const n = Number(String(data.get(c)).trim() || '0');
      body[c] = Number.isInteger(n) ? n : -1;
    }
    for (const k of ['materials_other', 'feedback']) {
      const v = String(data.get(k) || '').trim();
      // A correction may empty them; a new session leaves them out.
      if (v || editing) body[k] = v;
    }
    const corrected = editing !== null;
    const s = corrected ?
      await api.post(`/awareness/${editing.id}`, { ...body,
        version: editing.version }) :
      await api.post('/awareness', body);
    form.stopCorrecting();
    await done(s, corrected);
  });
  return form;
}

// own: the user's agency, whose sessions correct(session) puts in the
// form; the organisers' others are read only.
function sessionsTable(items, own, correct) {
  return h('table', { class: 'awareness' },
    h('thead', {}, h('tr', {}, ['awareness.held_on', 'awareness.kind_label',
      'awareness.audience_label', 'awareness.place', 'awareness.region',
      'awareness.total', 'awareness.organisers', 'awareness.actions'].map(
      k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map(s => h('tr', { 'data-awareness': s.id },
      h('td', {}, formatDate(s.held_on)),
      h('td', {}, t(`awareness.kind.${s.kind}`)),
      h('td', {}, t(`awareness.audience.${s.audience}`)),
      h('td', { dir: 'auto' }, s.place),
      h('td', { dir: 'auto' }, s.region),
      h('td', { class: 'number', title: t('awareness.breakdown', {
        fa: formatNumber(s.female_adults), fc: formatNumber(s.female_children),
        ma: formatNumber(s.male_adults), mc: formatNumber(s.male_children),
      }) }, formatNumber(s.total)),
      h('td', {}, s.organisers.map((o, i) => [i > 0 && ' ', ltr(o)])),
      h('td', {}, s.agency === own && h('button', { type: 'button',
        class: 'small', onclick: () => correct(s) },
        t('awareness.correct_button')))))));
}

function filterForm(q, show) {
  const input = (name, type) => control(`awareness-filter-${name}`,
    t(`awareness.filter.${name}`), h('input', { id:
    `awareness-filter-${name}`, name, type, dir: type === 'date' ? 'ltr' :
    'auto', value: q.get(name) || '' }));
  const form = h('form', { class: 'filters row', role: 'search',
                           id: 'awareness-filters' },
    input('from', 'date'), input('to', 'date'), input('region', 'text'),
    h('button', { type: 'submit' }, t('awareness.filter.apply')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (String(v).trim()) next.set(k, String(v).trim());
    }
    show(next);
  });
  return form;
}

// The page of #/awareness: the form to record a session, then the
// sessions of the user's agency (filtered by period and region).
export async function awarenessPage(main, session) {
  const status = h('div', { id: 'awareness-status', 'aria-live': 'polite' });
  const found = h('div', { id: 'awareness-list' });
  let q = new URLSearchParams();
  const show = async next => {
    q = next;
    const ask = q.toString();
    let res;
    try {
      res = await api.get(`/awareness${ask ? `?${ask}` : ''}`);
    } catch (err) {
      replace(found, h('p', { class: 'message error', role: 'alert' },
        t('common.failed', { reason: errorText(err) })));
      return;
    }
    replace(found, res.items.length ? sessionsTable(res.items,
      session.user.agency, s => form.correct(s))
      : h('p', { class: 'hint' }, t('awareness.none')));
  };
  let sheets, agencies;
  try {
    [sheets, agencies] = await Promise.all([
      api.get(`/sheets?lang=${encodeURIComponent(language())}`),
      api.get('/agencies')]);
  } catch (err) {
    replace(main, h('h1', {}, t('awareness.title')),
      h('p', { class: 'message error', role: 'alert' },
        t('common.failed', { reason: errorText(err) })));
    return;
  }
  const form = recordForm(sheets.items, agencies.items,
    async (s, corrected) => {
      replace(status, h('p', { class: 'message info', role: 'status' },
        t(corrected ? 'awareness.corrected' : 'awareness.recorded', {
          n: formatNumber(s.total), date: formatDate(s.held_on) })));
      await show(q);
    });
  replace(main, h('h1', {}, t('awareness.title')),
    h('p', { class: 'hint' }, t('awareness.intro')), form,
    status,
    h('section', { class: 'card', 'aria-labelledby': 'awareness-list-title' },
      h('h2', { id: 'awareness-list-title' }, t('awareness.list')),
      filterForm(q, show), found));
  await show(q);
}
