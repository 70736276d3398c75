// SPDX-License-Identifier: Apache-2.0
// dashboard.js - national statistics for supervisors and analysts: the
// figures of GET /stats (docs/openapi.json) as bar charts drawn here in
// SVG, each with a table of the same figures for screen readers and for
// copying.  The server counts and suppresses small cells; a suppressed
// cell is drawn as a dashed outline and marked "<5" in words and in the
// table, never guessed.  The filters live in the address: they name no
// one.
import { h, replace } from './dom.js';
import * as api from './api.js';
import { t, formatNumber, formatDate, errorText, language, digits }
  from './i18n.js';
import { control } from './forms.js';

// The roles that read statistics (stats.read in src/core/access.c).
export const STATS_READERS = new Set(['supervisor', 'analyst']);

// The breakdowns a user may ask for, one at a time (the API takes up to
// three; the tables of each population then share it).
const DIMENSIONS = ['sex', 'age_group', 'nationality', 'form_of_exploitation',
  'route', 'year', 'agency', 'role', 'case_kind', 'stage', 'service',
  'status', 'step_outcome'];
const FILTERS = ['from', 'to', 'agency', 'by', 'min_cell'];

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c !== undefined && c !== null && c !== false) {
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
  return el;
}

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
    default: return v;            // routes and agency codes, as recorded
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

function tableCard(table, minCell, n) {
  const titleId = `stats-title-${n}`;
  const card = h('section', { class: 'card stats-table',
    'data-table': `${table.population}:${table.dimensions.join(',')}`,
    'aria-labelledby': titleId },
    h('h2', { id: titleId }, tableTitle(table)),
    h('p', { class: 'total' }, t('stats.in_all', {
      n: countText(table.total, table.total_suppressed, minCell) })));
  if (!table.cells.length) {
    card.append(h('p', { class: 'hint' }, t('stats.nothing')));
    return card;
  }
  card.append(chart(table, minCell, titleId),
    h('details', {}, h('summary', {}, t('stats.figures')),
      h('div', { class: 'scroll', tabindex: '0', role: 'region',
                 'aria-label': tableTitle(table) },
        dataTable(table, minCell))));
  return card;
}

function filterForm(q) {
  const input = (name, type, attrs) => control(`stats-${name}`,
    t(`stats.filter.${name}`), h('input', Object.assign({
      id: `stats-${name}`, name, type, dir: 'ltr',
      value: q.get(name) || '' }, attrs || {})));
  const form = h('form', { class: 'filters row', role: 'search',
                           id: 'stats-filters' },
    input('from', 'date'),
    input('to', 'date'),
    input('agency', 'text', { placeholder: 'KRI-MOI', size: 12 }),
    control('stats-by', t('stats.filter.by'), h('select', {
      id: 'stats-by', name: 'by' },
      h('option', { value: '' }, t('stats.by_default')),
      DIMENSIONS.map(d => h('option', { value: d,
        selected: d === q.get('by') }, t(`stats.dim.${d}`))))),
    input('min_cell', 'number', { min: 1, max: 100, size: 4 }),
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

// The dashboard of #/dashboard?from=&to=&agency=&by=&min_cell=.
export async function dashboardPage(main, query) {
  const q = new URLSearchParams(query);
  const status = h('div', { id: 'stats-status', 'aria-live': 'polite' });
  const tables = h('div', { class: 'stats-tables' });
  replace(main, h('h1', {}, t('stats.title')), filterForm(q), status,
          tables);
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
      h('p', { class: 'hint' }, t('stats.no_court_outcomes')));
  replace(tables, s.tables.map((tb, i) => tableCard(tb, minCell, i)));
}
