// SPDX-License-Identifier: Apache-2.0
// account.js - the user's own account: who they are, their password, and
// two-factor login with an authenticator app.
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, errorText } from './i18n.js';
import { control, submitting } from './forms.js';

const SVG = 'http://www.w3.org/2000/svg';

// The QR code of an offer (docs/api.md) as one SVG path, dark modules on
// white with the four-module quiet zone scanners need; drawn from the
// rows, never parsed as markup.
function qrImage(qr) {
  const side = qr.size + 8;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('account.qr_label'));
  const back = document.createElementNS(SVG, 'rect');
  back.setAttribute('width', side);
  back.setAttribute('height', side);
  back.setAttribute('fill', '#fff');
  let d = '';
  qr.rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] === '1') d += `M${x + 4} ${y + 4}h1v1h-1z`;
    }
  });
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('d', d);
  modules.setAttribute('fill', '#000');
  svg.append(back, modules);
  return svg;
}

// ABCD EFGH ...: easier to type into a phone, letter by letter.
function grouped(secret) {
  return secret.match(/.{1,4}/g).join(' ');
}

function field(id, name, label, attrs, hint) {
  return control(id, label, h('input', Object.assign({ id, name,
    dir: 'ltr', required: true }, attrs)), hint);
}

function passwordSection(done) {
  const form = h('form', { class: 'card', 'aria-labelledby': 'pw-title' },
    h('h2', { id: 'pw-title' }, t('account.password')),
    field('pw-current', 'current_password', t('account.current_password'),
      { type: 'password', autocomplete: 'current-password' }),
    field('pw-new', 'new_password', t('account.new_password'),
      { type: 'password', autocomplete: 'new-password', minlength: 10,
        'aria-describedby': 'pw-new-hint' }, t('account.password_hint')),
    field('pw-again', 'again', t('account.repeat_password'),
      { type: 'password', autocomplete: 'new-password' }),
    h('button', { type: 'submit', class: 'primary' },
      t('account.change_password')));
  submitting(form, async data => {
    if (data.get('new_password') !== data.get('again')) {
      throw new api.ApiError(422, { message: t('account.passwords_differ'),
                                    field: 'again' });
    }
    const s = await api.post('/session/password', {
      current_password: data.get('current_password'),
      new_password: data.get('new_password'),
    });
    done(s, t('account.password_changed'));
  });
  return form;
}

// Two steps (docs/api.md): an offer to scan, then a code that shows the
// app has it; only then is the account enrolled.
function twoFactorSection(user, done) {
  const section = h('section', { class: 'card', 'aria-labelledby':
    'tf-title' });
  const start = () => replace(section,
    h('h2', { id: 'tf-title' }, t('account.two_factor')),
    h('p', { role: 'status' }, user.two_factor ? t('account.two_factor_on') :
      t('account.two_factor_off')),
    h('p', { class: 'hint' }, t('account.two_factor_explain')),
    h('button', { type: 'button', class: user.two_factor ? '' : 'primary',
      id: 'tf-start', onclick: offer },
    user.two_factor ? t('account.new_device') : t('account.set_up')));
  async function offer(e) {
    e.target.disabled = true;
    let o;
    try {
      o = await api.post('/session/totp/offer');
    } catch (err) {
      e.target.disabled = false;
      section.append(h('p', { class: 'message error', role: 'alert' },
        t('common.failed', { reason: errorText(err) })));
      return;
    }
    const form = h('form', {},
      field('tf-code', 'code', t('account.code'), {
        type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric',
        pattern: '[0-9]{6}', maxlength: 6, class: 'code' }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' },
          t('account.confirm')),
        h('button', { type: 'button', onclick: start },
          t('account.cancel'))));
    submitting(form, async data => {
      const s = await api.post('/session/totp', { secret: o.secret,
                                                   code: data.get('code') });
      done(s, t('account.enrolled'));
    });
    replace(section,
      h('h2', { id: 'tf-title' }, t('account.two_factor')),
      h('ol', { class: 'steps-to-enrol' },
        h('li', {}, t('account.step_app')),
        h('li', {}, t('account.step_scan'),
          h('div', { class: 'qr-box' }, qrImage(o.qr)),
          h('p', {}, t('account.secret'), ' ',
            ltr(grouped(o.secret), 'secret'))),
        h('li', {}, t('account.step_code'), form)));
    section.querySelector('#tf-code').focus();
  }
  start();
  return section;
}

// Shows the account of session in main; changed(s) is told the session
// the server answers after a change (its user, its CSRF token).
export function accountPage(main, session, changed) {
  const u = session.user;
  const show = (s, said) => {
    changed(s);
    accountPage(main, s, changed);
    const status = main.querySelector('#account-status');
    replace(status, h('p', { class: 'message info' }, said));
    status.focus();
  };
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, t('home.title'))),
    h('h1', {}, t('account.title')),
    h('div', { id: 'account-status', role: 'status', tabindex: '-1' }),
    h('dl', { class: 'card facts' },
      row(t('admin.username'), ltr(u.username)),
      u.full_name && row(t('admin.full_name'),
        h('span', { dir: 'auto' }, u.full_name)),
      row(t('list.agency'), ltr(u.agency || '—')),
      row(t('admin.role'), t(`role.${u.role}`))),
    passwordSection(show),
    twoFactorSection(u, show));
}
