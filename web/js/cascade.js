// SPDX-License-Identifier: Apache-2.0
// cascade.js - who trained whom (GET /training/sessions/{id}/cascade):
// the sessions a training of trainers started, drawn here in SVG one
// generation a column (left to right, mirrored for right-to-left pages),
// each session with its course, date, place and the trainer who gave it,
// joined to the session where that trainer was trained; then the same
// facts, and the reach by generation, sex, organisation and region, as
// tables.  Trainers see the trainers' names (the cascade gives them);
// analysts and supervisors, who read the figures only, see the cascade
// without them.
import { h, replace, svg } from './dom.js';
import { t, formatDate, formatNumber } from './i18n.js';
import { pageData } from './forms.js';
import { PROGRAMME_ROLES, sessionDates } from './programme.js';

const SEXES = ['female', 'male', 'other', 'unknown'];
const NODE_W = 240;
const NODE_H = 74;
const GAP_X = 80;
const GAP_Y = 20;
const PAD = 16;
const HEAD = 30;	// the generations' headings
const LINE = 19;
const CHARS = 32;	// what fits on a line of a node

function cut(text) {
  return text.length > CHARS ? `${text.slice(0, CHARS - 1)}…` : text;
}

// The trainer who gave node's session: the one trained in the session
// above (via), or for the first, its trainers; null without names.
function trainerText(node, view) {
  if (!view) {
    return node.via ? t('cascade.participant_no', {
      id: formatNumber(node.via) }) : null;
  }
  const first = view.trainers.find(p => p.id === node.via) ||
    view.trainers[0];
  if (!first) return null;
  const more = view.trainers.length - 1;
  return more > 0 ? t('cascade.trainer_more', { name: first.full_name,
    n: formatNumber(more) }) : first.full_name;
}

// Each generation's sessions in a column, under the session above them,
// so that lines cross as little as a simple order allows.
function layout(nodes) {
  const row = new Map();
  const columns = [];
  const byDepth = new Map();
  for (const n of nodes) {
    if (!byDepth.has(n.depth)) byDepth.set(n.depth, []);
    byDepth.get(n.depth).push(n);
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    const column = byDepth.get(depth).slice().sort((a, b) =>
      (row.get(a.parent) ?? 0) - (row.get(b.parent) ?? 0) ||
      a.starts_on.localeCompare(b.starts_on) || a.session - b.session);
    column.forEach((n, i) => row.set(n.session, i));
    columns.push(column);
  }
  return { row, columns };
}

function drawing(c, views) {
  const rtl = document.documentElement.dir === 'rtl';
  const { row, columns } = layout(c.sessions);
  const deepest = Math.max(...columns.map(col => col.length));
  const W = 2 * PAD + columns.length * NODE_W + (columns.length - 1) * GAP_X;
  const H = 2 * PAD + HEAD + deepest * NODE_H + (deepest - 1) * GAP_Y;
  // The inline-start edge of a node of depth d, mirrored when rtl.
  const left = d => {
    const x = PAD + (d - 1) * (NODE_W + GAP_X);
    return rtl ? W - x - NODE_W : x;
  };
  const top = n => PAD + HEAD + row.get(n.session) * (NODE_H + GAP_Y);
  const start = d => rtl ? left(d) + NODE_W - 10 : left(d) + 10;
  const byId = new Map(c.sessions.map(n => [n.session, n]));
  const root = c.sessions[0];
  const el = svg('svg', { class: 'cascade-graph', role: 'img',
    'aria-labelledby': 'cascade-svg-title cascade-svg-desc',
    viewBox: `0 0 ${W} ${H}`, width: W, height: H },
    svg('title', { id: 'cascade-svg-title' }, t('cascade.svg_title', {
      course: root.course, date: formatDate(root.starts_on) })),
    svg('desc', { id: 'cascade-svg-desc' }, t('cascade.summary', {
      reach: formatNumber(c.reach), generations: formatNumber(
        c.generations.length), sessions: formatNumber(c.sessions.length) })),
    svg('defs', {}, svg('marker', { id: 'cascade-arrow',
      viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: 'auto' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z' }))));
  columns.forEach((col, i) => el.append(svg('text', { class: 'generation',
    x: start(i + 1), y: PAD + 16 }, t('cascade.generation', {
      n: formatNumber(i + 1) }))));
  for (const n of c.sessions) {
    const parent = n.parent && byId.get(n.parent);
    if (!parent) continue;
    const sx = rtl ? left(parent.depth) : left(parent.depth) + NODE_W;
    const ex = rtl ? left(n.depth) + NODE_W : left(n.depth);
    const sy = top(parent) + NODE_H / 2;
    const ey = top(n) + NODE_H / 2;
    const mx = (sx + ex) / 2;
    el.append(svg('path', { class: 'edge', 'data-from': parent.session,
      'data-to': n.session, d: `M${sx},${sy} C${mx},${sy} ${mx},${ey} ` +
      `${ex},${ey}`, 'marker-end': 'url(#cascade-arrow)' }));
  }
  for (const n of c.sessions) {
    const who = trainerText(n, views.get(n.session));
    const lines = [`${n.course} · ${formatDate(n.starts_on)}`,
      t('cascade.where', { place: n.place, region: n.region }),
      who && t('cascade.by', { name: who })].filter(Boolean);
    const x = start(n.depth);
    el.append(svg('g', { class: n === root ? 'node root' : 'node',
      'data-session': n.session, 'data-depth': n.depth },
      svg('title', {}, lines.join('\n')),
      svg('rect', { x: left(n.depth), y: top(n), width: NODE_W,
        height: NODE_H, rx: 6 }),
      lines.map((line, i) => svg('text', { x, y: top(n) + 22 + i * LINE,
        class: i === 0 ? 'head' : null }, cut(line)))));
  }
  return el;
}

function countsTable(id, title, column, rows) {
  return h('section', { class: 'cascade-table', 'aria-labelledby': id },
    h('h3', { id }, title),
    h('table', { class: 'cascade-counts', 'data-counts': id },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, column),
        h('th', { scope: 'col' }, t('cascade.persons')))),
      h('tbody', {}, rows.map(([label, n]) => h('tr', {},
        h('th', { scope: 'row', dir: 'auto' }, label),
        h('td', {}, formatNumber(n)))))));
}

function sessionsTable(c, views, names) {
  const byId = new Map(c.sessions.map(n => [n.session, n]));
  const label = n => `${n.course} · ${formatDate(n.starts_on)}`;
  const link = n => names ? h('a', { href: `#/programme/sessions/${
    n.session}` }, label(n)) : label(n);
  return h('div', { class: 'scroll', tabindex: '0', role: 'region',
                    'aria-labelledby': 'cascade-sessions-title' },
    h('table', { class: 'cascade-sessions' },
      h('thead', {}, h('tr', {}, ['cascade.generation_col',
        'programme.session', 'programme.dates_col', 'programme.place',
        'programme.region', 'cascade.trainer', 'cascade.trained_at'].map(k =>
        h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, c.sessions.map(n => {
        const parent = n.parent && byId.get(n.parent);
        const view = views.get(n.session);
        return h('tr', { 'data-session': n.session },
          h('td', {}, formatNumber(n.depth)),
          h('td', {}, link(n), n.tot && h('span', { class: 'badge tot' },
            t('programme.tot'))),
          h('td', {}, view ? sessionDates(view.starts_on, view.ends_on) :
            formatDate(n.starts_on)),
          h('td', { dir: 'auto' }, n.place),
          h('td', { dir: 'auto' }, n.region),
          h('td', { dir: 'auto' }, trainerText(n, view) || '—'),
          h('td', {}, parent ? link(parent) : t('cascade.root')));
      }))));
}

// #/programme/sessions/ID/cascade.
export async function cascadePage(main, id, session) {
  const c = await pageData(main, `/training/sessions/${id}/cascade`,
    t('cascade.title'), t('programme.no_session'));
  if (!c) return;
  const names = PROGRAMME_ROLES.has(session.user.role);
  // A trainer reads each session's trainers with the cascade itself.
  const views = new Map();
  for (const n of c.sessions) {
    if (n.trainers) views.set(n.session, { trainers: n.trainers });
  }
  const root = c.sessions[0];
  const total = c.generations.reduce((n, g) => n + g.persons, 0);
  replace(main,
    names && h('nav', { class: 'crumbs', 'aria-label':
      t('programme.crumbs') }, h('a', { href: '#/programme' },
      t('programme.title')), ' › ', h('a', {
      href: `#/programme/sessions/${id}` }, `${root.course} · ${
      formatDate(root.starts_on)}`)),
    h('h1', {}, t('cascade.title')),
    h('p', { class: 'lead' }, t('cascade.of', { course: root.course,
      date: formatDate(root.starts_on), place: root.place })),
    h('p', { class: 'cascade-summary' }, t('cascade.summary', {
      reach: formatNumber(c.reach), generations: formatNumber(
        c.generations.length), sessions: formatNumber(c.sessions.length) })),
    h('p', { class: 'hint' }, t('cascade.rule')),
    c.cut && h('p', { class: 'message info' }, t('cascade.cut')),
    h('section', { class: 'card', 'aria-labelledby': 'cascade-draw-title' },
      h('h2', { id: 'cascade-draw-title' }, t('cascade.drawing')),
      h('div', { class: 'scroll cascade-view' }, drawing(c, views))),
    h('section', { class: 'card', 'aria-labelledby':
                   'cascade-sessions-title' },
      h('h2', { id: 'cascade-sessions-title' }, t('cascade.sessions')),
      sessionsTable(c, views, names)),
    h('section', { class: 'card', 'aria-labelledby': 'cascade-reach-title' },
      h('h2', { id: 'cascade-reach-title' }, t('cascade.reach')),
      h('div', { class: 'cascade-tables' },
        h('section', { class: 'cascade-table',
                       'aria-labelledby': 'reach-generation' },
          h('h3', { id: 'reach-generation' }, t('cascade.by_generation')),
          h('table', { class: 'cascade-counts', 'data-counts':
                       'reach-generation' },
            h('thead', {}, h('tr', {}, ['cascade.generation_col',
              'cascade.sessions_col', 'cascade.persons'].map(k =>
              h('th', { scope: 'col' }, t(k))))),
            h('tbody', {}, c.generations.map(g => h('tr', {},
              h('th', { scope: 'row' }, formatNumber(g.generation)),
              h('td', {}, formatNumber(g.sessions)),
              h('td', {}, formatNumber(g.persons))))),
            h('tfoot', {}, h('tr', {},
              h('th', { scope: 'row' }, t('stats.total')),
              h('td', {}, formatNumber(c.sessions.length)),
              h('td', {}, formatNumber(total)))))),
        countsTable('reach-sex', t('cascade.by_sex'), t('programme.sex'),
          SEXES.map(s => [t(`sex.${s}`), c.by_sex[s] || 0])),
        countsTable('reach-organisation', t('cascade.by_organisation'),
          t('programme.organisation'), Object.entries(c.by_organisation)),
        countsTable('reach-region', t('cascade.by_region'),
          t('programme.region'), Object.entries(c.by_region)))));
}
