// SPDX-License-Identifier: Apache-2.0
// forms.js - the forms that add to the store: opening a case, adding a
// person to it, and screening a person with the instrument's questions.
import { h, replace } from './dom.js';
import * as api from './api.js';
import { t, language, local, errorText } from './i18n.js';

// A labelled control; dir="auto" lets a name typed in Arabic script read
// right to left and one in Latin script left to right, whatever the page.
export function control(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint && h('small', { class: 'hint', id: `${id}-hint` }, hint));
}

function text(id, label, attrs) {
  return control(id, label, h('input', Object.assign({ id, name: id,
    type: 'text', dir: 'auto' }, attrs || {})));
}

function select(id, label, options, attrs) {
  return control(id, label, h('select', Object.assign({ id, name: id },
    attrs || {}), options.map(([value, name]) =>
      h('option', { value }, name))));
}

function check(id, label) {
  return h('div', { class: 'field check' },
    h('input', { id, name: id, type: 'checkbox' }),
    h('label', { for: id }, label));
}

// Shows err in form, above its first control (once), and focuses the
// field the server named when there is one.
export function problem(form, err) {
  const old = form.querySelector('.message.error');
  if (old) old.remove();
  form.prepend(h('p', { class: 'message error', role: 'alert' },
                 errorText(err)));
  const bad = err.field && form.querySelector(`[name="${err.field}"]`);
  if (bad) bad.focus();
}

// The object at path for a page in main; when it cannot be read, main
// shows title and why (notFound for a 404), and the answer is null.
export async function pageData(main, path, title, notFound) {
  try {
    return await api.get(path);
  } catch (err) {
    replace(main, h('h1', {}, title),
      h('p', { class: 'message error', role: 'alert' },
        err.status === 404 ? notFound :
          t('common.failed', { reason: errorText(err) })));
    return null;
  }
}

// Sends form with fn(its data) on submit, the button off meanwhile; a
// refusal shows in the form.
export function submitting(form, fn) {
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    // A refusal of an earlier try does not outlive the next one.
    const old = form.querySelector(':scope > .message.error');
    if (old) old.remove();
    try {
      await fn(new FormData(form));
    } catch (err) {
      problem(form, err);
    } finally {
      button.disabled = false;
    }
  });
}

const KINDS = ['tip', 'som', 'tip+som', 'unclassified'];
const SUBJECTS = ['presumed_victim', 'victim', 'smuggled_migrant',
                  'witness', 'suspect', 'accused', 'reporter', 'guardian'];

// The form that opens a case; done(ref) is told the new reference.
export function openCaseForm(done) {
  const form = h('form', { class: 'card' },
    h('h2', {}, t('open.title')),
    text('title', t('cases.title'), { required: true, maxlength: 200 }),
    select('kind', t('cases.kind'), KINDS.map(k => [k, t(`kind.${k}`)])),
    select('sensitivity', t('case.sensitivity'), ['normal', 'high'].map(
      s => [s, t(`sensitivity.${s}`)])),
    control('summary', t('open.summary'),
      h('textarea', { id: 'summary', name: 'summary', rows: 4,
                      dir: 'auto' })),
    h('button', { type: 'submit', class: 'primary' }, t('open.submit')));
  submitting(form, async data => {
    const c = await api.post('/cases', {
      title: data.get('title'), kind: data.get('kind'),
      sensitivity: data.get('sensitivity'),
      summary: data.get('summary') || undefined,
    });
    done(c.ref);
  });
  return form;
}

// The form that records a person and gives them a role in case ref.
export function addPersonForm(ref, done) {
  const form = h('form', { class: 'add-person' },
    h('h3', {}, t('person.add')),
    h('div', { class: 'row' },
      text('given', t('person.given'), { required: true }),
      text('father', t('person.father')),
      text('family', t('person.family'))),
    h('div', { class: 'row' },
      select('sex', t('person.sex'), ['female', 'male', 'other',
        'unknown'].map(s => [s, t(`sex.${s}`)])),
      text('born', t('person.born'), { dir: 'ltr', inputmode: 'numeric',
        placeholder: 'YYYY-MM-DD', 'aria-describedby': 'born-hint' }),
      text('nationality', t('person.nationality'), { dir: 'ltr',
        maxlength: 2, placeholder: 'IQ', autocapitalize: 'characters' })),
    h('div', { class: 'row' },
      select('role', t('case.role'), SUBJECTS.map(r =>
        [r, t(`case_role.${r}`)])),
      check('presumed_child', t('person.presumed_child')),
      check('needs_interpreter', t('person.needs_interpreter')),
      text('interpreter_language', t('person.interpreter_language'),
        { dir: 'ltr', maxlength: 8, placeholder: 'ar, ckb, prs…' })),
    h('button', { type: 'submit', class: 'primary' }, t('person.save')));
  submitting(form, async data => {
    const nationality = (data.get('nationality') || '').trim();
    const person = await api.post('/persons', {
      given: data.get('given'),
      father: data.get('father') || undefined,
      family: data.get('family') || undefined,
      sex: data.get('sex'),
      born: data.get('born') || undefined,
      nationalities: nationality ? [nationality] : undefined,
    });
    const language = (data.get('interpreter_language') || '').trim();
    await api.post(`/cases/${encodeURIComponent(ref)}/people`, {
      person_id: person.id, role: data.get('role'),
      presumed_child: data.get('presumed_child') === 'on',
      needs_interpreter: data.get('needs_interpreter') === 'on',
      interpreter_language: language || undefined,
    });
    done();
  });
  return form;
}

const ANSWERS = ['yes', 'no', 'unknown', 'declined'];

// The screening of person (a case_person view) in case ref, rendered from
// the instrument's definition: every question asked, in the interface's
// language.  done(result) gets the stored screening.
export async function screeningForm(ref, person, done) {
  const doc = await api.get('/sops/victim-screening');
  const form = h('form', { class: 'screening' },
    h('h3', {}, t('screening.title', { instrument: local(doc.title) })),
    doc.summary && h('p', { class: 'hint' }, local(doc.summary)));
  for (const group of doc.groups) {
    if (group.id === 'child_specific' && !person.child) continue;
    const fieldset = h('fieldset', { class: 'group' },
      h('legend', {}, local(group.title)));
    for (const q of group.questions) {
      const name = `answer-${q.id}`;
      fieldset.append(h('div', { class: 'question', role: 'radiogroup',
                                 'aria-labelledby': `${name}-text` },
        h('p', { id: `${name}-text` }, local(q.text)),
        h('div', { class: 'answers' }, ANSWERS.map(a => h('label', {},
          h('input', { type: 'radio', name, value: a, required: true }),
          t(`answer.${a}`))))));
    }
    form.append(fieldset);
  }
  form.append(h('button', { type: 'submit', class: 'primary' },
                t('screening.submit')));
  submitting(form, async data => {
    const answers = {};
    for (const [k, v] of data.entries()) {
      if (k.startsWith('answer-')) answers[k.slice(7)] = v;
    }
    done(await api.post(`/cases/${encodeURIComponent(ref)}/screenings` +
      `?lang=${language()}`, { person_id: person.person_id, answers }));
  });
  return form;
}

// What a screening found: the outcome, the score, the indicators.
export function screeningResult(s) {
  const list = indicators => indicators.map(i => h('li', {}, i.indicator));
  return h('div', { class: `screening-result outcome-${s.outcome}`,
                    role: 'status' },
    h('p', {}, h('strong', {}, t(`outcome.${s.outcome}`)), ' · ',
      t('screening.score', { score: s.score })),
    s.made_presumed_victim && h('p', {}, t('screening.now_presumed')),
    s.indicators.trafficking.length > 0 && [
      h('p', {}, t('screening.indicators')),
      h('ul', {}, list(s.indicators.trafficking))],
    s.indicators.smuggling.length > 0 && [
      h('p', {}, t('screening.smuggling_indicators')),
      h('ul', {}, list(s.indicators.smuggling))]);
}
