// SPDX-License-Identifier: Apache-2.0
// programme.js - the training programme (issue 9) for trainers, in any
// store: the courses with their modules, the participants (officers and
// staff of any agency, found by name or organisation), the sessions of a
// course with their trainers, and a session's participants with their
// attendance, pre- and post-test scores, gain and certificate.  Only the
// organising agency records a session (src/core/programme.c); others
// read it.  The cascade of trainers is drawn by cascade.js, certificates
// are printed and verified by certificate.js.
import { h, ltr, replace, facts } from './dom.js';
import * as api from './api.js';
import { t, formatDate, formatNumber, errorText } from './i18n.js';
import { control, pageData, submitting } from './forms.js';

// Who runs the programme (training.manage in src/core/access.c).
export const PROGRAMME_ROLES = new Set(['trainer']);

// The share of a session's days a certificate needs
// (CERTIFICATE_ATTENDANCE_PERCENT in src/core/programme.h).
const CERTIFICATE_PERCENT = 80;
const SEXES = ['female', 'male', 'other', 'unknown'];
const RECENT = 10;
const FOUND = 20;

export function failed(err) {
  return h('p', { class: 'message error', role: 'alert' },
    t('common.failed', { reason: errorText(err) }));
}

function note(text) {
  return h('p', { class: 'message info', role: 'status' }, text);
}

// A session's days: one date, or the first and the last.
export function sessionDates(from, to) {
  return from === to ? formatDate(from) : t('programme.dates', {
    from: formatDate(from), to: formatDate(to) });
}

function input(id, name, label, attrs) {
  return control(id, label, h('input', Object.assign({ id, name,
    type: 'text', dir: 'auto' }, attrs || {})));
}

function number(value) {
  const n = parseInt(String(value).trim(), 10);
  return Number.isNaN(n) ? null : n;
}

function head(keys) {
  return h('thead', {}, h('tr', {}, keys.map(k =>
    h('th', { scope: 'col' }, t(k)))));
}

function crumbs(...links) {
  return h('nav', { class: 'crumbs', 'aria-label': t('programme.crumbs') },
    links.map(([href, text], i) => [i > 0 && ' › ',
      h('a', { href }, text)]));
}

function courseLink(code, text) {
  return h('a', { href: `#/programme/courses/${encodeURIComponent(code)}` },
    text);
}

// Sessions, newest first, each leading to its page.
function sessionsTable(items) {
  return h('table', { class: 'sessions' },
    head(['programme.course', 'programme.dates_col', 'programme.place',
          'programme.region', 'programme.organiser']),
    h('tbody', {}, items.map(s => h('tr', { 'data-session': s.id },
      h('td', {}, h('a', { href: `#/programme/sessions/${s.id}` },
        ltr(s.course, 'ref')), ' ', h('span', { dir: 'auto' },
        s.course_title), s.tot && h('span', { class: 'badge tot' },
        t('programme.tot'))),
      h('td', {}, sessionDates(s.starts_on, s.ends_on)),
      h('td', { dir: 'auto' }, s.place),
      h('td', { dir: 'auto' }, s.region),
      h('td', {}, ltr(s.agency))))));
}

/*
 * A search of the participants by name or organisation, without a form
 * of its own (it sits inside others).  pick, when given, puts a button
 * on each one found: { label, run(p), refused(p) (why it is not offered,
 * or null) }; after run the search is asked again, so what it shows
 * stays true.
 */
function participantSearch(id, pick) {
  const results = h('div', { class: 'participant-results', id: `${id}-found`,
                             'aria-live': 'polite' });
  const box = h('input', { id: `${id}-q`, name: 'q', type: 'search',
    dir: 'auto', autocomplete: 'off', 'aria-describedby': `${id}-q-hint` });
  const search = async () => {
    const q = box.value.trim();
    let list;
    try {
      list = await api.get(`/training/participants?limit=${FOUND}` +
        (q ? `&q=${encodeURIComponent(q)}` : ''));
    } catch (err) {
      replace(results, failed(err));
      return;
    }
    replace(results, list.items.length ? participantsTable(list.items,
      pick && (async p => {
        try {
          await pick.run(p);
          await search();
        } catch (err) {
          results.prepend(failed(err));
        }
      }), pick) : note(t('programme.none_found')));
  };
  box.addEventListener('keydown', e => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    search();
  });
  return h('div', { class: 'participant-search', role: 'search' },
    h('div', { class: 'row' },
      control(`${id}-q`, t('programme.search_label'), box,
        t('programme.search_hint')),
      h('div', { class: 'field' }, h('span', {}, '\u00a0'),
        h('button', { type: 'button', onclick: search },
          t('programme.search')))),
    results);
}

function participantsTable(items, run, pick) {
  return h('table', { class: 'participants' },
    head(['programme.name', 'programme.organisation', 'programme.job',
          'programme.sex', 'programme.region'].concat(
      pick ? ['programme.action'] : [])),
    h('tbody', {}, items.map(p => {
      const refused = pick && pick.refused(p);
      return h('tr', { 'data-participant': p.id },
        h('td', { dir: 'auto' }, p.full_name),
        h('td', { dir: 'auto' }, p.organisation),
        h('td', { dir: 'auto' }, p.job),
        h('td', {}, t(`sex.${p.sex}`)),
        h('td', { dir: 'auto' }, p.region),
        pick && h('td', {}, refused ? h('span', { class: 'hint' }, refused)
          : h('button', { type: 'button', class: 'small', onclick: e => {
            e.target.disabled = true;
            run(p);
          } }, pick.label)));
    })));
}

function registerForm() {
  const done = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'participant-form', class: 'add-participant' },
    h('h3', {}, t('programme.register')),
    h('div', { class: 'row' },
      input('participant-name', 'full_name', t('programme.name'),
        { required: true, maxlength: 200 }),
      input('participant-organisation', 'organisation',
        t('programme.organisation'), { required: true, maxlength: 200 }),
      input('participant-job', 'job', t('programme.job'),
        { required: true, maxlength: 200 })),
    h('div', { class: 'row' },
      control('participant-sex', t('programme.sex'), h('select', {
        id: 'participant-sex', name: 'sex' }, SEXES.map(s =>
        h('option', { value: s }, t(`sex.${s}`))))),
      input('participant-region', 'region', t('programme.region'),
        { required: true, maxlength: 200 })),
    h('button', { type: 'submit', class: 'primary' },
      t('programme.register_submit')));
  submitting(form, async data => {
    const p = await api.post('/training/participants', {
      full_name: data.get('full_name'), organisation: data.get('organisation'),
      job: data.get('job'), sex: data.get('sex'), region: data.get('region'),
    });
    form.reset();
    replace(done, note(t('programme.registered', { name: p.full_name,
      id: formatNumber(p.id) })));
    form.querySelector('input').focus();
  });
  return h('div', {}, form, done);
}

// A module of the course form: its title and hours, and a way out.
function moduleRow(list) {
  const n = list.children.length + 1;
  const row = h('div', { class: 'row module' },
    input(`module-title-${n}`, 'module_title', t('programme.module_title'),
      { maxlength: 200 }),
    control(`module-hours-${n}`, t('programme.module_hours'), h('input', {
      id: `module-hours-${n}`, name: 'module_hours', type: 'number',
      min: 1, max: 500, dir: 'ltr' })),
    h('div', { class: 'field' }, h('span', {}, '\u00a0'),
      h('button', { type: 'button', class: 'small', onclick: () => {
        row.remove();
        list.querySelector('input')?.focus();
      } }, t('programme.module_remove'))));
  list.append(row);
  return row;
}

function courseForm() {
  const modules = h('div', { class: 'modules' });
  const form = h('form', { id: 'course-form', class: 'card' },
    h('h2', {}, t('programme.add_course')),
    h('div', { class: 'row' },
      input('course-code', 'code', t('programme.code'), { required: true,
        dir: 'ltr', maxlength: 32, placeholder: 'TOT-TIP-1',
        autocapitalize: 'characters' }),
      input('course-title', 'title', t('programme.title_field'),
        { required: true, maxlength: 200 }),
      control('course-hours', t('programme.hours'), h('input', {
        id: 'course-hours', name: 'hours', type: 'number', min: 1,
        max: 2000, required: true, dir: 'ltr' }))),
    h('div', { class: 'field check' },
      h('input', { id: 'course-tot', name: 'tot', type: 'checkbox' }),
      h('label', { for: 'course-tot' }, t('programme.tot_course'))),
    control('course-curriculum', t('programme.curriculum'),
      h('textarea', { id: 'course-curriculum', name: 'curriculum', rows: 4,
                      dir: 'auto' })),
    h('fieldset', { class: 'group', name: 'modules' },
      h('legend', {}, t('programme.modules')),
      modules,
      h('button', { type: 'button', onclick: () =>
        moduleRow(modules).querySelector('input').focus() },
        t('programme.module_add'))),
    h('button', { type: 'submit', class: 'primary' },
      t('programme.add_course_submit')));
  moduleRow(modules);
  submitting(form, async data => {
    const titles = data.getAll('module_title');
    const hours = data.getAll('module_hours');
    const c = await api.post('/training/courses', {
      code: data.get('code'), title: data.get('title'),
      hours: number(data.get('hours')), tot: data.get('tot') === 'on',
      curriculum: data.get('curriculum') || undefined,
      modules: titles.map((title, i) => ({ title, hours: number(hours[i]) }))
        .filter(m => m.title.trim() || m.hours !== null),
    });
    location.hash = `#/programme/courses/${encodeURIComponent(c.code)}`;
  });
  return form;
}

function coursesSection(courses) {
  const slot = h('div', {});
  return h('section', { class: 'card', 'aria-labelledby': 'courses-title' },
    h('h2', { id: 'courses-title' }, t('programme.courses')),
    courses.length ? h('table', { class: 'courses' },
      head(['programme.code', 'programme.title_field', 'programme.hours',
            'programme.organiser']),
      h('tbody', {}, courses.map(c => h('tr', {},
        h('td', {}, ltr(courseLink(c.code, c.code), 'ref')),
        h('td', { dir: 'auto' }, c.title, c.tot && h('span', {
          class: 'badge tot' }, t('programme.tot'))),
        h('td', {}, formatNumber(c.hours)),
        h('td', {}, ltr(c.agency)))))) :
      note(t('programme.no_courses')),
    h('p', {}, h('button', { type: 'button', onclick: () => {
      replace(slot, courseForm());
      slot.querySelector('input').focus();
    } }, t('programme.add_course'))),
    slot);
}

// #/programme: the courses, the latest sessions, the participants.
export async function programmePage(main) {
  replace(main, h('h1', {}, t('programme.title')),
    h('p', { class: 'hint' }, t('programme.intro')));
  let courses, sessions;
  try {
    [courses, sessions] = await Promise.all([
      api.get('/training/courses'), api.get('/training/sessions')]);
  } catch (err) {
    main.append(failed(err));
    return;
  }
  main.append(coursesSection(courses.items),
    h('section', { class: 'card', 'aria-labelledby': 'recent-title' },
      h('h2', { id: 'recent-title' }, t('programme.recent')),
      sessions.items.length ? sessionsTable(sessions.items.slice(0, RECENT))
        : note(t('programme.no_sessions'))),
    h('section', { class: 'card', 'aria-labelledby': 'participants-title' },
      h('h2', { id: 'participants-title' }, t('programme.participants')),
      participantSearch('participants'),
      registerForm()));
}

// The form that adds a session of course c; its trainers are
// participants, found by the search beside the form.
function sessionForm(c) {
  const chosen = new Map();
  const list = h('ul', { class: 'chosen', id: 'session-trainers',
                         'aria-live': 'polite' });
  const drawChosen = () => replace(list, chosen.size ? [...chosen.values()]
    .map(p => h('li', { 'data-participant': p.id },
      h('span', { dir: 'auto' }, p.full_name), ' ',
      h('span', { class: 'hint', dir: 'auto' }, p.organisation),
      h('button', { type: 'button', class: 'small', onclick: () => {
        chosen.delete(p.id);
        drawChosen();
      } }, t('programme.trainer_remove')))) :
    h('li', { class: 'hint' }, t('programme.no_trainers_yet')));
  drawChosen();
  const form = h('form', { id: 'session-form' },
    h('div', { class: 'row' },
      control('session-starts', t('programme.starts_on'), h('input', {
        id: 'session-starts', name: 'starts_on', type: 'date',
        required: true, dir: 'ltr' })),
      control('session-ends', t('programme.ends_on'), h('input', {
        id: 'session-ends', name: 'ends_on', type: 'date', dir: 'ltr',
        'aria-describedby': 'session-ends-hint' }),
        t('programme.ends_hint')),
      input('session-place', 'place', t('programme.place'),
        { required: true, maxlength: 200 }),
      input('session-region', 'region', t('programme.region'),
        { required: true, maxlength: 200 })),
    h('fieldset', { class: 'group', name: 'trainers' },
      h('legend', {}, t('programme.trainers')),
      list,
      participantSearch('trainer', {
        label: t('programme.trainer_choose'),
        refused: p => chosen.has(p.id) ? t('programme.trainer_chosen') : null,
        run: async p => {
          chosen.set(p.id, p);
          drawChosen();
        } })),
    h('button', { type: 'submit', class: 'primary' },
      t('programme.add_session_submit')));
  submitting(form, async data => {
    const s = await api.post('/training/sessions', {
      course: c.code, starts_on: data.get('starts_on'),
      ends_on: data.get('ends_on') || undefined,
      place: data.get('place'), region: data.get('region'),
      trainers: [...chosen.keys()],
    });
    location.hash = `#/programme/sessions/${s.id}`;
  });
  return form;
}

// #/programme/courses/CODE: the course, its modules and its sessions.
export async function coursePage(main, code) {
  const c = await pageData(main, `/training/courses/${encodeURIComponent(
    code)}`, t('programme.course'), t('programme.no_course'));
  if (!c) return;
  const planned = c.modules.reduce((n, m) => n + m.hours, 0);
  replace(main,
    crumbs(['#/programme', t('programme.title')]),
    h('h1', { dir: 'auto' }, c.title),
    h('section', { class: 'card', 'aria-labelledby': 'course-title' },
      h('h2', { id: 'course-title' }, t('programme.course')),
      facts([
        [t('programme.code'), ltr(c.code, 'ref')],
        [t('programme.hours'), formatNumber(c.hours)],
        [t('programme.kind'), c.tot ? t('programme.tot_course') :
          t('programme.ordinary_course')],
        [t('programme.organiser'), ltr(c.agency)]]),
      c.curriculum && h('h3', {}, t('programme.curriculum')),
      c.curriculum && h('p', { class: 'summary-text', dir: 'auto' },
        c.curriculum)),
    h('section', { class: 'card', 'aria-labelledby': 'modules-title' },
      h('h2', { id: 'modules-title' }, t('programme.modules')),
      c.modules.length ? h('table', { class: 'modules' },
        head(['programme.position', 'programme.module_title',
              'programme.module_hours']),
        h('tbody', {}, c.modules.map(m => h('tr', {},
          h('td', {}, formatNumber(m.position)),
          h('td', { dir: 'auto' }, m.title),
          h('td', {}, formatNumber(m.hours))))),
        h('tfoot', {}, h('tr', {},
          h('th', { scope: 'row', colspan: 2 }, t('programme.module_total')),
          h('td', {}, formatNumber(planned))))) :
        note(t('programme.no_modules'))),
    h('section', { class: 'card', 'aria-labelledby': 'sessions-title' },
      h('h2', { id: 'sessions-title' }, t('programme.sessions')),
      c.sessions.length ? sessionsTable(c.sessions) :
        note(t('programme.no_sessions'))),
    h('section', { class: 'card', 'aria-labelledby': 'add-session-title' },
      h('h2', { id: 'add-session-title' }, t('programme.add_session')),
      sessionForm(c)));
}

function signed(n) {
  return ltr(n > 0 ? `+${formatNumber(n)}` : formatNumber(n), 'gain');
}

function mean(x) {
  return x === null ? '—' : formatNumber(x, 1);
}

// Why a participant may not have their certificate yet, or null.
function notYet(s, p) {
  const needed = Math.ceil(s.days * CERTIFICATE_PERCENT / 100);
  return p.days_attended >= needed ? null : t('programme.cert_needs', {
    days: formatNumber(p.days_attended), of: formatNumber(s.days),
    needed: formatNumber(needed), percent: formatNumber(CERTIFICATE_PERCENT) });
}

function certificateCell(s, p, own, done) {
  if (p.certificate) {
    return h('a', { href: `#/programme/certificates/${encodeURIComponent(
      p.certificate)}`, class: 'certificate-link' }, ltr(p.certificate,
      'ref'));
  }
  if (!own) return '—';
  const why = notYet(s, p);
  const whyId = `certificate-why-${p.id}`;
  return [h('button', { type: 'button', class: 'small issue',
    disabled: Boolean(why), 'aria-describedby': why ? whyId : null,
    onclick: async e => {
      e.target.disabled = true;
      try {
        const k = await api.post(`/training/sessions/${s.id}/participants/` +
          `${p.id}/certificate`);
        await done(t('programme.certified', { name: p.full_name,
          code: k.code }));
      } catch (err) {
        e.target.disabled = false;
        e.target.after(failed(err));
      }
    } }, t('programme.issue')),
    why && h('small', { class: 'hint', id: whyId }, why)];
}

// A participant's row; in an own session, days and scores are edited in
// place and saved with the row's button (only what changed is sent: an
// issued certificate keeps its attendance).
function enrolmentRow(s, p, own, done) {
  const nameId = `participant-${p.id}-name`;
  const field = (key, col, value, max) => own ? h('input', {
    type: 'number', class: 'score', name: key, min: 0, max, dir: 'ltr',
    value: value === null ? '' : value, 'data-was': value === null ? ''
      : value, 'aria-labelledby': `${col} ${nameId}`,
    disabled: key === 'days_attended' && Boolean(p.certificate) }) :
    (value === null ? '—' : formatNumber(value));
  const row = h('tr', { 'data-participant': p.id },
    h('th', { scope: 'row', id: nameId, dir: 'auto' }, p.full_name),
    h('td', { dir: 'auto' }, p.organisation),
    h('td', {}, t(`sex.${p.sex}`)),
    h('td', {}, field('days_attended', 'col-days', p.days_attended, s.days),
      own && h('span', { class: 'hint' }, ' ', t('programme.of_days', {
        days: formatNumber(s.days) }))),
    h('td', {}, field('pre_score', 'col-pre', p.pre_score, 100)),
    h('td', {}, field('post_score', 'col-post', p.post_score, 100)),
    h('td', { class: 'gain' }, p.gain === null ? '—' : signed(p.gain)),
    own && h('td', {}, h('button', { type: 'button', class: 'small save',
      'aria-describedby': nameId, onclick: async e => {
        const body = {};
        for (const el of row.querySelectorAll('input.score')) {
          if (el.disabled || el.value === el.dataset.was) continue;
          body[el.name] = number(el.value);
        }
        if (!Object.keys(body).length) return;
        e.target.disabled = true;
        try {
          await api.post(`/training/sessions/${s.id}/participants/${p.id}`,
                         body);
          await done(t('programme.recorded', { name: p.full_name }));
        } catch (err) {
          e.target.disabled = false;
          row.querySelector('.row-problem')?.remove();
          e.target.after(h('span', { class: 'row-problem message error',
            role: 'alert' }, errorText(err)));
        }
      } }, t('programme.save'))),
    h('td', {}, certificateCell(s, p, own, done)));
  return row;
}

function enrolmentTable(s, own, done) {
  const col = (id, key) => h('th', { scope: 'col', id }, t(key));
  return h('div', { class: 'scroll', tabindex: '0', role: 'region',
                    'aria-labelledby': 'enrolled-title' },
    h('table', { class: 'enrolled' },
      h('thead', {}, h('tr', {},
        col('col-name', 'programme.name'),
        col('col-organisation', 'programme.organisation'),
        col('col-sex', 'programme.sex'),
        col('col-days', 'programme.days_attended'),
        col('col-pre', 'programme.pre'),
        col('col-post', 'programme.post'),
        col('col-gain', 'programme.gain'),
        own && h('th', { scope: 'col' }, h('span', {
          class: 'visually-hidden' }, t('programme.save'))),
        col('col-certificate', 'programme.certificate'))),
      h('tbody', {}, s.participants.map(p => enrolmentRow(s, p, own,
        done)))));
}

function testsFacts(s) {
  return facts([
    [t('programme.enrolled_count'), formatNumber(s.participants.length)],
    [t('programme.tested'), formatNumber(s.tests.tested)],
    [t('programme.pre_mean'), mean(s.tests.pre_mean)],
    [t('programme.post_mean'), mean(s.tests.post_mean)],
    [t('programme.mean_gain'), s.tests.mean_gain === null ? '—' :
      ltr(`${s.tests.mean_gain > 0 ? '+' : ''}${mean(s.tests.mean_gain)}`,
        'gain')],
    [t('programme.certificates'), formatNumber(s.certificates)],
    [t('programme.by_sex'), SEXES.filter(x => s.by_sex[x]).map(x =>
      `${t(`sex.${x}`)} ${formatNumber(s.by_sex[x])}`)
      .join(t('common.list_separator')) || '—']]);
}

function sessionSections(s, own, done) {
  return [
    h('section', { class: 'card', 'aria-labelledby': 'session-title' },
      h('h2', { id: 'session-title' }, t('programme.session')),
      facts([
        [t('programme.course'), [courseLink(s.course, ltr(s.course, 'ref')),
          ' ', h('span', { dir: 'auto' }, s.course_title)]],
        [t('programme.dates_col'), [sessionDates(s.starts_on, s.ends_on),
          ' ', h('span', { class: 'hint' }, t('programme.days_count', {
            n: formatNumber(s.days) }))]],
        [t('programme.hours'), formatNumber(s.hours)],
        [t('programme.place'), h('span', { dir: 'auto' }, s.place)],
        [t('programme.region'), h('span', { dir: 'auto' }, s.region)],
        [t('programme.organiser'), ltr(s.agency)],
        [t('programme.trainers'), h('ul', { class: 'trainers' },
          s.trainers.map(p => h('li', { dir: 'auto' }, p.full_name, ' ',
            h('span', { class: 'hint' }, p.organisation))))]]),
      h('p', {}, h('a', { href: `#/programme/sessions/${s.id}/cascade`,
        class: 'cascade-link' }, t('programme.cascade_link')))),
    h('section', { class: 'card', 'aria-labelledby': 'tests-title' },
      h('h2', { id: 'tests-title' }, t('programme.tests')),
      testsFacts(s)),
    h('section', { class: 'card', 'aria-labelledby': 'enrolled-title' },
      h('h2', { id: 'enrolled-title' }, t('programme.enrolled')),
      own ? h('p', { class: 'hint' }, t('programme.record_hint', {
        percent: formatNumber(CERTIFICATE_PERCENT) })) :
        note(t('programme.not_own', { agency: s.agency })),
      s.participants.length ? enrolmentTable(s, own, done) :
        note(t('programme.no_enrolled')))];
}

// #/programme/sessions/ID: a session, its participants and their
// records; what is recorded redraws the session from the server.
export async function sessionPage(main, id, session) {
  let s = await pageData(main, `/training/sessions/${id}`,
    t('programme.session'), t('programme.no_session'));
  if (!s) return;
  const own = s.agency === session.user.agency;
  const status = h('div', { id: 'session-status', 'aria-live': 'polite' });
  const body = h('div', { id: 'session-body' });
  const done = async said => {
    s = await api.get(`/training/sessions/${id}`);
    replace(body, sessionSections(s, own, done));
    replace(status, note(said));
  };
  replace(main,
    crumbs(['#/programme', t('programme.title')],
      [`#/programme/courses/${encodeURIComponent(s.course)}`, s.course]),
    h('h1', { dir: 'auto' }, s.course_title, s.tot && h('span', {
      class: 'badge tot' }, t('programme.tot'))),
    h('p', {}, sessionDates(s.starts_on, s.ends_on), ' · ',
      h('span', { dir: 'auto' }, s.place)),
    status, body,
    own && h('section', { class: 'card', 'aria-labelledby': 'enrol-title' },
      h('h2', { id: 'enrol-title' }, t('programme.enrol_title')),
      h('p', { class: 'hint' }, t('programme.enrol_hint')),
      participantSearch('enrol', {
        label: t('programme.enrol'),
        refused: p => s.trainers.some(x => x.id === p.id) ?
          t('programme.is_trainer') : s.participants.some(x =>
            x.id === p.id) ? t('programme.is_enrolled') : null,
        run: async p => {
          await api.post(`/training/sessions/${id}/participants`,
                         { participant: p.id });
          await done(t('programme.enrolled_one', { name: p.full_name }));
        } })));
  replace(body, sessionSections(s, own, done));
}
