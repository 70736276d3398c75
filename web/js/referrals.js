// SPDX-License-Identifier: Apache-2.0
// referrals.js - referring a person to a service provider with their
// informed consent (the case page), a referral's own page with its
// history and the moves the user's side may make, and a provider
// agency's list of referrals received (the home page).
import { h, facts, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, language, formatDate, formatNumber, errorText } from
  './i18n.js';
import { control, pageData, submitting } from './forms.js';
import { SERVICES } from './providers.js';

const SCOPES = ['identity', 'contact', 'needs', 'case_summary', 'suspects'];
const NOT_REFERRED = new Set(['suspect', 'accused']);
export const ANSWERERS = new Set(['supervisor', 'caseworker']);

// The moves of src/core/referral.h: from, to, whose.
const MOVES = [
  ['proposed', 'sent', 'referrer'], ['proposed', 'withdrawn', 'referrer'],
  ['sent', 'accepted', 'provider'], ['sent', 'declined', 'provider'],
  ['sent', 'withdrawn', 'referrer'],
  ['accepted', 'in_progress', 'provider'],
  ['accepted', 'withdrawn', 'referrer'],
  ['in_progress', 'completed', 'provider'],
  ['in_progress', 'withdrawn', 'referrer'],
];
const NEEDS_REASON = new Set(['declined', 'withdrawn']);

function status(s) {
  return h('span', { class: `badge referral-${s}` }, t(`referral_status.${s}`));
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

function checks(name, values, label, on) {
  return h('fieldset', { class: 'checks' }, h('legend', {}, label),
    values.map(v => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, value: v,
                   checked: on.includes(v) }), t(`scope.${v}`))));
}

// The form that refers a person of the case; done() after it is sent.
function referForm(view, hidden, done) {
  const people = view.people.filter(p => !NOT_REFERRED.has(p.role));
  const providers = h('select', { id: 'rf-provider', name: 'provider',
                                  required: true });
  const fillProviders = async service => {
    const list = await api.get(`/providers?service=${service}`);
    replace(providers, list.items.map(p => h('option', { value: p.code },
      `${p.name} (${p.region})`)));
  };
  const service = h('select', { id: 'rf-service', name: 'service',
    onchange: e => fillProviders(e.target.value) },
  SERVICES.map(s => h('option', { value: s }, t(`service.${s}`))));
  const text = (id, name, label, attrs) => control(id, label,
    h('input', Object.assign({ id, name, type: 'text', dir: 'auto' },
      attrs)));
  const area = (id, name, label, attrs) => control(id, label,
    h('textarea', Object.assign({ id, name, rows: 2, dir: 'auto' }, attrs)));
  const form = h('form', { class: 'refer', 'aria-labelledby': 'rf-title' },
    h('h3', { id: 'rf-title' }, t('referral.make')),
    h('div', { class: 'row' },
      control('rf-person', t('referral.person'), h('select', {
        id: 'rf-person', name: 'person', required: true },
      people.map(p => h('option', { value: p.person_id },
        `${hidden || !p.name ? `#${p.person_id}` : p.name} · ` +
        t(`case_role.${p.role}`) + (p.child ? ` · ${t('case.child')}` :
          ''))))),
      control('rf-service', t('provider.service'), service),
      control('rf-provider', t('referral.provider'), providers)),
    area('rf-needs', 'needs', t('referral.needs')),
    h('div', { class: 'field check' },
      h('input', { id: 'rf-family', name: 'with_family',
                   type: 'checkbox' }),
      h('label', { for: 'rf-family' }, t('referral.with_family'))),
    h('fieldset', { class: 'consent' },
      h('legend', {}, t('referral.consent')),
      h('p', { class: 'hint' }, t('referral.consent_hint')),
      area('rf-explained', 'explained', t('referral.explained'),
        { required: true, rows: 3 }),
      h('div', { class: 'row' },
        text('rf-language', 'language', t('referral.language'),
          { required: true, dir: 'ltr', value: language(),
            placeholder: 'ar, ckb, prs' }),
        text('rf-interpreter', 'interpreter', t('referral.interpreter')),
        text('rf-given-on', 'given_on', t('referral.given_on'),
          { type: 'date', required: true, dir: 'ltr', value: today() })),
      checks('scope', SCOPES, t('referral.scope'),
        ['identity', 'contact', 'needs']),
      h('p', { class: 'hint' }, t('referral.child_hint')),
      h('div', { class: 'row' },
        text('rf-guardian', 'guardian', t('referral.guardian')),
        area('rf-best-interests', 'best_interests',
          t('referral.best_interests')))),
    checks('shares', SCOPES, t('referral.shares'),
      ['identity', 'contact', 'needs']),
    h('p', { class: 'hint' }, t('referral.shares_hint')),
    h('div', { class: 'field check' },
      h('input', { id: 'rf-send', name: 'send', type: 'checkbox',
                   checked: true }),
      h('label', { for: 'rf-send' }, t('referral.send_now'))),
    h('button', { type: 'submit', class: 'primary' }, t('referral.make')));
  submitting(form, async data => {
    const r = await api.post(`/cases/${encodeURIComponent(view.case.ref)}` +
      '/referrals', {
      person: Number(data.get('person')), provider: data.get('provider'),
      service: data.get('service'), needs: data.get('needs') || null,
      with_family: data.get('with_family') === 'on',
      shares: data.getAll('shares'),
      send: data.get('send') === 'on',
      consent: {
        explained: data.get('explained'), language: data.get('language'),
        interpreter: data.get('interpreter') || null,
        scope: data.getAll('scope'), given_on: data.get('given_on'),
        guardian: data.get('guardian') || null,
        best_interests: data.get('best_interests') || null,
      },
    });
    done(r);
  });
  fillProviders(SERVICES[0]).catch(err => {
    form.prepend(h('p', { class: 'message error', role: 'alert' },
      errorText(err)));
  });
  return form;
}

function referralTable(items) {
  return h('table', { class: 'referrals' },
    h('thead', {}, h('tr', {}, ['referral.number', 'referral.provider',
      'provider.service', 'referral.status', 'referral.updated']
      .map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map(r => h('tr', {},
      h('td', {}, ltr(h('a', { href: `#/referrals/${r.id}` },
        `#${r.id}`))),
      h('td', { dir: 'auto' }, r.provider.name),
      h('td', {}, t(`service.${r.service}`)),
      h('td', {}, status(r.status)),
      h('td', {}, formatDate(r.updated_at, true))))));
}

// The referrals section of the case page (its own agency's view).
export function caseReferrals(view, who, hidden) {
  const section = h('section', { class: 'card',
                                 'aria-labelledby': 'referrals-title' },
    h('h2', { id: 'referrals-title' }, t('referral.title')));
  const list = h('div', {});
  const work = h('div', {});
  const load = async () => {
    try {
      const r = await api.get(`/cases/${encodeURIComponent(view.case.ref)}` +
        '/referrals');
      replace(list, r.items.length ? referralTable(r.items) :
        h('p', {}, t('referral.none')));
    } catch (err) {
      replace(list, h('p', { class: 'message error', role: 'alert' },
        errorText(err)));
    }
  };
  section.append(list);
  if (who.own && view.case.status === 'open' && who.role !== 'prosecutor') {
    section.append(h('p', {}, h('button', { type: 'button', onclick: () => {
      replace(work, referForm(view, hidden, r => {
        replace(work, h('p', { class: 'message info', role: 'status' },
          t('referral.made', { id: r.id })));
        load();
      }));
      work.querySelector('select').focus();
    } }, t('referral.make'))), work);
  }
  load();
  return section;
}

// The referrals sent to the user's agency as a provider, for the home
// page; null when there are none.
export async function inboxSection() {
  const r = await api.get('/referrals?box=in&limit=50');
  const live = r.items.filter(x => ['sent', 'accepted', 'in_progress']
    .includes(x.status));
  if (!live.length) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'inbox-title' },
    h('h2', { id: 'inbox-title' }, t('referral.inbox')),
    referralTable(live));
}

function moveForm(r, to, again) {
  const needs = NEEDS_REASON.has(to);
  const form = h('form', { class: 'move' },
    needs && control(`mv-${to}`, t('referral.reason'), h('textarea', {
      id: `mv-${to}`, name: 'reason', rows: 2, dir: 'auto',
      required: true })),
    h('button', { type: 'submit', class: needs ? '' : 'primary' },
      t(`referral.to.${to}`)));
  submitting(form, async data => {
    await api.post(`/referrals/${r.id}/status`, { status: to,
      reason: data.get('reason') || undefined });
    again();
  });
  return form;
}

function withdrawConsentForm(r, again) {
  const form = h('form', { class: 'move' },
    control('wc-reason', t('referral.withdraw_reason'), h('textarea', {
      id: 'wc-reason', name: 'reason', rows: 2, dir: 'auto',
      required: true })),
    h('button', { type: 'submit' }, t('referral.withdraw_consent')));
  submitting(form, async data => {
    await api.post(`/referrals/${r.id}/withdraw-consent`,
      { reason: data.get('reason') });
    again();
  });
  return form;
}

// Shows referral id in main, as the user's side may see it.
export async function referralPage(main, id, hidden) {
  const again = () => referralPage(main, id, hidden);
  const r = await pageData(main, `/referrals/${encodeURIComponent(id)}`,
    t('referral.title'), t('referral.not_found'));
  if (!r) return;
  const referrer = 'consent' in r;
  const side = referrer ? 'referrer' : 'provider';
  // An external provider's answers are recorded by the referrer.
  const mine = MOVES.filter(([from, , whose]) => from === r.status &&
    (whose === side || (referrer && !r.provider.agency)));
  const scope = list => list.map(s => t(`scope.${s}`))
    .join(t('common.list_separator'));
  const c = r.consent;
  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, t('home.title'))),
    h('h1', {}, t('referral.heading', { id: formatNumber(r.id) }), ' ',
      status(r.status)),
    h('section', { class: 'card' }, facts([
      [t('referral.case'), referrer ? ltr(h('a', {
        href: `#/cases/${encodeURIComponent(r.case)}` }, r.case)) :
        ltr(r.case)],
      [t('referral.from'), ltr(r.agency)],
      [t('referral.provider'), h('span', { dir: 'auto' }, r.provider.name)],
      [t('provider.service'), t(`service.${r.service}`)],
      r.child && [t('case.child'), t('case.yes')],
      [t('referral.shares'), scope(r.shares) || '—'],
      r.consent_withdrawn_at && [t('referral.consent_withdrawn'),
        formatDate(r.consent_withdrawn_at, true)],
    ])),
    !referrer && h('section', { class: 'card', 'aria-labelledby':
      'shared-title' }, h('h2', { id: 'shared-title' },
      t('referral.shared')),
    r.open ? facts([
      'name' in r && [t('case.name'), hidden ? t('case.hidden_name') :
        h('span', { dir: 'auto' }, r.name)],
      'contacts' in r && [t('referral.contacts'), hidden ?
        t('case.hidden_name') : r.contacts.map(x => h('div', { dir: 'auto' },
          `${t(`contact.${x.kind}`)}: `, ltr(x.value)))],
      'needs' in r && [t('referral.needs'), h('span', { dir: 'auto' },
        r.needs || '—')],
      'case_summary' in r && [t('referral.case_summary'),
        h('span', { dir: 'auto' }, r.case_summary.title || '')],
      'suspects' in r && [t('referral.suspects'), hidden ?
        t('case.hidden_name') : r.suspects.join(t('common.list_separator'))],
    ]) : h('p', { class: 'message info' }, t('referral.nothing_shared'))),
    referrer && h('section', { class: 'card', 'aria-labelledby':
      'consent-title' }, h('h2', { id: 'consent-title' },
      t('referral.consent')), facts([
      [t('referral.explained'), h('span', { dir: 'auto' }, c.explained)],
      [t('referral.language'), ltr(c.language)],
      c.interpreter && [t('referral.interpreter'),
        h('span', { dir: 'auto' }, c.interpreter)],
      [t('referral.scope'), scope(c.scope)],
      [t('referral.given_on'), formatDate(c.given_on)],
      c.guardian && [t('referral.guardian'),
        h('span', { dir: 'auto' }, c.guardian)],
      c.best_interests && [t('referral.best_interests'),
        h('span', { dir: 'auto' }, c.best_interests)],
      r.needs && [t('referral.needs'), h('span', { dir: 'auto' }, r.needs)],
      c.withdrawn_reason && [t('referral.withdraw_reason'),
        h('span', { dir: 'auto' }, c.withdrawn_reason)],
    ])),
    (mine.length || !r.consent_withdrawn_at) && h('section', {
      class: 'card actions-card', 'aria-labelledby': 'moves-title' },
    h('h2', { id: 'moves-title' }, t('referral.actions')),
    mine.map(([, to]) => moveForm(r, to, again)),
    !r.consent_withdrawn_at && withdrawConsentForm(r, again)),
    h('section', { class: 'card', 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, t('referral.history')),
      h('table', { class: 'history' },
        h('thead', {}, h('tr', {}, ['referral.when', 'referral.status',
          'referral.by', 'referral.reason'].map(k => h('th', { scope: 'col' },
          t(k))))),
        h('tbody', {}, r.history.map(e => h('tr', {},
          h('td', {}, formatDate(e.at, true)), h('td', {}, status(e.status)),
          h('td', {}, ltr(`${e.by} (${e.agency})`)),
          h('td', { dir: 'auto' }, e.reason || '—')))))));
}
