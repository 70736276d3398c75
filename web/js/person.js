// SPDX-License-Identifier: Apache-2.0
// person.js - a person's identity: names in the scripts they were
// recorded in, birth, nationalities, languages, documents and contacts.
// Opening it is an identity read, recorded in the audit chain.  A record
// merged into another says so; one that others were merged into lists
// them, and shows supervisors the merges, each of which they may undo.
import { h, ltr, replace, fill } from './dom.js';
import * as api from './api.js';
import { t, formatDate, digits, errorText } from './i18n.js';
import { control, submitting } from './forms.js';
import { MERGERS, personLink } from './duplicates.js';

function fullName(n) {
  return [n.given, n.father, n.grandfather, n.family].filter(Boolean)
    .join(' ');
}

function list(items, render) {
  return items.length ? h('ul', {}, items.map(i => h('li', {}, render(i))))
    : h('p', {}, '—');
}

// Undoing the merge of person other into another; done(merge) after.
function undoForm(other, done, cancel) {
  const id = `undo-${other}`;
  const form = h('form', { class: 'pair-form undo-form' },
    control(id, t('merge.undo_reason'), h('textarea', { id,
      name: 'reason', rows: 2, dir: 'auto', required: true })),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('merge.undo')),
      h('button', { type: 'button', onclick: cancel }, t('dup.cancel'))));
  submitting(form, async data => {
    done(await api.post(`/persons/${encodeURIComponent(other)}/unmerge`,
                        { reason: data.get('reason') }));
  });
  return form;
}

// A button that opens the undo form for person other in its place.
function undoButton(other, done) {
  const slot = h('div', { class: 'undo' });
  const button = h('button', { type: 'button', onclick: () => {
    replace(slot, undoForm(other, done, () => {
      replace(slot, button);
      button.focus();
    }));
    slot.querySelector('textarea').focus();
  } }, t('merge.undo'));
  slot.append(button);
  return slot;
}

// The merges of person p, newest first, for a supervisor; those still in
// force can be undone from here (but from the notice, for p merged away).
function historySection(p, done) {
  const body = h('div', {});
  const section = h('section', { class: 'card merges',
                                 'aria-labelledby': 'merges-title' },
    h('h2', { id: 'merges-title' }, t('merge.history')), body);
  api.get(`/persons/${p.id}/merges`).then(r => {
    if (!r.items.length) {
      section.remove();
      return;
    }
    replace(body, h('ul', { class: 'merge-history' }, r.items.map(m =>
      h('li', { 'data-merge': m.id, class: m.undone_at ? 'undone' : 'live' },
        h('p', {}, fill(t('merge.line'), { other: personLink(m.other),
          keep: personLink(m.keep), at: formatDate(m.merged_at, true),
          by: ltr(m.merged_by) }), ' ',
        h('span', { class: `badge merge-${m.undone_at ? 'undone' : 'live'}` },
          t(m.undone_at ? 'merge.undone' : 'merge.live'))),
        h('p', { class: 'hint' }, t('merge.reason'), ' ',
          h('span', { dir: 'auto' }, m.reason)),
        m.conflicts && h('p', { class: 'hint' }, t('merge.conflicts'), ' ',
          ltr(m.conflicts)),
        m.undone_at && h('p', { class: 'hint' }, fill(t('merge.undone_line'),
          { at: formatDate(m.undone_at, true), by: ltr(m.undone_by || '') }),
        ' ', h('span', { dir: 'auto' }, m.undo_reason || '')),
        !m.undone_at && !p.merged_into && undoButton(m.other, done)))));
  }).catch(err => replace(body, h('p', { class: 'message error',
    role: 'alert' }, errorText(err))));
  return section;
}

// Shows person id in main; back is the case the person was opened from,
// session the user's (supervisors may undo merges), said what an action
// just did.
export async function personPage(main, id, back, session, said) {
  let p;
  try {
    p = await api.get(`/persons/${encodeURIComponent(id)}`);
  } catch (err) {
    replace(main, h('h1', {}, t('person.title')),
      h('p', { class: 'message error', role: 'alert' },
        err.status === 404 ? t('person.not_found') :
          t('common.failed', { reason: errorText(err) })),
      h('p', {}, h('a', { href: '#/' }, t('common.back_home'))));
    return;
  }
  const merger = session && MERGERS.has(session.user.role);
  const again = merge => personPage(main, id, back, session,
    fill(t('merge.undone_done'), { other: personLink(merge.other),
                                   keep: personLink(merge.keep) }));
  const primary = p.names.find(n => n.kind === 'primary') || p.names[0];
  const born = p.birth_date ? formatDate(p.birth_date) :
    p.birth_year ? digits(String(p.birth_year)) : '—';
  replace(main,
    h('p', { class: 'crumbs' }, back ?
      h('a', { href: `#/cases/${encodeURIComponent(back)}` },
        ltr(back)) :
      h('a', { href: '#/' }, t('home.title'))),
    h('h1', { dir: 'auto' }, primary ? fullName(primary) :
      t('case.no_name')),
    h('p', { class: 'hint' }, t('person.audited')),
    said && h('p', { class: 'message info', role: 'status', tabindex: '-1' },
      said),
    p.merged_into && h('div', { class: 'merged-into' },
      h('p', {}, h('strong', {}, fill(t('merge.merged_into'),
        { id: personLink(p.merged_into) }))),
      h('p', { class: 'hint' }, t('merge.merged_into_hint')),
      merger && undoButton(p.id, again)),
    p.merged_from.length > 0 && h('section', { class: 'card merged-from',
                                    'aria-labelledby': 'merged-from-title' },
      h('h2', { id: 'merged-from-title' }, t('merge.merged_from')),
      h('ul', {}, p.merged_from.map(m => h('li', {},
        fill(t('merge.record'), { id: personLink(m) })))),
      h('p', { class: 'hint' }, t('merge.merged_from_hint'))),
    h('section', { class: 'card', 'aria-labelledby': 'identity-title' },
      h('h2', { id: 'identity-title' }, t('person.identity')),
      h('dl', { class: 'facts' },
        h('dt', {}, t('person.sex')), h('dd', {}, t(`sex.${p.sex}`)),
        h('dt', {}, t('person.born')), h('dd', {}, born,
          p.birth_year_estimated ? ` (${t('person.estimated')})` : ''),
        h('dt', {}, t('person.nationalities')),
        h('dd', {}, ltr(p.nationalities.join(', ') ||
          '—')),
        h('dt', {}, t('person.languages')),
        h('dd', {}, ltr(p.languages.join(', ') ||
          '—')))),
    h('section', { class: 'card', 'aria-labelledby': 'names-title' },
      h('h2', { id: 'names-title' }, t('person.names')),
      list(p.names, n => [h('span', { dir: 'auto', class: 'name' },
        fullName(n)), ' ', h('span', { class: 'badge' },
        t(`name_kind.${n.kind}`))])),
    h('section', { class: 'card', 'aria-labelledby': 'documents-title' },
      h('h2', { id: 'documents-title' }, t('person.documents')),
      list(p.documents, d => [t(`document.${d.kind}`), ': ',
        ltr(d.number),
        d.country ? [' (', ltr(d.country), ')'] : '',
        d.expires_on ? ` — ${t('person.expires', {
          when: formatDate(d.expires_on) })}` : ''])),
    h('section', { class: 'card', 'aria-labelledby': 'contacts-title' },
      h('h2', { id: 'contacts-title' }, t('person.contacts')),
      list(p.contacts, c => [t(`contact.${c.kind}`), ': ',
        h('bdi', { dir: 'auto' }, c.value)])),
    merger && historySection(p, again));
  const done = main.querySelector('.message[role=status]');
  if (done) done.focus();
}
