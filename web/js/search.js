// SPDX-License-Identifier: Apache-2.0
// search.js - finding a person by name from the top bar: any script, any
// spelling, best first, only those the user may see (the server's rule).
// The name typed stays out of the address and the browser's history.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, formatNumber, errorText } from './i18n.js';

const READERS = new Set(['supervisor', 'investigator', 'caseworker',
                         'prosecutor']);
let query = '';

// The search box of the top bar; null for roles that read no names.
export function searchBox(session) {
  if (!READERS.has(session.user.role)) return null;
  const input = h('input', { type: 'search', name: 'q', id: 'person-q',
    dir: 'auto', value: query, maxlength: 200, autocomplete: 'off',
    placeholder: t('search.placeholder'),
    'aria-label': t('search.label') });
  const form = h('form', { class: 'person-search', role: 'search' }, input,
    h('button', { type: 'submit' }, t('search.button')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    query = input.value.trim();
    if (location.hash === '#/search') window.dispatchEvent(
      new HashChangeEvent('hashchange'));
    else location.hash = '#/search';
  });
  return form;
}

// The results of the last search, in main.
export async function searchPage(main) {
  replace(main, h('h1', {}, t('search.title')));
  if (!query) {
    main.append(h('p', { class: 'hint' }, t('search.hint')));
    return;
  }
  try {
    const r = await api.get('/search/persons?limit=25&q=' +
                            encodeURIComponent(query));
    main.append(h('p', { class: 'hint', role: 'status' },
      t('search.for', { query, count: formatNumber(r.items.length) })));
    if (!r.items.length) {
      main.append(h('p', { class: 'message info' }, t('search.none')));
      return;
    }
    main.append(h('table', { class: 'search-results' },
      h('thead', {}, h('tr', {}, ['search.name', 'search.born',
        'search.likeness'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, r.items.map(p => h('tr', { 'data-person': p.id },
        h('td', { dir: 'auto' }, h('a', { href: `#/persons/${p.id}` },
          p.name || `#${p.id}`)),
        h('td', {}, p.birth_year ? ltr(String(p.birth_year)) : '—'),
        h('td', {}, formatNumber(Math.round(p.score * 100)) + '%'))))));
  } catch (err) {
    main.append(h('p', { class: 'message error', role: 'alert' },
      errorText(err)));
  }
}
