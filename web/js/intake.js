// SPDX-License-Identifier: Apache-2.0
// intake.js - reports of a suspected trafficking or smuggling situation:
// the form anyone who works cases fills in (#/intake/new), the reports
// one sent and where each stands (#/intake/sent), the reports an agency
// received, urgent ones first (#/intake), one report (#/intake/REF) with
// acknowledging and linking duplicates, and the urgent banner of a
// supervisor's home page.
import { h, facts, fill, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, formatDate, formatNumber, errorText } from './i18n.js';
import { control, pageData, submitting } from './forms.js';

// src/core/access.c: intake.report and intake.triage.
export const REPORTERS = new Set(['supervisor', 'investigator', 'caseworker',
                                  'prosecutor']);
export const TRIAGERS = new Set(['supervisor', 'investigator']);
// The agencies that receive reports (core/intake.c intake_receives).
const RECEIVING = new Set(['law_enforcement', 'border_guard']);

const enc = encodeURIComponent;

function status(s) {
  return h('span', { class: `badge intake-${s}` }, t(`intake_status.${s}`));
}

function urgentBadge(r) {
  return r.urgent && h('span', { class: 'badge intake-urgent' },
    t('intake.urgent'));
}

function refLink(ref) {
  return ltr(h('a', { href: `#/intake/${enc(ref)}` }, ref), 'ref');
}

// The links home: the form, one's own reports, the agency's.
export function intakeLinks(session) {
  const role = session.user.role;
  return h('p', { class: 'intake-links' },
    REPORTERS.has(role) && h('a', { class: 'button primary',
      href: '#/intake/new', id: 'report-suspected' }, t('intake.new')),
    REPORTERS.has(role) && h('a', { href: '#/intake/sent' },
      t('intake.sent_title')),
    TRIAGERS.has(role) && h('a', { href: '#/intake' },
      t('intake.received_title')));
}

// A supervisor's flag of the urgent reports nobody acknowledged yet, each
// with its Acknowledge button; null when there are none.
export async function urgentBanner(session) {
  if (session.user.role !== 'supervisor') return null;
  const list = await api.get('/intake?urgent=true&limit=50');
  if (!list.items.length) return null;
  const section = h('section', { class: 'card intake-banner', role: 'alert',
                                 'aria-labelledby': 'urgent-title' });
  const draw = items => {
    if (!items.length) {
      section.remove();
      return;
    }
    replace(section,
      h('h2', { id: 'urgent-title' }, t('intake.urgent_title',
        { n: formatNumber(items.length) })),
      h('ul', {}, items.map(r => h('li', { class: 'urgent-report' },
        refLink(r.ref), ' ',
        t('intake.urgent_line', { agency: r.reporter_agency,
          at: formatDate(r.created_at, true) }), ' ',
        h('button', { type: 'button', class: 'primary',
          'data-ref': r.ref, onclick: async e => {
            e.target.disabled = true;
            try {
              await api.post(`/intake/${enc(r.ref)}/acknowledge`);
              draw(items.filter(x => x.ref !== r.ref));
            } catch (err) {
              e.target.disabled = false;
              section.append(h('p', { class: 'message error',
                role: 'alert' }, errorText(err)));
            }
          } }, t('intake.acknowledge'))))));
  };
  draw(list.items);
  return section;
}

function field(id, name, label, attrs, hint) {
  return control(id, label, h('input', Object.assign({ id, name,
    type: 'text', dir: 'auto' }, attrs)), hint);
}

function area(id, name, label, attrs) {
  return control(id, label, h('textarea', Object.assign({ id, name,
    rows: 3, dir: 'auto' }, attrs)));
}

function choice(id, name, label, values, text) {
  return control(id, label, h('select', { id, name },
    values.map(([v, selected]) => h('option', { value: v, selected },
      text(v)))));
}

// #/intake/new: the form; once sent, its reference.
export async function reportPage(main, session) {
  let agencies = [];
  try {
    agencies = (await api.get('/agencies')).items
      .filter(a => RECEIVING.has(a.kind));
  } catch (err) { /* the server names those that receive */ }
  const own = agencies.some(a => a.code === session.user.agency);
  const form = h('form', { class: 'card intake-form',
                           'aria-labelledby': 'intake-title' },
    h('h1', { id: 'intake-title' }, t('intake.new')),
    h('p', { class: 'hint' }, t('intake.form_hint')),
    control('in-to', t('intake.to'), h('select', { id: 'in-to', name: 'to',
      required: true },
      !own && h('option', { value: '' }, t('intake.to_choose')),
      agencies.map(a => h('option', { value: a.code,
        selected: a.code === session.user.agency }, `${a.code} — ${a.name}`)))),
    h('div', { class: 'field check' },
      h('input', { id: 'in-urgent', name: 'urgent', type: 'checkbox' }),
      h('label', { for: 'in-urgent' }, t('intake.urgent_check'))),
    area('in-what', 'what', t('intake.what'), { required: true, rows: 4 }),
    h('div', { class: 'row' },
      field('in-where', 'where', t('intake.where')),
      field('in-when', 'when', t('intake.when'), {},
        t('intake.when_hint'))),
    area('in-at-risk', 'at_risk', t('intake.at_risk')),
    h('div', { class: 'row' },
      field('in-people', 'people', t('intake.people'), { type: 'number',
        min: 1, dir: 'ltr' }),
      choice('in-children', 'children', t('intake.children'),
        [['unknown', true], ['yes'], ['no']], v => t(`answer.${v}`)),
      choice('in-suspected', 'suspected', t('intake.suspected'),
        [['unsure', true], ['trafficking'], ['smuggling']],
        v => t(`intake_suspected.${v}`))),
    h('fieldset', {},
      h('legend', {}, t('intake.contact_title')),
      h('p', { class: 'hint' }, t('intake.contact_hint')),
      h('div', { class: 'row' },
        field('in-contact-name', 'contact_name', t('intake.contact_name')),
        field('in-contact', 'contact', t('intake.contact')),
        field('in-contact-times', 'contact_times',
          t('intake.contact_times')))),
    h('button', { type: 'submit', class: 'primary' }, t('intake.send')));
  submitting(form, async data => {
    const text = name => (data.get(name) || '').trim() || undefined;
    const body = { to: text('to'), what: data.get('what') || '',
      where: text('where'), when: text('when'), at_risk: text('at_risk'),
      children: data.get('children'), suspected: data.get('suspected'),
      urgent: data.get('urgent') === 'on' };
    if (text('people')) body.people = Number(text('people'));
    const contact = { name: text('contact_name'), contact: text('contact'),
                      times: text('contact_times') };
    if (contact.name || contact.contact || contact.times) {
      body.contact = contact;
    }
    const made = await api.post('/intake', body);
    sentPage(main, made.report);
  });
  replace(main, form);
  main.querySelector('#in-what').focus();
}

// What the reporter is told: the reference to quote, and no more.
function sentPage(main, r) {
  replace(main, h('section', { class: 'card intake-sent', role: 'status' },
    h('h1', {}, t('intake.sent_heading')),
    h('p', { class: 'intake-ref' }, fill(t('intake.sent_ref'),
      { ref: ltr(h('strong', { id: 'intake-ref' }, r.ref)),
        agency: ltr(r.agency) })),
    r.anonymous && h('p', { class: 'message info' }, t('intake.anonymous')),
    h('p', {}, h('a', { href: '#/intake/sent' }, t('intake.sent_title')))));
  main.querySelector('#intake-ref').focus();
}

function reportsTable(items, received) {
  return h('table', { class: 'intake' },
    h('thead', {}, h('tr', {}, (received ?
      ['intake.ref', 'intake.status', 'intake.suspected', 'intake.from',
       'intake.received_at', 'intake.case', 'intake.links'] :
      ['intake.ref', 'intake.status', 'intake.suspected', 'intake.to',
       'intake.received_at']).map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map(r => h('tr', {
      class: r.urgent && !r.acknowledged_at ? 'urgent' : '' },
      h('td', {}, refLink(r.ref), ' ', urgentBadge(r)),
      h('td', {}, status(r.status)),
      h('td', {}, t(`intake_suspected.${r.suspected}`)),
      h('td', {}, ltr(received ? r.reporter_agency : r.agency)),
      h('td', {}, formatDate(r.created_at, true)),
      received && h('td', {}, ltr(h('a', {
        href: `#/cases/${enc(r.case)}` }, r.case))),
      received && h('td', {}, r.links ? formatNumber(r.links) : '—')))));
}

// #/intake (received) and #/intake/sent: a list of reports.
export async function listPage(main, sent) {
  const title = t(sent ? 'intake.sent_title' : 'intake.received_title');
  const list = await pageData(main, sent ? '/intake/sent?limit=200' :
    '/intake?limit=200', title, '');
  if (!list) return;
  replace(main, h('h1', {}, title),
    list.items.length ? reportsTable(list.items, !sent) :
      h('p', { class: 'message info' }, t('intake.none')));
}

function linkForm(r, again) {
  const form = h('form', { class: 'row intake-link-form' },
    field('il-other', 'other', t('intake.link_other'), { required: true,
      dir: 'ltr', placeholder: 'RPT-2026-00001' }),
    h('div', { class: 'field' }, h('span', {}, '\u00a0'),
      h('button', { type: 'submit' }, t('intake.link'))));
  submitting(form, async data => {
    await api.post(`/intake/${enc(r.ref)}/links`,
      { other: (data.get('other') || '').trim() });
    again();
  });
  return form;
}

// #/intake/REF: a report as the user may see it.
export async function intakePage(main, ref) {
  const again = () => intakePage(main, ref);
  const v = await pageData(main, `/intake/${enc(ref)}`, ref,
    t('intake.not_found'));
  if (!v) return;
  const r = v.report;
  const d = v.details;
  const rows = [
    [t('intake.status'), status(r.status)],
    r.urgent && [t('intake.urgency'), urgentBadge(r)],
    [t('intake.suspected'), t(`intake_suspected.${r.suspected}`)],
    [t('intake.to'), ltr(r.agency)],
    [t('intake.from'), [ltr(r.reporter), ' (', ltr(r.reporter_agency), ')']],
    [t('intake.received_at'), formatDate(r.created_at, true)],
    r.acknowledged_at && [t('intake.acknowledged'),
      [formatDate(r.acknowledged_at, true),
       r.acknowledged_by ? [' — ', ltr(r.acknowledged_by)] : '']],
    r.case && [t('intake.case'), ltr(h('a', { href: `#/cases/${enc(r.case)}`,
      id: 'intake-case' }, r.case))],
    [t('intake.people'), r.people === null ? t('intake.not_known') :
      formatNumber(r.people)],
    [t('intake.children'), t(`answer.${r.children}`)],
  ];
  if (d) {
    rows.push([t('intake.what'), h('span', { dir: 'auto' }, d.what)],
      d.where && [t('intake.where'), h('span', { dir: 'auto' }, d.where)],
      d.when && [t('intake.when'), h('span', { dir: 'auto' }, d.when)],
      d.at_risk && [t('intake.at_risk'), h('span', { dir: 'auto' },
        d.at_risk)],
      [t('intake.contact_title'), r.anonymous ?
        [t('intake.anonymous_short'), d.contact.name ? [' — ', h('span',
          { dir: 'auto' }, d.contact.name)] : ''] :
        [h('span', { dir: 'auto' }, d.contact.name || ''), ' ',
         ltr(d.contact.contact), d.contact.times ? [' (', h('span',
           { dir: 'auto' }, d.contact.times), ')'] : '']]);
  }
  replace(main, h('h1', {}, ltr(r.ref)), facts(rows));
  if (!d) {
    main.append(h('p', { class: 'hint' }, t('intake.reporter_hint')));
    return;
  }
  if (!r.acknowledged_at) {
    const ack = h('form', {}, h('button', { type: 'submit',
      class: 'primary', id: 'intake-ack' }, t('intake.acknowledge')));
    submitting(ack, async () => {
      await api.post(`/intake/${enc(r.ref)}/acknowledge`);
      again();
    });
    main.append(ack);
  }
  const links = h('section', { class: 'card',
                               'aria-labelledby': 'links-title' },
    h('h2', { id: 'links-title' }, t('intake.links_title')),
    v.links.length ? h('ul', {}, v.links.map(l => h('li', {},
      refLink(l.ref), ' ', l.urgent && h('span', { class:
        'badge intake-urgent' }, t('intake.urgent')), ' ',
      t('intake.linked_by', { user: l.linked_by,
        at: formatDate(l.linked_at, true) }), ' ',
      h('button', { type: 'button', onclick: async e => {
        e.target.disabled = true;
        try {
          await api.post(`/intake/${enc(r.ref)}/unlink`, { other: l.ref });
          again();
        } catch (err) {
          e.target.disabled = false;
          links.append(h('p', { class: 'message error', role: 'alert' },
            errorText(err)));
        }
      } }, t('intake.unlink'))))) :
      h('p', { class: 'hint' }, t('intake.no_links')),
    linkForm(r, again));
  main.append(links);
}
