// SPDX-License-Identifier: Apache-2.0
// providers.js - the directory of service providers victims are referred
// to: searching it, and (supervisors, administrators) keeping it.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, formatNumber, errorText } from './i18n.js';
import { control, submitting } from './forms.js';

// The vocabularies of docs/openapi.json (Provider).
export const SERVICES = ['shelter', 'medical', 'psychosocial', 'legal_aid',
  'interpretation', 'education', 'livelihood', 'return_reintegration',
  'child_protection'];
export const GROUPS = ['children', 'women', 'men', 'families'];
const MANAGERS = new Set(['supervisor', 'admin']);
const FILTERS = ['service', 'accepts', 'language', 'region', 'all'];

function choice(id, name, values, label, selected) {
  return control(id, label, h('select', { id, name },
    h('option', { value: '' }, t('list.any')),
    values.map(([v, text]) => h('option', { value: v,
      selected: v === selected }, text))));
}

// The filters, kept in the address: a directory search names no one.
function filterForm(q) {
  const form = h('form', { class: 'filters row', role: 'search' },
    choice('pf-service', 'service', SERVICES.map(s =>
      [s, t(`service.${s}`)]), t('provider.service'), q.get('service')),
    choice('pf-accepts', 'accepts', GROUPS.map(g =>
      [g, t(`clients.${g}`)]), t('provider.accepts_one'), q.get('accepts')),
    control('pf-region', t('provider.region'), h('input', { id: 'pf-region',
      name: 'region', type: 'search', dir: 'auto',
      value: q.get('region') || '' })),
    control('pf-language', t('provider.language'), h('input', {
      id: 'pf-language', name: 'language', type: 'search', dir: 'ltr',
      placeholder: 'ar, ckb, en', value: q.get('language') || '' })),
    h('div', { class: 'field check' },
      h('input', { id: 'pf-all', name: 'all', type: 'checkbox',
                   value: 'true', checked: q.get('all') === 'true' }),
      h('label', { for: 'pf-all' }, t('provider.inactive_too'))),
    h('button', { type: 'submit' }, t('provider.search')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) next.set(k, v.trim());
    location.hash = `#/providers${next.toString() ? `?${next}` : ''}`;
  });
  return form;
}

function names(prefix, values) {
  return values.map(v => t(`${prefix}.${v}`)).join(t('common.list_separator'));
}

// A group of checkboxes for a list field; checked holds the values on.
function checks(id, name, values, label, checked, prefix) {
  return h('fieldset', { class: 'checks', id },
    h('legend', {}, label),
    values.map(v => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, value: v,
                   checked: checked.includes(v) }),
      t(`${prefix}.${v}`))));
}

// The form that adds a provider, or changes p (its version included).
function providerForm(p, agencies, done) {
  const id = p ? 'pe' : 'pa';
  const input = (name, label, attrs) => control(`${id}-${name}`, label,
    h('input', Object.assign({ id: `${id}-${name}`, name, type: 'text',
      dir: 'auto', value: p && p[name] != null ? String(p[name]) : '' },
    attrs)));
  const form = h('form', { class: 'card provider-form',
                           'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, p ? t('provider.edit', { name: p.name }) :
      t('provider.add')),
    h('div', { class: 'row' },
      !p && input('code', t('admin.code'), { dir: 'ltr', required: true,
        pattern: '[A-Z][A-Z0-9]*(-[A-Z0-9]+)*', maxlength: 32,
        autocapitalize: 'characters' }),
      input('name', t('admin.name'), { required: true }),
      input('region', t('provider.region'), { required: true })),
    checks(`${id}-services`, 'services', SERVICES, t('provider.services'),
      p ? p.services : [], 'service'),
    checks(`${id}-accepts`, 'accepts', GROUPS, t('provider.accepts'),
      p ? p.accepts : [], 'clients'),
    h('div', { class: 'row' },
      input('languages', t('provider.languages'), { dir: 'ltr',
        value: p ? p.languages.join(' ') : '', placeholder: 'ar ckb en',
        'aria-describedby': `${id}-languages-hint` }),
      input('capacity', t('provider.capacity'), { type: 'number', min: 0,
        max: 100000, dir: 'ltr' }),
      control(`${id}-agency`, t('provider.agency'), h('select', {
        id: `${id}-agency`, name: 'agency' },
      h('option', { value: '' }, t('provider.external')),
      agencies.map(a => h('option', { value: a.code,
        selected: p && p.agency === a.code }, a.code))))),
    h('small', { class: 'hint', id: `${id}-languages-hint` },
      t('provider.languages_hint')),
    control(`${id}-contact`, t('provider.contact'), h('textarea', {
      id: `${id}-contact`, name: 'contact', rows: 2, dir: 'auto' },
    p && p.contact ? p.contact : '')),
    p && h('div', { class: 'field check' },
      h('input', { id: `${id}-active`, name: 'active', type: 'checkbox',
                   checked: p.active }),
      h('label', { for: `${id}-active` }, t('provider.takes_referrals'))),
    h('button', { type: 'submit', class: 'primary' },
      p ? t('provider.save') : t('provider.add')));
  submitting(form, async data => {
    const capacity = data.get('capacity');
    const body = {
      name: data.get('name'), region: data.get('region'),
      services: data.getAll('services'), accepts: data.getAll('accepts'),
      languages: data.get('languages').split(/[\s,]+/).filter(Boolean),
      capacity: capacity === '' ? null : Number(capacity),
      agency: data.get('agency') || null,
      contact: data.get('contact') || null,
    };
    if (p) {
      body.version = p.version;
      body.active = data.get('active') === 'on';
      await api.post(`/providers/${encodeURIComponent(p.code)}`, body);
    } else {
      body.code = data.get('code');
      await api.post('/providers', body);
    }
    done();
  });
  return form;
}

function providerRow(p, manage, edit) {
  return h('tr', { class: p.active ? '' : 'inactive' },
    h('td', {}, ltr(p.code, 'ref'),
      !p.active && h('span', { class: 'badge' }, t('provider.inactive'))),
    h('td', { dir: 'auto' }, p.name,
      p.agency && h('div', { class: 'hint' },
        t('provider.in_tipsom', { agency: p.agency }))),
    h('td', { dir: 'auto' }, p.region),
    h('td', {}, names('service', p.services)),
    h('td', {}, names('clients', p.accepts)),
    h('td', {}, ltr(p.languages.join(' '))),
    h('td', {}, p.capacity == null ? '—' : formatNumber(p.capacity)),
    h('td', { dir: 'auto', class: 'contact' }, p.contact || '—'),
    manage && h('td', {}, h('button', { type: 'button', class: 'small',
      onclick: () => edit(p) }, t('provider.change'))));
}

// Shows the directory in main, filtered by the address's query.
export async function providersPage(main, query, session, again) {
  const q = new URLSearchParams(query);
  const manage = MANAGERS.has(session.user.role);
  const params = new URLSearchParams();
  for (const k of FILTERS) if (q.get(k)) params.set(k, q.get(k));
  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, t('home.title'))),
    h('h1', {}, t('provider.title')),
    h('p', { class: 'hint' }, t('provider.intro')),
    filterForm(q));
  let list, agencies;
  try {
    [list, agencies] = await Promise.all([
      api.get(`/providers?${params}`),
      manage ? api.get('/agencies') : { items: [] }]);
  } catch (err) {
    main.append(h('p', { class: 'message error', role: 'alert' },
      err.status === 403 ? t('provider.forbidden') :
        t('common.failed', { reason: errorText(err) })));
    return;
  }
  const slot = h('div', {});
  const edit = p => {
    replace(slot, providerForm(p, agencies.items, again));
    slot.scrollIntoView({ block: 'start' });
    slot.querySelector('input:not([type=hidden])').focus();
  };
  main.append(h('p', { role: 'status' }, t('provider.count',
    { count: formatNumber(list.items.length) })),
  list.items.length ? h('div', { class: 'scroll', tabindex: '0',
    role: 'region', 'aria-label': t('provider.title') },
  h('table', { class: 'providers' },
    h('thead', {}, h('tr', {}, ['admin.code', 'admin.name',
      'provider.region', 'provider.services', 'provider.accepts',
      'provider.languages', 'provider.capacity', 'provider.contact']
      .map(k => h('th', { scope: 'col' }, t(k))),
    manage && h('th', { scope: 'col' }, t('admin.actions')))),
    h('tbody', {}, list.items.map(p => providerRow(p, manage, edit)))))
    : h('p', { class: 'message info' }, t('provider.none')),
  slot,
  manage && providerForm(null, agencies.items, again));
}
