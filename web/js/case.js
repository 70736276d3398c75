// SPDX-License-Identifier: Apache-2.0
// case.js - the case page: summary, people, SOP steps as a checklist with
// their guidance, and the timeline of notes.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, has, language, local, formatDate, formatNumber, errorText }
  from './i18n.js';
import { addPersonForm, problem, screeningForm, screeningResult } from
  './forms.js';
import { legalSection } from './legal.js';
import { whyText } from './why.js';
import { caseReferrals } from './referrals.js';
import { sharingSection } from './sharing.js';
import { caseCooperation } from './cooperation.js';
import { caseLinks } from './links.js';
import { TRAINING_ROLES, exercisePanel } from './training.js';

// The people a screening is for.
const SCREENED = new Set(['presumed_victim', 'victim', 'smuggled_migrant',
                          'witness']);

// SOP definitions, by id and version: they never change once stored.
const sops = new Map();

async function sopSteps(sop) {
  const key = `${sop.id}/${sop.version}`;
  if (!sops.has(key)) {
    const doc = await api.get(`/sops/${encodeURIComponent(sop.id)}` +
                              `?version=${sop.version}`);
    const steps = new Map();
    for (const phase of doc.phases) {
      for (const step of phase.steps) steps.set(step.id, { phase, step });
    }
    sops.set(key, steps);
  }
  return sops.get(key);
}

function field(label, value, attrs) {
  return [h('dt', {}, label), h('dd', attrs || {}, value)];
}

// A smuggling case's route, origin first: shown, and (edit) recorded or
// changed with a form of ISO country codes.
function routeField(c, edit, refresh) {
  const shown = c.route ? ltr(c.route.join(' \u2192 '), 'route') : '—';
  if (!edit) return field(t('case.route'), shown);
  const slot = h('dd', { class: 'route-edit' }, shown, ' ');
  slot.append(h('button', { type: 'button', onclick: () => {
    const input = h('input', { id: 'route-countries', name: 'countries',
      type: 'text',
      dir: 'ltr', required: true, value: c.route ? c.route.join(' ') : '',
      placeholder: 'AF IR TR GR', 'aria-describedby': 'route-hint' });
    const form = h('form', { class: 'route-form' },
      h('label', { for: 'route-countries' }, t('route.countries')), input,
      h('small', { class: 'hint', id: 'route-hint' }, t('route.hint')),
      h('button', { type: 'submit', class: 'primary' }, t('route.save')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      try {
        await api.post(`/cases/${encodeURIComponent(c.ref)}/route`, {
          countries: input.value.split(/[\s,\u2192>-]+/).filter(Boolean) });
        refresh();
      } catch (err) {
        problem(form, err);
      }
    });
    replace(slot, form);
    input.focus();
  } }, c.route ? t('route.change') : t('route.record')));
  return [h('dt', {}, t('case.route')), slot];
}

function summary(c, editRoute, refresh) {
  return h('section', { class: 'card', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, t('case.summary')),
    h('dl', { class: 'facts' },
      field(t('cases.ref'), ltr(c.ref, 'ref')),
      field(t('cases.kind'), t(`kind.${c.kind}`)),
      field(t('case.status'), t(`status.${c.status}`)),
      field(t('case.sensitivity'), t(`sensitivity.${c.sensitivity}`)),
      field(t('case.lead'), c.lead ? ltr(c.lead) : '—'),
      field(t('cases.opened'), formatDate(c.opened_at, true)),
      field(t('case.sop'), ltr(`${c.sop.id} v${c.sop.version}`)),
      (c.route || c.kind !== 'tip') && routeField(c, editRoute, refresh),
      c.closed_at && field(t('case.closed'), `${formatDate(c.closed_at,
        true)}: ${c.close_reason}`)),
    c.summary && h('p', { class: 'summary-text' }, c.summary));
}

function people(view, hidden, screenings, who, refresh, last) {
  const latest = new Map();
  for (const s of screenings) latest.set(s.person_id, s);
  const section = h('section', { class: 'card',
                                 'aria-labelledby': 'people-title' },
    h('h2', { id: 'people-title' }, t('case.people')));
  const work = h('div', { class: 'people-work' });
  if (last) work.append(screeningResult(last));
  const open = view.case.status === 'open';
  const rows = view.people.map(p => {
    const s = latest.get(p.person_id);
    const canScreen = open && who.own && SCREENED.has(p.role) &&
      who.role !== 'prosecutor';
    return h('tr', {},
      h('td', { class: hidden ? 'masked' : 'name', dir: 'auto' },
        hidden ? t('case.hidden_name') : h('a', {
          href: `#/persons/${p.person_id}?case=` +
            encodeURIComponent(view.case.ref),
          title: t('person.open') }, p.name || t('case.no_name'))),
      h('td', {}, t(`case_role.${p.role}`)),
      h('td', {}, p.age === null ? '—' : formatNumber(p.age),
        p.child ? h('span', { class: 'badge child' }, t('case.child')) :
          null),
      h('td', {}, p.needs_interpreter ? (p.interpreter_language ||
        t('case.yes')) : '—'),
      h('td', {}, s ? h('span', { class: `badge outcome-${s.outcome}` },
        t(`outcome.${s.outcome}`)) : '—',
        canScreen && h('button', { type: 'button', class: 'small',
          onclick: async () => {
            const form = await screeningForm(view.case.ref, p,
              result => refresh(result));
            replace(work, form);
            form.scrollIntoView();
            form.querySelector('input').focus();
          } }, t('screening.start'))));
  });
  section.append(rows.length ? h('table', { class: 'people' },
    h('thead', {}, h('tr', {},
      ['case.name', 'case.role', 'case.age', 'case.interpreter',
       'case.screening'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, rows)) : h('p', {}, t('case.no_people')));
  if (open && who.own && who.role !== 'prosecutor') {
    section.append(h('p', {}, h('button', { type: 'button', onclick: () => {
      const form = addPersonForm(view.case.ref, () => refresh());
      replace(work, form);
      form.querySelector('input').focus();
    } }, t('person.add'))));
  }
  section.append(work);
  return section;
}

function stepForm(ref, step, action, done) {
  const id = `step-${step.id}-${action}`;
  const form = h('form', { class: 'step-form' },
    h('label', { for: id }, t(action === 'done' ? 'step.note' :
                              'step.reason')),
    h('textarea', { id, rows: 2, required: action !== 'done' }),
    h('button', { type: 'submit', class: 'primary' },
      t(action === 'done' ? 'step.confirm_done' : 'step.confirm_skip')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const text = form.querySelector('textarea').value;
    const body = { action };
    if (action === 'done' && text.trim()) body.note = text;
    if (action === 'skip') body.reason = text;
    try {
      await api.post(`/cases/${encodeURIComponent(ref)}/steps/` +
                     encodeURIComponent(step.id), body);
      done();
    } catch (err) {
      problem(form, err);
    }
  });
  return form;
}

// Who a gate is about: their name, or (names hidden, or none recorded)
// their role and number in the case.
function personLabel(view, id, hidden) {
  const p = view.people.find(x => x.person_id === id);
  if (!p) return `#${id}`;
  if (!hidden && p.name) return p.name;
  return `${t(`case_role.${p.role}`)} #${formatNumber(id)}`;
}

// Facts whose note is required (src/core/steps.c).
const NOTE_REQUIRED = new Set(['reflection_waived']);

// Recording the fact that opens a step's gate, after the user asks.
function factControl(ref, s, ctx, refresh) {
  const fact = s.why.fact;
  const slot = h('div', { class: 'fact' });
  const id = `fact-${s.id}`;
  replace(slot, h('button', { type: 'button', onclick: () => {
    const form = h('form', { class: 'fact-form' },
      h('p', {}, t(`fact_help.${fact}`, { person: s.why.person ?
        ctx.person(s.why.person) : '' })),
      h('label', { for: id }, t(NOTE_REQUIRED.has(fact) ? 'fact.note_required'
                                  : 'fact.note')),
      h('textarea', { id, name: 'note', rows: 2, dir: 'auto',
                      required: NOTE_REQUIRED.has(fact) }),
      h('button', { type: 'submit', class: 'primary' }, t('fact.confirm')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const note = form.querySelector('textarea').value;
      const body = { fact };
      if (s.why.person) body.person_id = s.why.person;
      if (fact === 'supervisor_approval') body.step = s.id;
      if (note.trim()) body.note = note;
      try {
        await api.post(`/cases/${encodeURIComponent(ref)}/facts`, body);
        refresh();
      } catch (err) {
        problem(form, err);
      }
    });
    replace(slot, form);
    form.querySelector('textarea').focus();
  } }, t(`fact.record.${fact}`)));
  return slot;
}

function stepItem(ref, s, def, open, who, ctx, refresh) {
  // The server decides; the buttons show where it would say yes.
  const canAct = who.own && def && (who.anyStep ||
    def.step.roles.includes(who.role));
  // Only a supervisor approves; anyone of the case records other facts.
  const canRecord = open && who.own && s.why && s.why.code === 'gate' &&
    s.why.fact && who.role !== 'prosecutor' &&
    (s.why.fact !== 'supervisor_approval' || who.approves);
  const item = h('li', { class: `step ${s.state}`, id: `step-${s.id}` },
    h('div', { class: 'step-head' },
      h('span', { class: `badge state-${s.state}` }, t(`step_state.${s.state}`)),
      h('span', { class: 'step-title' }, s.title),
      s.mandatory ? null : h('span', { class: 'badge' }, t('step.optional')),
      s.due_at && s.state !== 'done' && s.state !== 'not_applicable' &&
        h('span', { class: 'due' }, t('step.due', {
          when: formatDate(s.due_at, true) })),
      s.state === 'done' && h('span', { class: 'by' }, t('step.done_by', {
        who: s.by, when: formatDate(s.at, true) }))),
    s.why && h('p', { class: 'step-reason' }, whyText(s.why, ctx)),
    def && h('details', {},
      h('summary', {}, t('step.guidance')),
      h('p', {}, local(def.step.guidance))));
  if (canRecord) item.append(factControl(ref, s, ctx, refresh));
  if (canAct && open && (s.state === 'ready' || s.state === 'overdue')) {
    const actions = h('div', { class: 'step-actions' });
    const show = action => () => {
      replace(actions, stepForm(ref, s, action, refresh));
      actions.querySelector('textarea').focus();
    };
    replace(actions,
      h('button', { type: 'button', onclick: show('done') },
        t('step.do')),
      h('button', { type: 'button', onclick: show('skip') },
        t('step.skip')));
    item.append(actions);
  }
  return item;
}

// The reflection and recovery period, counted down: while it runs, the
// steps that need the victim's statement wait (the server's gate).
function reflection(r) {
  if (!r || !r.started) return null;
  const text = r.running ?
    t('reflection.running', { days: formatNumber(r.days_left),
                              until: formatDate(r.until) }) :
    r.waived ? t('reflection.waived', { at: formatDate(r.waived_at) }) :
      t('reflection.over', { until: formatDate(r.until) });
  return h('p', { class: `reflection ${r.running ? 'running' : 'over'}`,
                  role: 'status' },
    h('strong', {}, t('reflection.title', { days: formatNumber(r.days) })),
    ' ', text);
}

function steps(view, sv, defs, who, hidden, refresh) {
  const open = view.case.status === 'open';
  const phases = new Map();
  const ctx = { titles: new Map(sv.steps.map(s => [s.id, s.title])),
                person: id => personLabel(view, id, hidden) };
  for (const s of sv.steps) {
    const def = defs.get(s.id);
    const phase = def ? def.phase : { id: s.phase, title: s.phase };
    if (!phases.has(phase.id)) phases.set(phase.id, { phase, items: [] });
    phases.get(phase.id).items.push(stepItem(view.case.ref, s, def, open,
                                             who, ctx, refresh));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'steps-title' },
    h('h2', { id: 'steps-title' }, t('case.steps')),
    h('p', { class: 'progress' }, t('case.progress', {
      done: formatNumber(sv.progress.done),
      total: formatNumber(sv.progress.mandatory) })),
    reflection(sv.reflection),
    [...phases.values()].map(({ phase, items }) => [
      h('h3', {}, local(phase.title)),
      h('ol', { class: 'steps' }, items)]));
}

function notes(view, canNote, refresh) {
  const list = h('ol', { class: 'notes' }, view.notes.map(n =>
    h('li', {},
      h('div', { class: 'note-head' },
        ltr(n.author), ' · ',
        h('time', { datetime: n.at }, formatDate(n.at, true))),
      h('p', { class: 'note-text' }, n.text))));
  const section = h('section', { class: 'card',
                                 'aria-labelledby': 'notes-title' },
    h('h2', { id: 'notes-title' }, t('case.notes')),
    view.notes.length ? list : h('p', {}, t('case.no_notes')));
  if (canNote && view.case.status === 'open') {
    const form = h('form', { class: 'note-form' },
      h('label', { for: 'note-text' }, t('case.add_note')),
      h('textarea', { id: 'note-text', rows: 3, required: true }),
      h('button', { type: 'submit', class: 'primary' }, t('case.save_note')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const text = form.querySelector('textarea').value;
      if (!text.trim()) return;
      try {
        await api.post(`/cases/${encodeURIComponent(view.case.ref)}/notes`,
                       { text });
        refresh();
      } catch (err) {
        problem(form, err);
      }
    });
    section.append(form);
  }
  return section;
}

// The roles that close cases (src/core/access.c).
const CLOSERS = new Set(['supervisor', 'investigator']);
// Those who refer from a case (src/core/access.c: case.edit).
const CASE_EDITORS = new Set(['supervisor', 'investigator', 'caseworker']);

// Closing the case, with the reason, after the user asks for the form.
function closeControl(ref, refresh) {
  const slot = h('div', { class: 'close-case' });
  replace(slot, h('button', { type: 'button', onclick: () => {
    const form = h('form', {},
      h('label', { for: 'close-reason' }, t('close.reason')),
      h('textarea', { id: 'close-reason', rows: 2, required: true,
                      dir: 'auto' }),
      h('button', { type: 'submit', class: 'primary' }, t('close.confirm')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      try {
        await api.post(`/cases/${encodeURIComponent(ref)}/close`,
          { reason: form.querySelector('textarea').value });
        refresh();
      } catch (err) {
        problem(form, err);
      }
    });
    replace(slot, form);
    form.querySelector('textarea').focus();
  } }, t('close.start')));
  return slot;
}

// The case's audit trail, for supervisors, read when opened: who did
// what and when (field names and codes, never names or note texts).
function auditSection(ref) {
  const body = h('div', {});
  const details = h('details', { class: 'card audit' },
    h('summary', {}, h('h2', { id: 'audit-title' }, t('audit.title'))),
    body);
  details.addEventListener('toggle', async () => {
    if (!details.open || body.childElementCount) return;
    try {
      const log = await api.get(`/audit?case=${encodeURIComponent(ref)}` +
                                '&limit=500');
      replace(body, h('table', { class: 'audit-log' },
        h('thead', {}, h('tr', {}, ['audit.at', 'audit.who',
          'audit.action'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, log.items.map(e => h('tr', {},
          h('td', {}, formatDate(e.at, true)),
          h('td', {}, ltr(e.actor || '—')),
          h('td', {}, has(`action.${e.action}`) ? t(`action.${e.action}`)
            : ltr(e.action, 'code')))))),
        log.items.length === 500 && h('p', { class: 'hint' },
          t('audit.more')));
    } catch (err) {
      replace(body, h('p', { class: 'message error', role: 'alert' },
                      errorText(err)));
    }
  });
  return details;
}

// Shows case ref in main.  session: the logged-in user; hidden: whether
// names are masked (then they are not even fetched, and no identity read
// is recorded); onShown, if given, runs once the page is there; last, a
// screening just made, is shown with the people.
export async function casePage(main, ref, session, hidden, onShown,
                               last) {
  const path = `/cases/${encodeURIComponent(ref)}`;
  // After a screening, the page shows its result above the people.
  const refresh = result => casePage(main, ref, session, hidden, null,
                                     result);
  let view, sv, screenings, assessment;
  try {
    view = await api.get(`${path}?identities=${hidden ? 'false' : 'true'}`);
    // A case shared with the user's agency shows the parts its scope
    // gives: the others are not asked for.
    const part = (name, get) => view.parts.includes(name) ? get() : null;
    [sv, screenings, assessment] = await Promise.all([
      part('steps', () => api.get(`${path}/steps?lang=${language()}`)),
      part('screening', () => api.get(`${path}/screenings`)),
      // None yet is a 404 of its own, not a missing case.
      part('legal', () => api.get(`${path}/assessment`).catch(err => {
        if (err.status === 404 && err.field === 'assessment') return null;
        throw err;
      })),
    ]);
  } catch (err) {
    replace(main, h('h1', {}, t('case.title')),
      h('p', { class: 'message error', role: 'alert' },
        err.status === 404 ? t('case.not_found') :
          t('common.failed', { reason: errorText(err) })),
      h('p', {}, h('a', { href: '#/' }, t('common.back_home'))));
    return;
  }
  const defs = sv && await sopSteps(view.case.sop);
  // In a training store, trainees and trainers work an exercise's case as
  // an investigator works a real one, and may do any step, so as to
  // practise the whole SOP; the trainer approves (src/core/access.c).
  const training = Boolean(session.training) &&
    TRAINING_ROLES.has(session.user.role);
  const who = { role: training ? 'investigator' : session.user.role,
                anyStep: training,
                approves: session.user.role === 'supervisor' ||
                  (training && session.user.role === 'trainer'),
                own: view.case.agency === session.user.agency };
  const sees = name => view.parts.includes(name);
  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, t('home.title'))),
    h('h1', {}, view.case.title),
    !who.own && h('p', { class: 'message info shared-sight' },
      t('case.shared_with_you', { agency: view.case.agency }), ' ',
      h('strong', {}, t(`share_scope.${view.sight}`)), ' — ',
      t(`share.scope_hint.${view.sight}`)),
    h('div', { class: 'case-actions' },
      who.own && CLOSERS.has(who.role) && view.case.status === 'open' &&
        closeControl(ref, refresh),
      h('button', { type: 'button', onclick: () => window.print() },
        t('case.print'))),
    sees('summary') && summary(view.case, who.own &&
      CASE_EDITORS.has(who.role), refresh),
    people(view, hidden, screenings ? screenings.items : [], who, refresh,
           last),
    sees('legal') && legalSection(view, assessment, who, refresh),
    sees('referrals') && (who.own ? CASE_EDITORS.has(who.role) : true) &&
      caseReferrals(view, who, hidden),
    sees('cooperation') && caseCooperation(view, session),
    sees('links') && caseLinks(view, who, hidden),
    sv && steps(view, sv, defs, who, hidden, refresh),
    sees('timeline') && notes(view, who.own, refresh),
    who.own && who.role === 'supervisor' &&
      sharingSection(view, () => { location.hash = '#/'; }),
    who.own && who.role === 'supervisor' && auditSection(ref));
  // An exercise's case shows, after every action, how the trainee does.
  const panel = training && await exercisePanel(ref);
  if (panel && main.isConnected) main.querySelector('h1').after(panel);
  if (onShown) onShown();
}
