// SPDX-License-Identifier: Apache-2.0
// admin.js - the administrator's pages: agencies, users, what each role
// may do, and the SOP and screening versions in the store.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, language, formatDate, errorText } from './i18n.js';
import { control, submitting } from './forms.js';

export const PAGES = ['agencies', 'users', 'roles', 'sops'];

// The vocabularies the forms offer (docs/openapi.json).
const AGENCY_KINDS = ['ministry', 'law_enforcement', 'border_guard',
  'prosecution', 'court', 'labour_inspection', 'shelter', 'health',
  'social_services', 'ngo', 'international_organisation',
  'training_institute', 'migrant_resource_centre', 'other'];
const ROLES = ['admin', 'supervisor', 'investigator', 'caseworker',
  'prosecutor', 'analyst', 'trainer', 'trainee'];
const USERS_PAGE = 50;

export function adminLinks() {
  return h('nav', { class: 'card admin-links',
                    'aria-labelledby': 'admin-title' },
    h('h2', { id: 'admin-title' }, t('admin.title')),
    h('ul', {}, PAGES.map(p => h('li', {},
      h('a', { href: `#/admin/${p}` }, t(`admin.${p}`))))));
}

function select(id, name, values, label) {
  return control(id, label, h('select', { id, name, required: true },
    values.map(([v, text]) => h('option', { value: v }, text))));
}

function input(id, name, label, attrs) {
  return control(id, label, h('input', Object.assign({ id, name,
    type: 'text', required: true }, attrs)));
}

// A form that posts what fn makes of its data, then shows the page again.
function adminForm(title, controls, submit, fn, again) {
  const form = h('form', { class: 'card admin-form' }, h('h2', {}, title),
    h('div', { class: 'row' }, controls),
    h('button', { type: 'submit', class: 'primary' }, submit));
  submitting(form, async data => {
    await fn(data);
    again();
  });
  return form;
}

function table(heads, rows) {
  return h('table', { class: 'admin' },
    h('thead', {}, h('tr', {}, heads.map(k => h('th', { scope: 'col' },
      t(k))))),
    h('tbody', {}, rows));
}

async function agencies(main, again) {
  const list = (await api.get('/agencies')).items;
  main.append(table(['admin.code', 'admin.name', 'admin.kind',
    'admin.created'], list.map(a => h('tr', {},
    h('td', {}, ltr(a.code)), h('td', { dir: 'auto' }, a.name),
    h('td', {}, t(`agency_kind.${a.kind}`)),
    h('td', {}, formatDate(a.created_at))))),
  adminForm(t('admin.add_agency'), [
    input('agency-code', 'code', t('admin.code'), { dir: 'ltr',
      pattern: '[A-Z0-9]+(-[A-Z0-9]+)*', autocapitalize: 'characters' }),
    input('agency-name', 'name', t('admin.name'), { dir: 'auto' }),
    select('agency-kind', 'kind', AGENCY_KINDS.map(k =>
      [k, t(`agency_kind.${k}`)]), t('admin.kind'))],
  t('admin.add_agency'), data => api.post('/agencies', {
    code: data.get('code'), name: data.get('name'), kind: data.get('kind'),
  }), again));
}

async function users(main, again, query) {
  const q = new URLSearchParams(query);
  const offset = Math.max(0, parseInt(q.get('offset') || '0', 10) || 0);
  const params = new URLSearchParams({ limit: USERS_PAGE, offset });
  if (q.get('agency')) params.set('agency', q.get('agency'));
  const [list, agencyList] = await Promise.all([
    api.get(`/users?${params}`), api.get('/agencies')]);
  const codes = agencyList.items.map(a => [a.code, a.code]);
  const filter = h('form', { class: 'filters row' },
    control('users-agency', t('list.agency'), h('select', { id: 'users-agency',
      name: 'agency', onchange: e => {
        location.hash = e.target.value ?
          `#/admin/users?agency=${encodeURIComponent(e.target.value)}` :
          '#/admin/users';
      } }, [['', t('list.any')]].concat(codes).map(([v, text]) =>
      h('option', { value: v, selected: (q.get('agency') || '') === v },
        text)))));
  // A button that does what send does to u, then says done in its place.
  const act = (u, label, send, done) => h('button', { type: 'button',
    class: 'small', onclick: async e => {
      const cell = e.target.parentNode;
      try {
        await send(`/users/${encodeURIComponent(u.username)}`);
        replace(cell, h('span', { role: 'status' }, done));
      } catch (err) {
        replace(cell, h('span', { class: 'message error', role: 'alert' },
          errorText(err)));
      }
    } }, label);
  const page = at => {
    const next = new URLSearchParams(q);
    next.set('offset', at);
    return `#/admin/users?${next}`;
  };
  main.append(filter, table(['admin.username', 'admin.full_name',
    'list.agency', 'admin.role', 'admin.active', 'admin.two_factor',
    'admin.actions'],
  list.items.map(u => h('tr', {},
    h('td', {}, ltr(u.username)), h('td', { dir: 'auto' }, u.full_name),
    h('td', {}, ltr(u.agency || '—')), h('td', {}, t(`role.${u.role}`)),
    h('td', {}, u.active ? t('case.yes') : t('admin.inactive')),
    h('td', {}, u.two_factor ? t('case.yes') : t('admin.inactive')),
    h('td', { class: 'row-actions' },
      act(u, t('admin.unlock'), path => api.post(`${path}/unlock`),
        t('admin.unlocked')),
      u.two_factor && act(u, t('admin.remove_two_factor'),
        path => api.del(`${path}/totp`), t('admin.two_factor_removed')))))),
  h('nav', { class: 'pages', 'aria-label': t('list.pages') },
    offset > 0 && h('a', { href: page(Math.max(0, offset - USERS_PAGE)),
                           rel: 'prev' }, t('list.previous')),
    list.items.length === USERS_PAGE && h('a', {
      href: page(offset + USERS_PAGE), rel: 'next' }, t('list.next'))),
  adminForm(t('admin.add_user'), [
    select('user-agency', 'agency', codes, t('list.agency')),
    input('user-username', 'username', t('admin.username'), { dir: 'ltr',
      autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off' }),
    input('user-full-name', 'full_name', t('admin.full_name'),
      { dir: 'auto', required: false }),
    select('user-role', 'role', ROLES.map(r => [r, t(`role.${r}`)]),
      t('admin.role')),
    input('user-password', 'password', t('admin.password'), {
      type: 'password', dir: 'ltr', autocomplete: 'new-password',
      minlength: 10 })],
  t('admin.add_user'), data => api.post('/users', {
    agency: data.get('agency'), username: data.get('username'),
    full_name: data.get('full_name') || undefined, role: data.get('role'),
    password: data.get('password'),
  }), again));
}

async function roles(main) {
  const r = await api.get('/roles');
  // Wide: it scrolls by itself (with the keyboard too) on a small screen.
  main.append(h('p', { class: 'hint' }, t('admin.roles_hint')),
    h('div', { class: 'scroll', tabindex: '0', role: 'region',
               'aria-label': t('admin.roles') },
    h('table', { class: 'admin roles' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('admin.role')),
        r.permissions.map(p => h('th', { scope: 'col' }, t(`perm.${p}`))))),
      h('tbody', {}, r.items.map(role => h('tr', {},
        h('th', { scope: 'row' }, t(`role.${role.role}`)),
        r.permissions.map(p => role.permissions.includes(p)
          ? h('td', { class: 'yes' }, '✓', h('span', { class: 'sr-only' },
            t('case.yes')))
          : h('td', {}, ''))))))));
}

async function sops(main, again) {
  const list = (await api.get(`/sops?lang=${language()}`)).items;
  const file = h('input', { id: 'sop-file', name: 'file', type: 'file',
                            accept: '.json,application/json',
                            required: true });
  main.append(table(['admin.sop_kind', 'admin.sop_id', 'admin.version',
    'admin.name', 'admin.origin', 'admin.imported', 'admin.current'],
  list.map(d => h('tr', {},
    h('td', {}, t(`definition.${d.kind}`)), h('td', {}, ltr(d.id)),
    h('td', {}, ltr(String(d.version))), h('td', {}, d.title),
    h('td', {}, t(`origin.${d.origin}`)),
    h('td', {}, formatDate(d.imported_at, true),
      d.imported_by && [' · ', ltr(d.imported_by)]),
    h('td', {}, d.current ? t('case.yes') : '')))),
  adminForm(t('admin.import'), [control('sop-file', t('admin.import_file'),
    file)], t('admin.import'), async () => {
    const text = await file.files[0].text();
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new api.ApiError(422, { message: t('admin.not_json'),
                                    field: 'file' });
    }
    await api.post('/sops', doc);
  }, again));
}

const SHOW = { agencies, users, roles, sops };

// Shows admin page which (one of PAGES) in main.
export async function adminPage(main, which, query, again) {
  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, t('home.title'))),
    h('h1', {}, t(`admin.${which}`)));
  try {
    await SHOW[which](main, again, query);
  } catch (err) {
    main.append(h('p', { class: 'message error', role: 'alert' },
      err.status === 403 ? t('admin.forbidden') :
        t('common.failed', { reason: errorText(err) })));
  }
}
