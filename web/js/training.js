// SPDX-License-Identifier: Apache-2.0
// training.js - the training sandbox (tipsom train sandbox): its banner,
// the case studies and a trainee's exercises, an exercise with its story,
// the discoveries opened so far, the score and the feedback with the
// SOP's guidance, and a trainer's exercise groups with every trainee's
// progress, refreshed while the trainer watches.  The trainee works the
// exercise's case on the ordinary case pages; the case page shows the
// exercise beside it (exercisePanel).
import { h, ltr, replace } from './dom.js';
import * as api from './api.js';
import { t, formatDate, formatNumber, errorText, language } from './i18n.js';

// Who works exercises in a training store (src/core/access.c).
export const TRAINING_ROLES = new Set(['trainer', 'trainee']);

// How often a trainer's live view asks again, in milliseconds.
const LIVE_EVERY = 5000;

function failed(err) {
  return h('p', { class: 'message error', role: 'alert' },
    t('common.failed', { reason: errorText(err) }));
}

// On every screen of a training store, the login included.
export function trainingBanner() {
  return h('div', { class: 'training-banner', role: 'note' },
    h('strong', {}, t('training.banner_title')), ' ',
    t('training.banner'));
}

function scoreBar(score) {
  return h('div', { class: 'score' },
    h('progress', { max: score.max || 1, value: score.points,
                    'aria-label': t('training.score') }),
    h('span', {}, t('training.score_text', {
      points: formatNumber(score.points), max: formatNumber(score.max),
      percent: formatNumber(score.percent) })),
    score.pending > 0 && h('span', { class: 'hint' },
      t('training.pending', { n: formatNumber(score.pending) })));
}

// One scored item: its state in words and a badge (not colour alone).
function feedbackItem(item) {
  const state = h('span', { class: `badge item-${item.state}` },
    t(`training.state.${item.state}`));
  const what = t(`training.part.${item.part}`);
  if (!('expected' in item)) {
    return h('li', { class: `feedback item-${item.state}` }, state, ' ',
      what);
  }
  return h('li', { class: `feedback item-${item.state}` },
    state, ' ', h('strong', {}, what), ' ', ltr(item.id, 'item-id'),
    item.expected && h('div', {}, t('training.expected', {
      expected: item.expected, given: item.given || t('training.nothing') })),
    item.why && h('p', { dir: 'auto' }, item.why),
    item.sop && h('details', {},
      h('summary', {}, t('training.sop_says', { step: item.sop.title })),
      h('p', { dir: 'auto' }, item.sop.guidance)));
}

// Judged items first (what the trainee just did), then the rest; items
// not shown yet are counted by kind, "to do: legal elements (6)".
function feedbackList(items) {
  const order = { broken: 0, wrong: 1, right: 2, kept: 3, pending: 4 };
  const sorted = items.slice().sort((a, b) => order[a.state] -
    order[b.state]);
  const shown = [];
  const counted = new Map();
  for (const item of sorted) {
    if ('expected' in item) {
      shown.push(feedbackItem(item));
      continue;
    }
    const key = `${item.state} ${item.part}`;
    if (!counted.has(key)) {
      counted.set(key, { item, n: 0 });
      shown.push(key);
    }
    counted.get(key).n++;
  }
  return h('ul', { class: 'feedback-list' }, shown.map(x => {
    if (typeof x !== 'string') return x;
    const { item, n } = counted.get(x);
    const li = feedbackItem(item);
    if (n > 1) li.append(' ', t('training.times', { n: formatNumber(n) }));
    return li;
  }));
}

function discoveries(v) {
  return h('section', { class: 'card', 'aria-labelledby': 'found-title' },
    h('h2', { id: 'found-title' }, t('training.discoveries')),
    v.discoveries.map(d => h('article', { class: 'discovery' },
      h('h3', {}, h('span', { class: 'badge' }, t(`training.kind.${d.kind}`)),
        ' ', h('span', { dir: 'auto' }, d.title)),
      h('p', { dir: 'auto' }, d.text))),
    v.hidden_discoveries > 0 && h('p', { class: 'hint' },
      t('training.hidden', { n: formatNumber(v.hidden_discoveries) })));
}

// The exercise beside its case, on the case page.
export async function exercisePanel(ref) {
  let v;
  try {
    v = await api.get(`/cases/${encodeURIComponent(ref)}/exercise` +
                      `?lang=${language()}`);
  } catch (err) {
    return null;
  }
  return h('section', { class: 'card exercise-panel', id: 'exercise-panel',
                        'aria-labelledby': 'exercise-panel-title' },
    h('h2', { id: 'exercise-panel-title' }, t('training.exercise_of', {
      title: v.case_study.title })),
    scoreBar(v.score),
    feedbackList(v.feedback.filter(i => i.state !== 'pending' &&
                                        i.state !== 'kept')),
    h('p', {}, h('a', { href: `#/training/exercises/${v.id}` },
      t('training.open_exercise'))));
}

export async function exercisePage(main, id, session) {
  let v;
  try {
    v = await api.get(`/training/exercises/${id}?lang=${language()}`);
  } catch (err) {
    main.append(failed(err));
    return;
  }
  const mine = v.trainee === session.user.username;
  const finish = h('button', { type: 'button', class: 'primary',
    onclick: async () => {
      if (!confirm(t('training.finish_confirm'))) return;
      try {
        await api.post(`/training/exercises/${id}/finish?lang=` +
                       language());
        replace(main);
        exercisePage(main, id, session);
      } catch (err) {
        main.append(failed(err));
      }
    } }, t('training.finish'));
  replace(main,
    h('h1', { dir: 'auto' }, v.case_study.title),
    h('p', {}, t('training.exercise_by', { trainee: v.trainee }), ' · ',
      ltr(h('a', { href: `#/cases/${encodeURIComponent(v.case_ref)}` },
        v.case_ref), 'ref')),
    v.finished_at && h('p', { class: 'message info', role: 'status' },
      t('training.finished_at', { when: formatDate(v.finished_at, true) })),
    scoreBar(v.score),
    h('section', { class: 'card', 'aria-labelledby': 'story-title' },
      h('h2', { id: 'story-title' }, t('training.story')),
      h('p', { dir: 'auto', class: 'story' }, v.story),
      h('h3', {}, t('training.objectives')),
      h('ul', {}, v.case_study.objectives.map(o => h('li', { dir: 'auto' },
        o))),
      v.case_study.summary && h('p', { class: 'hint', dir: 'auto' },
        v.case_study.summary),
      !v.finished_at && h('p', {}, h('a', { class: 'button primary',
        href: `#/cases/${encodeURIComponent(v.case_ref)}` },
        t('training.work_case')))),
    discoveries(v),
    h('section', { class: 'card', 'aria-labelledby': 'feedback-title' },
      h('h2', { id: 'feedback-title' }, t('training.feedback')),
      feedbackList(v.feedback)),
    mine && !v.finished_at && h('p', {}, finish));
}

async function studiesSection(groups) {
  const list = await api.get(`/training/case-studies?lang=${language()}`);
  const start = async study => {
    try {
      const v = await api.post(`/training/exercises?lang=${language()}`,
                               { case_study: study });
      location.hash = `#/training/exercises/${v.id}`;
    } catch (err) {
      document.getElementById('studies-title').after(failed(err));
    }
  };
  return h('section', { class: 'card', 'aria-labelledby': 'studies-title' },
    h('h2', { id: 'studies-title' }, t('training.case_studies')),
    h('ul', { class: 'studies' }, list.items.map(s => h('li', {},
      h('strong', { dir: 'auto' }, s.title), ' ',
      h('span', { class: 'badge' }, t(`training.level.${s.level}`)), ' ',
      h('span', { class: 'badge' }, s.sop.toUpperCase()),
      h('p', { class: 'hint', dir: 'auto' }, s.summary),
      groups ? h('button', { type: 'button', onclick: () =>
        groups(s.id) }, t('training.make_group'))
        : h('button', { type: 'button', class: 'primary', onclick: () =>
          start(s.id) }, t('training.start'))))));
}

function exercisesTable(items) {
  if (!items.length) {
    return h('p', { class: 'message info', role: 'status' },
      t('training.no_exercises'));
  }
  return h('table', { class: 'exercises' },
    h('thead', {}, h('tr', {}, ['training.trainee', 'training.case_study',
      'cases.ref', 'training.started', 'training.result'].map(k =>
      h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map(e => h('tr', {},
      h('td', {}, ltr(e.trainee)),
      h('td', {}, h('a', { href: `#/training/exercises/${e.id}` }, e.study)),
      h('td', {}, ltr(h('a', { href: `#/cases/${encodeURIComponent(
        e.case_ref)}` }, e.case_ref), 'ref')),
      h('td', {}, formatDate(e.started_at, true)),
      h('td', {}, e.finished_at ? t('training.points', {
        points: formatNumber(e.points), max: formatNumber(e.max_points) })
        : t('training.working'))))));
}

function joinForm() {
  const form = h('form', { class: 'row', id: 'join-group' },
    h('div', { class: 'field' },
      h('label', { for: 'join-group-number' }, t('training.group_number')),
      h('input', { id: 'join-group-number', name: 'group', type: 'number',
                   min: '1', required: true, dir: 'ltr' })),
    h('div', { class: 'field' }, h('span', {}, '\u00a0'),
      h('button', { type: 'submit', class: 'primary' }, t('training.join'))));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const group = parseInt(new FormData(form).get('group'), 10);
    try {
      const v = await api.post(`/training/exercises?lang=${language()}`,
                               { group });
      location.hash = `#/training/exercises/${v.id}`;
    } catch (err) {
      form.after(failed(err));
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'join-title' },
    h('h2', { id: 'join-title' }, t('training.join_title')), form);
}

function groupsSection(groups) {
  return h('section', { class: 'card', 'aria-labelledby': 'groups-title' },
    h('h2', { id: 'groups-title' }, t('training.groups')),
    groups.items.length ? h('ul', {}, groups.items.map(g => h('li', {},
      h('a', { href: `#/training/groups/${g.id}` }, t('training.group_line', {
        id: formatNumber(g.id), title: g.title })), ' ',
      h('span', { class: 'badge' }, g.closed_at ? t('training.closed') :
        t('training.open'))))) :
      h('p', { class: 'message info' }, t('training.no_groups')));
}

// A trainer names the group, then shares its number with the class.
function groupForm(slot, study) {
  const form = h('form', { class: 'row', id: 'group-form' },
    h('div', { class: 'field' },
      h('label', { for: 'group-title' }, t('training.group_title')),
      h('input', { id: 'group-title', name: 'title', required: true,
                   dir: 'auto' })),
    h('div', { class: 'field' }, h('span', {}, '\u00a0'),
      h('button', { type: 'submit', class: 'primary' },
        t('training.make_group'))));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const g = await api.post('/training/groups', { case_study: study,
        title: new FormData(form).get('title') });
      location.hash = `#/training/groups/${g.id}`;
    } catch (err) {
      form.after(failed(err));
    }
  });
  replace(slot, form);
  form.querySelector('input').focus();
}

export async function trainingHome(main, session) {
  const trainer = session.user.role === 'trainer';
  main.append(h('h1', {}, t('training.title')),
    h('p', { class: 'role' }, t(`role.${session.user.role}`)));
  try {
    const slot = h('div', {});
    const [exercises, groups] = await Promise.all([
      api.get('/training/exercises'), api.get('/training/groups')]);
    const studies = await studiesSection(trainer ?
      study => groupForm(slot, study) : null);
    if (trainer) {
      main.append(groupsSection(groups), slot, studies);
    } else {
      main.append(joinForm(), studies);
    }
    main.append(h('section', { class: 'card',
                               'aria-labelledby': 'mine-title' },
      h('h2', { id: 'mine-title' }, trainer ? t('training.all_exercises')
        : t('training.my_exercises')), exercisesTable(exercises.items)));
  } catch (err) {
    main.append(failed(err));
  }
}

function membersTable(g) {
  if (!g.members.length) {
    return h('p', { class: 'message info' }, t('training.no_members'));
  }
  return h('table', { class: 'members' },
    h('thead', {}, h('tr', {}, ['training.trainee', 'training.score',
      'training.state.right', 'training.state.wrong',
      'training.state.broken', 'training.steps_done', 'training.last_step',
      'training.result'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, g.members.map(m => h('tr', {
      class: m.broken > 0 ? 'has-broken' : null },
      h('td', {}, h('a', { href: `#/training/exercises/${m.exercise}` },
        ltr(m.trainee))),
      h('td', {}, h('progress', { max: m.max || 1, value: m.points }), ' ',
        t('training.percent', { percent: formatNumber(m.percent) })),
      h('td', {}, formatNumber(m.right)),
      h('td', {}, formatNumber(m.wrong)),
      h('td', {}, formatNumber(m.broken)),
      h('td', {}, formatNumber(m.steps_done)),
      h('td', {}, m.last_step ? [m.last_step_title || ltr(m.last_step),
        ' ', h('span', { class: 'hint' }, formatDate(m.last_at, true))]
        : '—'),
      h('td', {}, m.finished_at ? t('training.finished') :
        t('training.working'))))));
}

// The trainer's live view: asked again every few seconds while shown.
export async function groupPage(main, id) {
  const here = location.hash;
  const live = h('div', { id: 'group-live', 'aria-live': 'polite' });
  const stamp = h('p', { class: 'hint', id: 'group-updated' });
  let g;
  const refresh = async () => {
    if (location.hash !== here || !main.isConnected) return;
    try {
      g = await api.get(`/training/groups/${id}?lang=${language()}`);
      replace(live, membersTable(g));
      replace(stamp, t('training.updated', {
        when: formatDate(new Date().toISOString(), true) }));
    } catch (err) {
      replace(live, failed(err));
      return;
    }
    setTimeout(refresh, LIVE_EVERY);
  };
  try {
    g = await api.get(`/training/groups/${id}?lang=${language()}`);
  } catch (err) {
    main.append(failed(err));
    return;
  }
  const close = h('button', { type: 'button', onclick: async () => {
    try {
      await api.post(`/training/groups/${id}/close`);
      replace(main);
      groupPage(main, id);
    } catch (err) {
      main.append(failed(err));
    }
  } }, t('training.close_group'));
  replace(main,
    h('h1', { dir: 'auto' }, g.title),
    h('p', {}, t('training.group_share', { id: formatNumber(g.id) }), ' · ',
      ltr(g.study)),
    g.closed_at ? h('p', { class: 'message info' }, t('training.closed'))
      : h('p', {}, close),
    stamp, live);
  replace(live, membersTable(g));
  setTimeout(refresh, LIVE_EVERY);
}
