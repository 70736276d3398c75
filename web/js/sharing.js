// SPDX-License-Identifier: Apache-2.0
// sharing.js - the case page's sharing section, for the supervisors of
// the agency that owns a case: whom it is shared with and how much
// (whole case, victim assistance only, suspects and evidence only),
// sharing it, ending a share, and handing the case over to another
// agency.  The rules are the server's (src/core/access.c); this page
// only asks.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, formatDate, errorText } from './i18n.js';
import { control, submitting } from './forms.js';

export const SHARE_SCOPES = ['whole', 'assistance', 'investigation'];

function caseUrl(ref, rest) {
  return `/cases/${encodeURIComponent(ref)}/${rest}`;
}

function scopeChoice(name, checked) {
  return h('fieldset', { class: 'choices' },
    h('legend', {}, t('share.scope')),
    SHARE_SCOPES.map(s => h('label', { class: 'check' },
      h('input', { type: 'radio', name, value: s, required: true,
                   checked: s === checked }),
      h('span', {}, h('strong', {}, t(`share_scope.${s}`)), ' — ',
        t(`share.scope_hint.${s}`)))));
}

async function agencyOptions(select, own) {
  const list = await api.get('/agencies');
  replace(select, list.items.filter(a => a.code !== own && a.active !== false)
    .map(a => h('option', { value: a.code }, `${a.code} · ${a.name}`)));
}

function shareForm(view, done) {
  const agency = h('select', { id: 'sh-agency', name: 'agency',
                               required: true });
  const form = h('form', { class: 'share', 'aria-labelledby': 'sh-title' },
    h('h3', { id: 'sh-title' }, t('share.add')),
    control('sh-agency', t('share.agency'), agency),
    scopeChoice('scope', null),
    control('sh-reason', t('share.reason'), h('textarea', {
      id: 'sh-reason', name: 'reason', rows: 2, dir: 'auto',
      required: true })),
    control('sh-until', t('share.until'), h('input', { id: 'sh-until',
      name: 'until', type: 'date', dir: 'ltr' }), t('share.until_hint')),
    h('button', { type: 'submit', class: 'primary' }, t('share.add')));
  submitting(form, async data => {
    await api.post(caseUrl(view.case.ref, 'shares'), {
      agency: data.get('agency'), scope: data.get('scope'),
      reason: data.get('reason'), until: data.get('until') || undefined });
    done();
  });
  agencyOptions(agency, view.case.agency).catch(err => form.prepend(
    h('p', { class: 'message error', role: 'alert' }, errorText(err))));
  return form;
}

function revokeForm(ref, share, done) {
  const id = `rv-${share.id}`;
  const form = h('form', { class: 'move' },
    control(id, t('share.revoke_reason'), h('textarea', { id,
      name: 'reason', rows: 2, dir: 'auto', required: true })),
    h('button', { type: 'submit' }, t('share.revoke')));
  submitting(form, async data => {
    await api.post(caseUrl(ref, `shares/${share.id}/revoke`),
      { reason: data.get('reason') });
    done();
  });
  return form;
}

function transferForm(view, done) {
  const agency = h('select', { id: 'tr-agency', name: 'agency',
                               required: true });
  const keep = h('select', { id: 'tr-keep', name: 'keep' },
    h('option', { value: '' }, t('transfer.keep_none')),
    SHARE_SCOPES.map(s => h('option', { value: s }, t(`share_scope.${s}`))));
  const form = h('form', { class: 'transfer',
                           'aria-labelledby': 'tr-title' },
    h('h3', { id: 'tr-title' }, t('transfer.title')),
    h('p', { class: 'hint' }, t('transfer.hint')),
    control('tr-agency', t('transfer.agency'), agency),
    control('tr-reason', t('transfer.reason'), h('textarea', {
      id: 'tr-reason', name: 'reason', rows: 2, dir: 'auto',
      required: true })),
    control('tr-lead', t('transfer.lead'), h('input', { id: 'tr-lead',
      name: 'lead', type: 'text', dir: 'ltr', autocomplete: 'off' }),
    t('transfer.lead_hint')),
    control('tr-keep', t('transfer.keep'), keep),
    h('button', { type: 'submit', class: 'primary' }, t('transfer.confirm')));
  submitting(form, async data => {
    const moved = await api.post(caseUrl(view.case.ref, 'transfers'), {
      agency: data.get('agency'), reason: data.get('reason'),
      lead: data.get('lead') || undefined,
      keep: data.get('keep') || undefined });
    done(moved);
  });
  agencyOptions(agency, view.case.agency).catch(err => form.prepend(
    h('p', { class: 'message error', role: 'alert' }, errorText(err))));
  return form;
}

function sharesTable(ref, items, again) {
  return h('table', { class: 'shares' },
    h('thead', {}, h('tr', {}, ['share.agency', 'share.scope',
      'share.state', 'share.until', 'share.reason', 'share.actions']
      .map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map(s => {
      const actions = h('td', {});
      if (s.state === 'live') {
        actions.append(h('button', { type: 'button', onclick: () => {
          replace(actions, revokeForm(ref, s, again));
          actions.querySelector('textarea').focus();
        } }, t('share.revoke')));
      }
      return h('tr', { 'data-share': s.id },
        h('td', {}, ltr(s.agency)),
        h('td', {}, t(`share_scope.${s.scope}`)),
        h('td', {}, h('span', { class: `badge share-${s.state}` },
          t(`share.state.${s.state}`)),
        s.revoke_reason && h('div', { class: 'hint', dir: 'auto' },
          s.revoke_reason)),
        h('td', {}, s.until ? formatDate(s.until) : t('share.no_end')),
        h('td', { dir: 'auto' }, s.reason),
        actions);
    })));
}

// The sharing section of the case page; gone() runs after a transfer,
// when the case is no longer the user's agency's to work.
export function sharingSection(view, gone) {
  const ref = view.case.ref;
  const list = h('div', {});
  const work = h('div', {});
  const moves = h('div', {});
  const load = async () => {
    try {
      const [shares, transfers] = await Promise.all([
        api.get(caseUrl(ref, 'shares')), api.get(caseUrl(ref, 'transfers'))]);
      replace(list, shares.items.length ?
        sharesTable(ref, shares.items, load) : h('p', {}, t('share.none')));
      replace(moves, transfers.items.length && h('ul', { class: 'transfers' },
        transfers.items.map(x => h('li', {}, t('transfer.line', {
          at: formatDate(x.at, true), from: x.from, to: x.to, by: x.by }),
        ' — ', h('span', { dir: 'auto' }, x.reason)))));
    } catch (err) {
      replace(list, h('p', { class: 'message error', role: 'alert' },
        errorText(err)));
    }
  };
  const section = h('section', { class: 'card',
                                 'aria-labelledby': 'sharing-title' },
    h('h2', { id: 'sharing-title' }, t('share.title')), list, moves);
  if (view.case.status === 'open') {
    section.append(h('p', { class: 'case-actions' },
      h('button', { type: 'button', onclick: () => {
        replace(work, shareForm(view, () => {
          replace(work, h('p', { class: 'message info', role: 'status' },
            t('share.done')));
          load();
        }));
        work.querySelector('select').focus();
      } }, t('share.add')),
      h('button', { type: 'button', onclick: () => {
        replace(work, transferForm(view, gone));
        work.querySelector('select').focus();
      } }, t('transfer.title'))), work);
  }
  load();
  return section;
}
