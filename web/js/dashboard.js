// SPDX-License-Identifier: Apache-2.0
// dashboard.js - national statistics for supervisors and analysts: the
// figures of GET /stats (docs/openapi.json) as bar charts drawn here in
// SVG, each with a table of the same figures for screen readers and for
// copying.  The server counts and suppresses small cells; a suppressed
// cell is drawn as a dashed outline and marked "<5" in words and in the
// table, never guessed.  The filters live in the address: they name no
// one.
import { h, facts, replace, svg } from './dom.js';
import * as api from './api.js';
import { t, formatNumber, formatDate, errorText, language, digits }
  from './i18n.js';
import { control } from './forms.js';

// The roles that read statistics (stats.read in src/core/access.c).
export const STATS_READERS = new Set(['supervisor', 'analyst']);
// And those who read the training programme's figures: trainers too
// (training.manage), who get those alone.
export const FIGURE_READERS = new Set([...STATS_READERS, 'trainer']);
const SEXES = ['female', 'male', 'other', 'unknown'];

// The breakdowns a user may ask for, one at a time (the API takes up to
// three; the tables of each population then share it).
const DIMENSIONS = ['sex', 'age_group', 'nationality', 'form_of_exploitation',
  'route', 'year', 'agency', 'role', 'case_kind', 'stage', 'service',
  'status', 'step_outcome', 'region', 'audience', 'session_kind',
  'situation', 'topic', 'risk', 'destination'];
const FILTERS = ['from', 'to', 'agency', 'by', 'min_cell'];
// The programme's figures take a period only.
const TRAINING_FILTERS = ['from', 'to'];

// A country's name in the language when the browser knows it, else its
// code.
function countryName(code) {
  try {
    const names = new Intl.DisplayNames([language()], { type: 'region' });
    const name = names.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch (e) {
    return code;
  }
}

// One value of a dimension, in words of the language.
function valueText(dim, v) {
  if (v === 'unknown') return t('stats.unknown');
  switch (dim) {
    case 'sex': return t(`sex.${v}`);
    case 'age_group': return t(`stats.age.${v}`);
    case 'nationality': return countryName(v);
    case 'form_of_exploitation': return t(`element.${v}`);
    case 'year': return digits(v);
    case 'role': return t(`case_role.${v}`);
    case 'case_kind': return t(`kind.${v}`);
    case 'stage': return t(`stats.stage.${v}`);
    case 'service': return t(`service.${v}`);
    case 'status': return t(`referral_status.${v}`);
    case 'step_outcome': return t(`stats.outcome.${v}`);
    case 'audience': return t(`awareness.audience.${v}`);
    case 'session_kind': return t(`awareness.kind.${v}`);
    case 'situation': return t(`situation.${v}`);
    case 'topic': return t(`topic.${v}`);
    case 'risk': return v === 'none' ? t('stats.no_risk') : t(`risk.${v}`);
    case 'destination': return countryName(v);
    default: return v;            // routes, agency codes and regions, as
                                  // recorded
  }
}

function cellLabel(table, cell) {
  return cell.values.map((v, i) => valueText(table.dimensions[i], v))
    .join(' / ');
}

function tableTitle(table) {
  return t('stats.table_title', {
    population: t(`stats.pop.${table.population}`),
    dimensions: table.dimensions.map(d => t(`stats.dim.${d}`))
      .join(t('stats.and')),
  });
}

// A count, or the mark of a suppressed one.
function countText(count, suppressed, minCell) {
  return suppressed ? t('stats.below', { n: formatNumber(minCell) })
    : formatNumber(count);
}

// The bars, longest for the largest shown count; a suppressed count is a
// dashed outline as long as the threshold, since all that is known is
// that it is below it.  In a right-to-left page the chart is mirrored.
function chart(table, minCell, titleId) {
  const rtl = document.documentElement.dir === 'rtl';
  const W = 640, LABEL = 230, VALUE = 90, ROW = 30, GAP = 8;
  const barSpace = W - LABEL - VALUE - 2 * GAP;
  const shown = table.cells.filter(c => !c.suppressed).map(c => c.count);
  const max = Math.max(minCell, ...shown, 1);
  const x = (from, width) => rtl ? W - from - width : from;
  const height = Math.max(1, table.cells.length) * ROW + 4;
  const el = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${height}`,
    role: 'img', 'aria-labelledby': titleId, preserveAspectRatio:
    'xMinYMin meet' });
  table.cells.forEach((c, i) => {
    const y = i * ROW + 2;
    const len = Math.max(2, Math.round(barSpace *
      (c.suppressed ? minCell : c.count) / max));
    const start = LABEL + GAP;
    const row = svg('g', { class: c.suppressed ? 'row suppressed' : 'row',
      'data-values': c.values.join('/') });
    row.append(
      svg('text', { x: x(LABEL, 0), y: y + ROW / 2 + 5,
                    'text-anchor': 'end', class: 'label' },
        cellLabel(table, c)),
      svg('rect', { x: x(start, len), y: y + 4, width: len,
                    height: ROW - 10, rx: 2,
                    class: c.suppressed ? 'bar hidden-count' : 'bar' }),
      svg('text', { x: x(start + len + GAP, 0), y: y + ROW / 2 + 5,
                    'text-anchor': 'start', class: 'value' },
        countText(c.count, c.suppressed, minCell)));
    el.append(row);
  });
  return el;
}

// The same figures as a table: what a screen reader reads.
function dataTable(table, minCell) {
  return h('table', { class: 'stats-data' },
    h('thead', {}, h('tr', {},
      table.dimensions.map(d => h('th', { scope: 'col' },
        t(`stats.dim.${d}`))),
      h('th', { scope: 'col' }, t('stats.count')))),
    h('tbody', {}, table.cells.map(c => h('tr', {
      class: c.suppressed ? 'suppressed' : null },
      c.values.map((v, i) => h('th', { scope: 'row' },
        valueText(table.dimensions[i], v))),
      h('td', {}, countText(c.count, c.suppressed, minCell),
        c.suppressed && h('span', { class: 'visually-hidden' },
          ` ${t('stats.suppressed')}`))))),
    h('tfoot', {}, h('tr', { class: table.total_suppressed ?
      'suppressed' : null },
      h('th', { scope: 'row', colspan: table.dimensions.length },
        t('stats.total')),
      h('td', {}, countText(table.total, table.total_suppressed,
        minCell)))));
}

// A card with a table's chart, and its figures as a table (figures) to
// open; heading: the level of its title.  A total of null is not shown
// (counts that overlap add up to nothing).
function chartCard(table, minCell, titleId, title, figures, heading) {
  const card = h('section', { class: 'card stats-table',
    'data-table': `${table.population}:${table.dimensions.join(',')}`,
    'aria-labelledby': titleId },
    h(heading || 'h2', { id: titleId }, title),
    table.total !== null && h('p', { class: 'total' }, t('stats.in_all', {
      n: countText(table.total, table.total_suppressed, minCell) })));
  if (!table.cells.length) {
    card.append(h('p', { class: 'hint' }, t('stats.nothing')));
    return card;
  }
  card.append(chart(table, minCell, titleId),
    h('details', {}, h('summary', {}, t('stats.figures')),
      h('div', { class: 'scroll', tabindex: '0', role: 'region',
                 'aria-label': title }, figures)));
  return card;
}

function tableCard(table, minCell, n) {
  return chartCard(table, minCell, `stats-title-${n}`, tableTitle(table),
    dataTable(table, minCell));
}

// The programme's counts of people by dim ({value: count}) as a table
// of the dashboard's shape: staff, not victims, so nothing is
// suppressed.
function countsOf(dim, counts) {
  const cells = Object.entries(counts).map(([v, n]) => ({ values: [v],
    count: n, suppressed: false }));
  if (dim !== 'sex') cells.sort((a, b) => b.count - a.count);
  return { population: 'training', dimensions: [dim], cells,
    total: cells.reduce((n, c) => n + c.count, 0), total_suppressed: false };
}

// Each training of trainers' reach down its cascade, with the way to it.
// A cascade may hold another (a trainer trained at one gives the next),
// so the reaches are not added up.
function reachCard(cascades) {
  const label = c => `${c.course} · ${formatDate(c.starts_on)}`;
  const table = { population: 'training', dimensions: ['cascade'],
    cells: cascades.map(c => ({ values: [label(c)], count: c.reach,
      suppressed: false })), total: null, total_suppressed: false };
  const figures = h('table', { class: 'stats-data cascades' },
    h('thead', {}, h('tr', {}, ['stats.training.session',
      'stats.training.reach', 'stats.training.generations',
      'stats.training.sessions'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, cascades.map(c => h('tr', { 'data-session': c.session },
      h('th', { scope: 'row' }, h('a', {
        href: `#/programme/sessions/${c.session}/cascade` }, label(c))),
      h('td', {}, formatNumber(c.reach)),
      h('td', {}, formatNumber(c.generations)),
      h('td', {}, formatNumber(c.sessions))))));
  const card = chartCard(table, 1, 'training-reach-title',
    t('stats.training.reach_title'), figures, 'h3');
  card.querySelector('details')?.setAttribute('open', '');
  return card;
}

// The training programme's figures (GET /stats/training) for the period
// of q, drawn into section.
async function trainingFigures(section, q) {
  const ask = new URLSearchParams();
  for (const k of TRAINING_FILTERS) if (q.get(k)) ask.set(k, q.get(k));
  replace(section, h('h2', { id: 'training-figures-title' },
    t('stats.training.title')));
  let f;
  try {
    f = await api.get(`/stats/training${ask.toString() ? `?${ask}` : ''}`);
  } catch (err) {
    section.append(h('p', { class: 'message error', role: 'alert' },
      t('common.failed', { reason: errorText(err) })));
    return;
  }
  section.append(h('p', { class: 'hint' }, t('stats.training.whole')));
  if (!f.sessions) {
    section.append(h('p', { class: 'hint' }, t('stats.training.none')));
    return;
  }
  const gain = f.mean_gain === null ? '—' : `${f.mean_gain > 0 ? '+' : ''}` +
    formatNumber(f.mean_gain, 1);
  const bySex = countsOf('sex', Object.fromEntries(SEXES.map(s =>
    [s, f.by_sex[s] || 0])));
  section.append(
    h('div', { class: 'card training-summary' }, facts([
      [t('stats.training.sessions'), formatNumber(f.sessions)],
      [t('stats.training.tot_sessions'), formatNumber(f.tot_sessions)],
      [t('stats.training.participants'), formatNumber(f.participants)],
      [t('stats.training.tested'), formatNumber(f.tested)],
      [t('stats.training.mean_gain'), h('bdi', { class: 'gain' }, gain)],
      [t('stats.training.certificates'), formatNumber(f.certificates)]])),
    h('div', { class: 'stats-tables' },
      [['sex', bySex, t('stats.training.by_sex')],
       ['organisation', countsOf('organisation', f.by_organisation),
        t('stats.training.by_organisation')],
       ['region', countsOf('region', f.by_region),
        t('stats.training.by_region')]].map(([dim, table, title]) =>
        chartCard(table, 1, `training-${dim}-title`, title,
          dataTable(table, 1), 'h3')),
      f.cascades.length > 0 && reachCard(f.cascades)));
}

function filterForm(q, all) {
  const input = (name, type, attrs) => control(`stats-${name}`,
    t(`stats.filter.${name}`), h('input', Object.assign({
      id: `stats-${name}`, name, type, dir: 'ltr',
      value: q.get(name) || '' }, attrs || {})));
  const form = h('form', { class: 'filters row', role: 'search',
                           id: 'stats-filters' },
    input('from', 'date'),
    input('to', 'date'),
    all && input('agency', 'text', { placeholder: 'KRI-MOI', size: 12 }),
    all && control('stats-by', t('stats.filter.by'), h('select', {
      id: 'stats-by', name: 'by' },
      h('option', { value: '' }, t('stats.by_default')),
      DIMENSIONS.map(d => h('option', { value: d,
        selected: d === q.get('by') }, t(`stats.dim.${d}`))))),
    all && input('min_cell', 'number', { min: 1, max: 100, size: 4 }),
    h('button', { type: 'submit' }, t('stats.apply')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (String(v).trim()) next.set(k, String(v).trim());
    }
    location.hash = `#/dashboard${next.toString() ? `?${next}` : ''}`;
  });
  return form;
}

// The dashboard of #/dashboard?from=&to=&agency=&by=&min_cell=: the
// figures of cases and the training programme's, or (a trainer's) the
// programme's alone.
export async function dashboardPage(main, query, session) {
  const q = new URLSearchParams(query);
  const all = STATS_READERS.has(session.user.role);
  const status = h('div', { id: 'stats-status', 'aria-live': 'polite' });
  const tables = h('div', { class: 'stats-tables' });
  const training = h('section', { id: 'training-figures',
    'aria-labelledby': 'training-figures-title' });
  replace(main, h('h1', {}, t('stats.title')), filterForm(q, all),
    all && status, all && tables, training);
  const programme = trainingFigures(training, q);
  if (!all) {
    await programme;
    return;
  }
  const ask = new URLSearchParams();
  for (const k of FILTERS) if (q.get(k)) ask.set(k, q.get(k));
  let s;
  try {
    s = await api.get(`/stats${ask.toString() ? `?${ask}` : ''}`);
  } catch (err) {
    replace(status, h('p', { class: 'message error', role: 'alert' },
      t('common.failed', { reason: errorText(err) })));
    return;
  }
  const minCell = s.min_cell;
  replace(status,
    h('p', { class: 'scope' }, s.agency ? t('stats.scope_agency', {
      agency: s.agency }) : t('stats.scope_all'), ' ',
      s.from || s.to ? t('stats.period', {
        from: s.from ? formatDate(s.from) : '…',
        to: s.to ? formatDate(s.to) : '…' }) : ''),
    h('p', { class: 'hint' }, t('stats.suppression', {
      n: formatNumber(minCell) })),
    h('p', { class: 'hint' }, t('stats.counted_once')),
    !s.court_outcomes_recorded &&
      h('p', { class: 'hint' }, t('stats.no_court_outcomes')),
    s.tables.some(tb => tb.population === 'outreach') &&
      h('p', { class: 'hint' }, t('stats.outreach_note')));
  replace(tables, s.tables.map((tb, i) => tableCard(tb, minCell, i)));
  await programme;
}
