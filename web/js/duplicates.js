// SPDX-License-Identifier: Apache-2.0
// duplicates.js - persons recorded twice, for supervisors: the likely
// pairs, the likeliest first, with the evidence weighed for and against;
// merging one record into the other (and, when the two hold conflicting
// roles in a case, only on the supervisor's explicit word), or recording
// that they are two people.  The weighing and the rules are the server's
// (GET /persons/duplicates and the merges of docs/openapi.json); a merge
// can be undone from the person's page (person.js).
import { h, ltr, replace, fill } from './dom.js';
import * as api from './api.js';
import { t, formatNumber, errorText } from './i18n.js';
import { control, submitting } from './forms.js';

// The roles that may merge persons (person.merge in src/core/access.c).
export const MERGERS = new Set(['supervisor']);

// The least likeness listed, in percent; kept while the user is away.
let least = 50;

// A link to person id's page, the number left to right.
export function personLink(id) {
  return h('a', { href: `#/persons/${encodeURIComponent(id)}` },
    ltr(String(id)));
}

function percent(score) {
  return ltr(`${formatNumber(Math.round(score * 1000) / 10)}%`);
}

// The weight of one piece of evidence: its sign and a word say for or
// against, not only its colour.
function weight(bits) {
  const r = Math.round(bits * 10) / 10;
  const way = r > 0 ? 'for' : r < 0 ? 'against' : 'neither';
  const sign = r > 0 ? '+' : r < 0 ? '\u2212' : '';
  const word = r > 0 ? t('dup.for') : r < 0 ? t('dup.against') :
    t('dup.neither');
  return h('span', { class: `weight ${way}` },
    ltr(`${sign}${formatNumber(Math.abs(r), 1)}`, 'bits'), ' ',
    h('span', { class: 'way' }, word));
}

// Evidence in Latin letters and digits, whatever the page's direction (a
// phone's leading + stays in front); names and identifiers such as
// addresses may be in either script.
const LEFT_TO_RIGHT = new Set(['birth', 'document', 'phone', 'nationality']);

// What one record says: sexes in the language, the rest as recorded.
function says(kind, value) {
  if (!value) return '—';
  if (kind === 'sex' && ['female', 'male', 'other', 'unknown']
    .includes(value)) return t(`sex.${value}`);
  return LEFT_TO_RIGHT.has(kind) ? ltr(value) :
    h('bdi', { dir: 'auto' }, value);
}

function record(p, other, open) {
  return h('div', { class: 'record', 'data-person': p.id },
    h('h3', {}, h('a', { href: `#/persons/${p.id}`, dir: 'auto' },
      p.name || t('case.no_name'))),
    h('dl', { class: 'facts' },
      h('dt', {}, t('dup.number')), h('dd', {}, ltr(String(p.id))),
      h('dt', {}, t('person.sex')), h('dd', {}, t(`sex.${p.sex}`)),
      h('dt', {}, t('search.born')), h('dd', {}, p.birth_year ?
        ltr(String(p.birth_year)) : '—'),
      h('dt', {}, t('list.agency')), h('dd', {}, ltr(p.agency))),
    h('button', { type: 'button', class: 'keep',
      'aria-label': t('dup.keep_label', { keep: p.id, other: other.id }),
      onclick: () => open(p, other) }, t('dup.keep')));
}

function evidenceTable(pair) {
  const { a, b } = pair;
  return h('div', { class: 'scroll', tabindex: '0', role: 'region',
                    'aria-label': t('dup.evidence') },
    h('table', { class: 'evidence' },
      h('caption', {}, t('dup.evidence')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('dup.kind')),
        h('th', { scope: 'col' }, fill(t('dup.says'), { id: ltr(
          String(a.id)) })),
        h('th', { scope: 'col' }, fill(t('dup.says'), { id: ltr(
          String(b.id)) })),
        h('th', { scope: 'col' }, t('dup.weight')))),
      h('tbody', {}, pair.evidence.map(e => h('tr', {
        class: e.bits < 0 ? 'against' : '' },
        h('th', { scope: 'row' }, t(`evidence.${e.kind}`)),
        h('td', {}, says(e.kind, e.a)),
        h('td', {}, says(e.kind, e.b)),
        h('td', {}, weight(e.bits)))))));
}

// The roles that clash, case by case, and the explicit word asked for.
function conflictBox(conflicts, keep, other, id) {
  return h('div', { class: 'conflicts', role: 'alert' },
    h('p', {}, h('strong', {}, t('dup.conflicts'))),
    h('ul', {}, conflicts.map(c => h('li', {},
      ltr(h('a', { href: `#/cases/${encodeURIComponent(c.case)}` },
        c.case), 'ref'), ': ',
      fill(t('dup.conflict_roles'), {
        keep: ltr(String(keep.id)), keep_role: t(`case_role.${c.keep_role}`),
        other: ltr(String(other.id)),
        other_role: t(`case_role.${c.other_role}`) })))),
    h('p', {}, t('dup.conflicts_hint')),
    h('div', { class: 'field check' },
      h('input', { id: `${id}-confirm`, name: 'confirm', type: 'checkbox',
                   value: 'yes', required: true }),
      h('label', { for: `${id}-confirm` }, t('dup.confirm'))));
}

// Merging other into keep; done(merge) once it is done.  A refusal for
// conflicting roles shows them and asks for the supervisor's word (a box
// to tick, then the button again); nothing is merged until then.
function mergeForm(keep, other, done, cancel) {
  const id = `merge-${keep.id}-${other.id}`;
  const slot = h('div', {});
  const submit = h('button', { type: 'submit', class: 'primary' },
    t('dup.merge'));
  const form = h('form', { class: 'pair-form merge-form',
                           'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, fill(t('dup.merge_title'), {
      other: ltr(String(other.id)), keep: ltr(String(keep.id)) })),
    h('p', { class: 'hint' }, t('dup.merge_hint')),
    control(`${id}-reason`, t('dup.merge_reason'), h('textarea', {
      id: `${id}-reason`, name: 'reason', rows: 2, dir: 'auto',
      required: true })),
    slot,
    h('div', { class: 'actions' }, submit,
      h('button', { type: 'button', onclick: cancel }, t('dup.cancel'))));
  let conflicts = null;
  submitting(form, async data => {
    const body = { other: other.id, reason: data.get('reason') };
    if (conflicts && data.get('confirm')) body.confirm = true;
    let merge;
    try {
      merge = await api.post(`/persons/${keep.id}/merges`, body);
    } catch (err) {
      const list = err.status === 409 && err.body && err.body.conflicts;
      if (!list || !list.length) throw err;
      conflicts = list;
      replace(slot, conflictBox(list, keep, other, id));
      submit.textContent = t('dup.merge_anyway');
      submit.classList.add('danger');
      slot.querySelector('input[type=checkbox]').focus();
      return;
    }
    done(merge);
  });
  return form;
}

// Recording that a and b are two people; done() once it is.
function distinctForm(a, b, done, cancel) {
  const id = `distinct-${a.id}-${b.id}`;
  const form = h('form', { class: 'pair-form distinct-form',
                           'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, fill(t('dup.distinct_title'), {
      a: ltr(String(a.id)), b: ltr(String(b.id)) })),
    h('p', { class: 'hint' }, t('dup.distinct_hint')),
    control(`${id}-reason`, t('dup.distinct_reason'), h('textarea', {
      id: `${id}-reason`, name: 'reason', rows: 2, dir: 'auto',
      required: true })),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' },
        t('dup.distinct_confirm')),
      h('button', { type: 'button', onclick: cancel }, t('dup.cancel'))));
  submitting(form, async data => {
    await api.post(`/persons/${a.id}/distinct`,
                   { other: b.id, reason: data.get('reason') });
    done();
  });
  return form;
}

function pairCard(pair, said) {
  const { a, b } = pair;
  const id = `pair-${a.id}-${b.id}`;
  const work = h('div', { class: 'pair-work' });
  const show = (form, from) => {
    const back = () => {
      replace(work);
      from.focus();
    };
    replace(work, form(back));
    work.querySelector('textarea').focus();
  };
  const open = (keep, other) => show(back => mergeForm(keep, other,
    m => said(fill(t('dup.merged'), { other: personLink(m.other),
                                      keep: personLink(m.keep) })), back),
  document.activeElement);
  const band = pair.score >= 0.9 ? 'high' : pair.score >= 0.7 ? 'middle'
    : 'low';
  return h('section', { class: 'card pair', 'data-pair': `${a.id}-${b.id}`,
                        'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, h('span', {}, fill(t('dup.pair'), {
      a: ltr(String(a.id)), b: ltr(String(b.id)) })), ' ',
    h('span', { class: `badge likeness ${band}` },
      fill(t('dup.likeness'), { score: percent(pair.score) }))),
    h('div', { class: 'records' }, record(a, b, open), record(b, a, open)),
    evidenceTable(pair),
    h('p', { class: 'case-actions' },
      h('button', { type: 'button', class: 'distinct', onclick: e => show(
        back => distinctForm(a, b, () => said(fill(t('dup.distinct_done'),
          { a: personLink(a.id), b: personLink(b.id) })), back),
        e.currentTarget) }, t('dup.distinct'))),
    work);
}

// The page of duplicates, in main, for session's user; with names hidden
// on screen (hidden), nothing is fetched: the pairs are their names.
export async function duplicatesPage(main, session, hidden) {
  replace(main, h('h1', {}, t('dup.title')));
  if (!MERGERS.has(session.user.role)) {
    main.append(h('p', { class: 'message error', role: 'alert' },
      t('dup.not_allowed')),
    h('p', {}, h('a', { href: '#/' }, t('common.back_home'))));
    return;
  }
  if (hidden) {
    main.append(h('p', { class: 'message info' }, t('dup.hidden')));
    return;
  }
  const status = h('div', { class: 'dup-status', role: 'status' });
  const list = h('div', { class: 'pairs' });
  const input = h('input', { id: 'dup-least', name: 'least',
    type: 'number', min: 1, max: 100, step: 1, value: least,
    required: true, dir: 'ltr', 'aria-describedby': 'dup-least-hint' });
  const form = h('form', { class: 'filters row dup-filter' },
    control('dup-least', t('dup.least'), input, t('dup.least_hint')),
    h('div', { class: 'field' }, h('span', {}, '\u00a0'),
      h('button', { type: 'submit', class: 'primary' }, t('dup.show'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    least = Math.min(100, Math.max(1, parseInt(input.value, 10) || 50));
    replace(status);
    load();
  });
  const load = async () => {
    let r;
    try {
      r = await api.get(`/persons/duplicates?limit=50&min_score=${
        least / 100}`);
    } catch (err) {
      replace(list, h('p', { class: 'message error', role: 'alert' },
        err.status === 403 ? t('dup.not_allowed') :
          t('common.failed', { reason: errorText(err) })));
      return;
    }
    const n = x => ltr(formatNumber(x));
    replace(list,
      h('p', { class: 'dup-summary' },
        fill(t('dup.summary'), { found: n(r.may_reach),
          weighed: n(r.weighed) }),
        r.items.length >= r.limit && [' ', fill(t('dup.shown'),
          { count: n(r.items.length) })],
        r.too_common > 0 && [' ', fill(t('dup.too_common'),
          { count: n(r.too_common) })]),
      r.items.length ? r.items.map(p => pairCard(p, said)) :
        h('p', { class: 'message info' }, t('dup.none')));
  };
  // What an action did, said where it is seen and heard; the list again.
  const said = what => {
    const p = h('p', { class: 'message info', tabindex: '-1' }, what);
    replace(status, p);
    p.focus();
    load();
  };
  main.append(h('p', { class: 'hint' }, t('dup.hint')), form, status, list);
  await load();
}
