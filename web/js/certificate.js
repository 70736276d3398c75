// SPDX-License-Identifier: Apache-2.0
// certificate.js - a training certificate to print (the page prints the
// certificate alone, see app.css), and the public check of one by its
// code at #/verify/CODE, which anyone may open without logging in
// (GET /api/v1/certificates/{code} is public).  The verification address
// printed on the certificate leads there.
import { h, ltr, replace, facts } from './dom.js';
import * as api from './api.js';
import { t, formatDate, formatNumber, errorText } from './i18n.js';
import { control, pageData } from './forms.js';
import { sessionDates } from './programme.js';

// Where anyone checks the certificate of code.
function verifyAddress(code) {
  return `${location.origin}/#/verify/${encodeURIComponent(code)}`;
}

// #/programme/certificates/CODE: the certificate, and a button that
// prints it.  training: issued in a training store, and marked so.
export async function certificatePage(main, code, training) {
  const k = await pageData(main, `/certificates/${encodeURIComponent(code)}`,
    t('certificate.title'), t('verify.none'));
  if (!k) return;
  const address = verifyAddress(k.code);
  main.classList.add('certificate-page');
  replace(main,
    h('p', { class: 'certificate-actions' },
      h('button', { type: 'button', class: 'primary',
                    onclick: () => window.print() }, t('certificate.print')),
      ' ', h('a', { href: `#/verify/${encodeURIComponent(k.code)}` },
        t('certificate.check'))),
    h('article', { class: 'certificate', 'aria-labelledby':
                   'certificate-title' },
      training && h('p', { class: 'practice' }, t('certificate.practice')),
      h('p', { class: 'issuer', dir: 'auto' }, k.issued_by),
      h('h1', { id: 'certificate-title' }, t('certificate.title')),
      h('p', {}, t('certificate.certifies')),
      h('p', { class: 'holder', dir: 'auto' }, k.full_name),
      h('p', { class: 'organisation', dir: 'auto' }, k.organisation),
      h('p', {}, t('certificate.completed')),
      h('p', { class: 'course', dir: 'auto' }, k.course),
      h('p', { class: 'details' }, t('certificate.details', {
        hours: formatNumber(k.hours), dates: sessionDates(k.starts_on,
          k.ends_on), place: k.place })),
      h('p', { class: 'issued' }, t('certificate.issued', {
        date: formatDate(k.issued_at) })),
      h('footer', {},
        h('p', {}, t('certificate.code'), ' ', ltr(k.code, 'code')),
        h('p', {}, t('certificate.verify_at'), ' ',
          ltr(address, 'address')))));
}

function verified(k) {
  return h('section', { class: 'card verified', role: 'status',
                        'aria-labelledby': 'verified-title' },
    h('h2', { id: 'verified-title' }, t('verify.valid')),
    facts([
      [t('verify.holder'), h('span', { dir: 'auto', class: 'holder' },
        k.full_name)],
      [t('programme.organisation'), h('span', { dir: 'auto' },
        k.organisation)],
      [t('programme.course'), h('span', { dir: 'auto', class: 'course' },
        k.course)],
      [t('programme.hours'), formatNumber(k.hours)],
      [t('programme.dates_col'), sessionDates(k.starts_on, k.ends_on)],
      [t('programme.place'), h('span', { dir: 'auto' }, k.place)],
      [t('verify.issued_by'), h('span', { dir: 'auto' }, k.issued_by)],
      [t('verify.issued_at'), formatDate(k.issued_at)],
      [t('verify.code'), ltr(k.code, 'code')]]));
}

// #/verify and #/verify/CODE: a form for the code, and what it proves.
export async function verifyPage(main, code) {
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const box = h('input', { id: 'verify-code', name: 'code', type: 'text',
    dir: 'ltr', value: code, required: true, maxlength: 40,
    autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    placeholder: 'TRN-XXXX-XXXX-XXXX', 'aria-describedby':
    'verify-code-hint' });
  const form = h('form', { class: 'row', id: 'verify-form', role: 'search' },
    control('verify-code', t('verify.code'), box, t('verify.hint')),
    h('div', { class: 'field' }, h('span', {}, '\u00a0'),
      h('button', { type: 'submit', class: 'primary' }, t('verify.submit'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const next = `#/verify/${encodeURIComponent(box.value.trim())}`;
    if (location.hash === next) verifyPage(main, box.value.trim());
    else location.hash = next;
  });
  replace(main, h('h1', {}, t('verify.title')),
    h('p', { class: 'hint' }, t('verify.intro')), form, result);
  if (!code) {
    box.focus();
    return;
  }
  try {
    replace(result, verified(await api.get(
      `/certificates/${encodeURIComponent(code)}`)));
  } catch (err) {
    replace(result, h('p', { class: 'message error', role: 'alert' },
      err.status === 404 ? t('verify.none') : t('common.failed', {
        reason: errorText(err) })));
  }
}
