// SPDX-License-Identifier: Apache-2.0
// legal.js - the legal elements of a case, the classification tipsom
// suggests from them with its reasons, and the officer's decision.
import { h, replace } from './dom.js';
import * as api from './api.js';
import { t, has, formatDate } from './i18n.js';
import { problem } from './forms.js';

const TIP = {
  acts: ['recruitment', 'transport', 'transfer', 'harbouring', 'receipt'],
  means: ['threat', 'force', 'coercion', 'abduction', 'fraud', 'deception',
          'abuse_of_power', 'abuse_of_vulnerability',
          'payments_to_person_in_control'],
  purposes: ['sexual_exploitation', 'forced_labour',
             'slavery_or_similar_practices', 'servitude',
             'domestic_servitude', 'forced_begging', 'forced_criminality',
             'forced_marriage', 'removal_of_organs'],
};
const SOM = {
  procurement: ['illegal_entry', 'illegal_stay', 'fraudulent_documents'],
  aggravating: ['danger_to_life', 'inhuman_or_degrading_treatment',
                'exploitation'],
};
// The roles that assess and classify (src/core/access.c).
export const CLASSIFIERS = new Set(['supervisor', 'investigator',
                                    'prosecutor']);

function boxes(list, name, chosen) {
  return h('fieldset', { class: 'boxes' },
    h('legend', {}, t(`legal.${name}`)),
    list.map(v => h('label', {}, h('input', { type: 'checkbox', name,
      value: v, checked: chosen.includes(v) }), t(`element.${v}`))));
}

// A yes / no / not known choice, for what may not be established yet.
function triState(name, value) {
  const id = `legal-${name}`;
  return h('div', { class: 'field' },
    h('label', { for: id }, t(`legal.${name}`)),
    h('select', { id, name },
      [['', 'legal.unknown'], ['yes', 'answer.yes'], ['no', 'answer.no']]
        .map(([v, k]) => h('option', { value: v,
          selected: (value === true && v === 'yes') ||
            (value === false && v === 'no') ||
            ((value === null || value === undefined) && v === '') },
          t(k)))));
}

function tri(v) {
  return v === 'yes' ? true : v === 'no' ? false : null;
}

// A reason in the interface's language, by its code; the server's own
// words when the locale has none.
function reasonText(r) {
  const key = `reason.${r.code}`;
  return has(key) ? t(key) : r.text;
}

function assessmentView(a) {
  return h('div', { class: `assessment suggestion-${a.suggestion}`,
                    role: 'status' },
    h('p', {}, t('legal.suggestion'), ' ',
      h('strong', { id: 'legal-suggestion' },
        t(`suggestion.${a.suggestion}`))),
    h('ul', { class: 'reasons' }, a.reasons.map(r =>
      h('li', { 'data-code': r.code }, reasonText(r)))),
    h('p', { class: 'hint' }, t('legal.assessed_by', {
      who: a.by, when: formatDate(a.at, true) })),
    a.decision && h('p', {}, t('legal.decided', {
      kind: t(`kind.${a.decision}`) }), a.decision_reason ?
      ` — ${a.decision_reason}` : ''));
}

function elementsForm(ref, last, done) {
  const e = last ? last.elements : { tip: {}, som: {} };
  const tip = e.tip || {};
  const som = e.som || {};
  const form = h('form', { class: 'legal-form' },
    h('h3', {}, t('legal.tip')),
    boxes(TIP.acts, 'acts', tip.acts || []),
    boxes(TIP.means, 'means', tip.means || []),
    boxes(TIP.purposes, 'purposes', tip.purposes || []),
    h('div', { class: 'field check' },
      h('input', { type: 'checkbox', id: 'legal-consented',
                   name: 'victim_consented',
                   checked: !!tip.victim_consented }),
      h('label', { for: 'legal-consented' }, t('legal.victim_consented'))),
    h('h3', {}, t('legal.som')),
    boxes(SOM.procurement, 'procurement', som.procurement || []),
    triState('material_benefit', som.material_benefit),
    boxes(SOM.aggravating, 'aggravating', som.aggravating || []),
    triState('border_crossed', e.border_crossed),
    h('button', { type: 'submit', class: 'primary' }, t('legal.submit')));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const data = new FormData(form);
    const body = {
      tip: { acts: data.getAll('acts'), means: data.getAll('means'),
             purposes: data.getAll('purposes'),
             victim_consented: data.get('victim_consented') === 'on' },
      som: { procurement: data.getAll('procurement'),
             material_benefit: tri(data.get('material_benefit')),
             aggravating: data.getAll('aggravating') },
      border_crossed: tri(data.get('border_crossed')),
    };
    try {
      done(await api.post(`/cases/${encodeURIComponent(ref)}/assessment`,
                          body));
    } catch (err) {
      problem(form, err);
    }
  });
  return form;
}

function decisionForm(ref, a, done) {
  const kinds = ['tip', 'som', 'tip+som', 'unclassified'];
  const suggested = a.suggestion === 'insufficient' ? 'unclassified' :
    a.suggestion;
  const form = h('form', { class: 'decision-form' },
    h('div', { class: 'row' },
      h('div', { class: 'field' },
        h('label', { for: 'decision-kind' }, t('legal.decide')),
        h('select', { id: 'decision-kind', name: 'kind' }, kinds.map(k =>
          h('option', { value: k, selected: k === suggested },
            t(`kind.${k}`))))),
      h('div', { class: 'field' },
        h('label', { for: 'decision-reason' }, t('legal.decision_reason')),
        h('input', { id: 'decision-reason', name: 'reason', type: 'text',
                     dir: 'auto' }))),
    h('button', { type: 'submit' }, t('legal.classify')));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const data = new FormData(form);
    try {
      done(await api.post(`/cases/${encodeURIComponent(ref)}/` +
        'classification', { kind: data.get('kind'),
                            reason: data.get('reason') || undefined }));
    } catch (err) {
      problem(form, err);
    }
  });
  return form;
}

// The section of the case page; latest is the latest assessment or null.
export function legalSection(view, latest, who, refresh) {
  const ref = view.case.ref;
  const may = who.own && CLASSIFIERS.has(who.role) &&
    view.case.status === 'open';
  const work = h('div', {});
  const section = h('section', { class: 'card',
                                 'aria-labelledby': 'legal-title' },
    h('h2', { id: 'legal-title' }, t('legal.title')),
    latest ? assessmentView(latest) : h('p', {}, t('legal.none')),
    may && latest && !latest.decision && decisionForm(ref, latest,
      () => refresh()),
    may && h('p', {}, h('button', { type: 'button', onclick: () => {
      replace(work, elementsForm(ref, latest, () => refresh()));
      work.querySelector('input').focus();
    } }, t(latest ? 'legal.reassess' : 'legal.assess'))),
    work);
  return section;
}
