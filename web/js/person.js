// SPDX-License-Identifier: Apache-2.0
// person.js - a person's identity: names in the scripts they were
// recorded in, birth, nationalities, languages, documents and contacts.
// Opening it is an identity read, recorded in the audit chain.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, formatDate, formatNumber, errorText } from './i18n.js';

function fullName(n) {
  return [n.given, n.father, n.grandfather, n.family].filter(Boolean)
    .join(' ');
}

function list(items, render) {
  return items.length ? h('ul', {}, items.map(i => h('li', {}, render(i))))
    : h('p', {}, '—');
}

// Shows person id in main; back is the case the person was opened from.
export async function personPage(main, id, back) {
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
  const primary = p.names.find(n => n.kind === 'primary') || p.names[0];
  const born = p.birth_date ? formatDate(p.birth_date) :
    p.birth_year ? formatNumber(p.birth_year) : '—';
  replace(main,
    h('p', { class: 'crumbs' }, back ?
      h('a', { href: `#/cases/${encodeURIComponent(back)}` },
        ltr(back)) :
      h('a', { href: '#/' }, t('home.title'))),
    h('h1', { dir: 'auto' }, primary ? fullName(primary) :
      t('case.no_name')),
    h('p', { class: 'hint' }, t('person.audited')),
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
        h('bdi', { dir: 'auto' }, c.value)])));
}
