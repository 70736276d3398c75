// SPDX-License-Identifier: Apache-2.0
// links.js - the network behind a case: its identifiers (with a form to
// add one to the case or a person of it), an interactive graph drawn
// here in SVG (radial: the start in the middle, each ring one step out;
// click or Enter on a node to focus it and its connections, or to look
// from it; zoomed with its buttons, + and -, or Ctrl and the wheel;
// moved by dragging it or the arrow keys, a node by dragging the node),
// the same network as a list for keyboards and screen readers, and the
// GraphML and JSON exports.
import { h, ltr, replace, svg as s } from './dom.js';
import * as api from './api.js';
import { t, formatNumber, errorText } from './i18n.js';
import { control, submitting } from './forms.js';

// Who records links (src/core/access.c: case.edit).
const EDITORS = new Set(['supervisor', 'investigator', 'caseworker']);
const KINDS = ['phone', 'email', 'address', 'vehicle', 'bank_account',
               'hawala', 'social_media', 'document', 'other'];
const RING = 80;	// pixels between rings, at least
const SPACING = 110;	// pixels between the nodes of a ring, at least
const RTL = /[\u0590-\u08ff\ufb1d-\ufefc]/;
const ZOOM_STEP = 1.25;	// each zoom in or out
const ZOOM_MAX = 8;	// times the whole network, at most
const PAN_STEP = 0.1;	// of the view, each arrow key
const DRAG_MIN = 4;	// pixels a pointer moves before it drags

// What a node is called: a person's name (or role-free number), a case's
// reference, an identifier's value.
function label(n) {
  if (n.type === 'person') {
    return n.name || t('links.person', { id: formatNumber(n.person) });
  }
  if (n.type === 'case') return n.ref;
  return n.value;
}

function what(n) {
  if (n.type === 'identifier') return t(`identifier_kind.${n.kind}`);
  return t(n.type === 'person' ? 'links.type_person' : 'links.type_case');
}

function edgeLabel(e) {
  if (e.kind === 'role') return t(`case_role.${e.role}`);
  if (e.kind === 'call') {
    return t('links.calls', { n: formatNumber(e.calls),
                              seconds: formatNumber(e.seconds) });
  }
  return t(`link_source.${e.source}`);
}

// Ring of a node: identifiers sit between the people and cases they join.
function ring(n) {
  if (n.depth === 0) return 0;
  return n.type === 'identifier' ? 2 * n.depth - 1 : 2 * n.depth;
}

// Positions on rings around the start, each ring's nodes spread evenly;
// a ring is wide enough for its nodes, and at least RING beyond the last.
function layout(nodes) {
  const rings = new Map();
  for (const n of nodes) {
    const r = ring(n);
    if (!rings.has(r)) rings.set(r, []);
    rings.get(r).push(n);
  }
  const radius = [0];
  const outer = Math.max(...rings.keys());
  for (let r = 1; r <= outer; r++) {
    const count = (rings.get(r) || []).length;
    radius[r] = count ? Math.max(radius[r - 1] + RING, count * SPACING /
                                 (2 * Math.PI)) : radius[r - 1];
  }
  const size = 2 * (radius[outer] + 110);
  const at = new Map();
  for (const [r, list] of rings) {
    list.forEach((n, i) => {
      const a = 2 * Math.PI * i / list.length + r * 0.35 - Math.PI / 2;
      at.set(n.id, { x: size / 2 + radius[r] * Math.cos(a),
                     y: size / 2 + radius[r] * Math.sin(a) });
    });
  }
  return { at, size };
}

// The line and label of edge e, drawn between points a and b.
function placeEdge(g, a, b) {
  const line = g.querySelector('line'), text = g.querySelector('text');
  line.setAttribute('x1', a.x);
  line.setAttribute('y1', a.y);
  line.setAttribute('x2', b.x);
  line.setAttribute('y2', b.y);
  text.setAttribute('x', (a.x + b.x) / 2);
  text.setAttribute('y', (a.y + b.y) / 2 - 3);
}

// The view of svg over the whole network (size square): zoom and pan by
// buttons, keys, Ctrl and the wheel, and dragging; a node dragged moves
// with its edges.  Returns the zoom buttons.
function navigable(svg, size, at, edgesOf) {
  let view = { x: 0, y: 0, w: size, h: size };
  let drag = null;
  let dragged = false;
  const show = () => svg.setAttribute('viewBox',
    `${view.x} ${view.y} ${view.w} ${view.h}`);
  // Graph units per screen pixel (the view is fitted whole: "meet").
  const scale = () => {
    const r = svg.getBoundingClientRect();
    return Math.max(view.w / (r.width || 1), view.h / (r.height || 1));
  };
  const zoom = (f, cx = view.x + view.w / 2, cy = view.y + view.h / 2) => {
    const w = Math.min(size, Math.max(size / ZOOM_MAX, view.w / f));
    const k = w / view.w;
    view = { x: cx - (cx - view.x) * k, y: cy - (cy - view.y) * k,
             w, h: view.h * k };
    show();
  };
  const pan = (dx, dy) => {
    view = { ...view, x: view.x + dx, y: view.y + dy };
    show();
  };
  const fit = () => {
    view = { x: 0, y: 0, w: size, h: size };
    show();
  };
  svg.addEventListener('wheel', ev => {
    if (!ev.ctrlKey && !ev.metaKey) return;	// the page scrolls
    ev.preventDefault();
    const screen = svg.createSVGPoint();
    screen.x = ev.clientX;
    screen.y = ev.clientY;
    const p = screen.matrixTransform(svg.getScreenCTM().inverse());
    zoom(ev.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, p.x, p.y);
  }, { passive: false });
  svg.addEventListener('keydown', ev => {
    const step = PAN_STEP * view.w;
    const keys = {
      '+': () => zoom(ZOOM_STEP), '=': () => zoom(ZOOM_STEP),
      '-': () => zoom(1 / ZOOM_STEP), '0': fit,
      ArrowLeft: () => pan(-step, 0), ArrowRight: () => pan(step, 0),
      ArrowUp: () => pan(0, -step), ArrowDown: () => pan(0, step),
    };
    if (!keys[ev.key] || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    ev.preventDefault();
    keys[ev.key]();
  });
  svg.addEventListener('pointerdown', ev => {
    if (ev.button !== 0) return;
    const node = ev.target.closest('.node');
    drag = { id: node && node.dataset.id, node, x: ev.clientX,
             y: ev.clientY, moving: false };
    dragged = false;
  });
  svg.addEventListener('pointermove', ev => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moving && Math.hypot(dx, dy) < DRAG_MIN) return;
    if (!drag.moving) {
      drag.moving = true;
      svg.setPointerCapture(ev.pointerId);
      svg.classList.add(drag.node ? 'moving-node' : 'panning');
    }
    const k = scale();
    drag.x = ev.clientX;
    drag.y = ev.clientY;
    if (!drag.node) {
      pan(-dx * k, -dy * k);
      return;
    }
    const p = at.get(drag.id);
    p.x += dx * k;
    p.y += dy * k;
    drag.node.setAttribute('transform', `translate(${p.x} ${p.y})`);
    for (const g of edgesOf.get(drag.id) || []) {
      placeEdge(g, at.get(g.dataset.from), at.get(g.dataset.to));
    }
  });
  const end = () => {
    if (drag && drag.moving) dragged = true;
    drag = null;
    svg.classList.remove('panning', 'moving-node');
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  // A drag that ends on a node is no click on it.
  svg.addEventListener('click', ev => {
    if (!dragged) return;
    dragged = false;
    ev.stopPropagation();
  }, true);
  show();
  return h('div', { class: 'graph-tools', role: 'toolbar',
                    'aria-label': t('links.graph') },
    h('button', { type: 'button', class: 'small', onclick: () =>
      zoom(ZOOM_STEP) }, t('links.zoom_in')),
    h('button', { type: 'button', class: 'small', onclick: () =>
      zoom(1 / ZOOM_STEP) }, t('links.zoom_out')),
    h('button', { type: 'button', class: 'small', onclick: fit },
      t('links.zoom_fit')),
    h('span', { class: 'hint' }, t('links.graph_hint')));
}

function graph(net, onPick) {
  const { at, size } = layout(net.nodes);
  const svg = s('svg', { class: 'network-graph', viewBox: `0 0 ${size} ${size}`,
    role: 'group', 'aria-label': t('links.graph'), dir: 'ltr', tabindex: 0 });
  const edges = s('g', { class: 'edges' });
  const nodes = s('g', { class: 'nodes' });
  const edgesOf = new Map();
  for (const e of net.edges) {
    const g = s('g', { class: `edge edge-${e.kind}`, 'data-from': e.from,
      'data-to': e.to },
      s('line', { 'marker-end': e.kind === 'call' ? 'url(#arrow)' : null }),
      s('text', { class: 'edge-label' }, edgeLabel(e)));
    placeEdge(g, at.get(e.from), at.get(e.to));
    for (const id of [e.from, e.to]) {
      if (!edgesOf.has(id)) edgesOf.set(id, []);
      edgesOf.get(id).push(g);
    }
    edges.append(g);
  }
  for (const n of net.nodes) {
    const p = at.get(n.id);
    const text = label(n);
    const g = s('g', { class: `node node-${n.type}` +
      (n.type === 'identifier' ? ` kind-${n.kind}` : '') +
      (n.depth === 0 ? ' start' : ''), 'data-id': n.id, tabindex: 0,
      role: 'button', 'aria-label': `${what(n)}: ${text}`,
      transform: `translate(${p.x} ${p.y})` },
      s('title', {}, `${what(n)}: ${text}`),
      n.type === 'case' ? s('rect', { x: -14, y: -14, width: 28,
        height: 28, rx: 4 }) : s('circle', { r: n.type === 'person' ?
        14 : 10 }),
      s('text', { y: 28, class: 'node-label',
                  direction: RTL.test(text) ? 'rtl' : 'ltr' }, text));
    g.addEventListener('click', () => onPick(n.id));
    g.addEventListener('keydown', ev => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onPick(n.id);
      }
    });
    nodes.append(g);
  }
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10',
    refX: 20, refY: 5, markerWidth: 6, markerHeight: 6,
    orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z' }))),
    edges, nodes);
  const tools = navigable(svg, size, at, edgesOf);
  return h('div', { class: 'network-graph-box' }, tools, svg);
}

// The network as a list: each node with what connects it.
function list(net, onPick) {
  const byId = new Map(net.nodes.map(n => [n.id, n]));
  return h('ul', { class: 'network-list' }, net.nodes.map(n =>
    h('li', { 'data-id': n.id },
      h('button', { type: 'button', class: 'link', onclick: () => onPick(n.id) },
        what(n), ': ', h('bdi', { dir: 'auto' }, label(n))),
      h('ul', {}, net.edges.filter(e => e.from === n.id || e.to === n.id)
        .map(e => {
          const other = byId.get(e.from === n.id ? e.to : e.from);
          return h('li', {}, edgeLabel(e), ' — ', what(other), ': ',
            h('bdi', { dir: 'auto' }, label(other)));
        })))));
}

// Downloads the network of start as GraphML or JSON.
async function download(start, name, graphml) {
  const path = `/api/v1/links/network${graphml ? '.graphml' : ''}?${start}`;
  const r = await fetch(path, { credentials: 'same-origin',
                                cache: 'no-store' });
  if (!r.ok) throw new api.ApiError(r.status, (await r.json()).error);
  const url = URL.createObjectURL(await r.blob());
  const a = h('a', { href: url, download: `${name}.${graphml ? 'graphml' :
    'json'}` });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

// The form that links an identifier to case ref or a person of it.
function addForm(view, hidden, done) {
  const people = view.people.map(p => [p.person_id, hidden || !p.name ?
    `${t(`case_role.${p.role}`)} #${formatNumber(p.person_id)}` :
    p.name]);
  const form = h('form', { class: 'links-form', 'aria-labelledby': 'lf-title' },
    h('h3', { id: 'lf-title' }, t('links.add')),
    h('div', { class: 'row' },
      control('lf-kind', t('links.kind'), h('select', { id: 'lf-kind',
        name: 'kind' }, KINDS.map(k => h('option', { value: k },
          t(`identifier_kind.${k}`))))),
      control('lf-value', t('links.value'), h('input', { id: 'lf-value',
        name: 'value', type: 'text', dir: 'auto', required: true,
        autocomplete: 'off' })),
      control('lf-person', t('links.person_of_case'), h('select', {
        id: 'lf-person', name: 'person_id' },
        h('option', { value: '' }, t('links.the_case')),
        people.map(([id, name]) => h('option', { value: id }, name))))),
    control('lf-note', t('links.note'), h('input', { id: 'lf-note',
      name: 'note', type: 'text', dir: 'auto' })),
    h('p', { class: 'hint' }, t('links.value_hint')),
    h('button', { type: 'submit', class: 'primary' }, t('links.save')));
  submitting(form, async data => {
    const body = { kind: data.get('kind'), value: data.get('value') };
    if (data.get('person_id')) body.person_id = Number(data.get('person_id'));
    if ((data.get('note') || '').trim()) body.note = data.get('note');
    await api.post(`/cases/${encodeURIComponent(view.case.ref)}/links`, body);
    done();
  });
  return form;
}

function linksTable(items, mayRemove, again) {
  return h('table', { class: 'links' },
    h('thead', {}, h('tr', {}, ['links.kind', 'links.value', 'links.person_col',
      'links.source', ''].map(k => h('th', { scope: 'col' }, k && t(k))))),
    h('tbody', {}, items.map(l => h('tr', { 'data-id': l.id },
      h('td', {}, t(`identifier_kind.${l.kind}`)),
      h('td', {}, h('bdi', { dir: 'auto', title: l.typed }, l.value)),
      h('td', {}, l.person ? ltr(`#${l.person}`) : '—'),
      h('td', {}, t(`link_source.${l.source}`)),
      h('td', {}, mayRemove && h('button', { type: 'button', class: 'small',
        onclick: async () => {
          await api.del(`/links/${l.id}`);
          again();
        } }, t('links.remove')))))));
}

// The Network section of the case page.
export function caseLinks(view, who, hidden) {
  const ref = view.case.ref;
  const section = h('section', { class: 'card network',
                                 'aria-labelledby': 'network-title' },
    h('h2', { id: 'network-title' }, t('links.title')));
  const idents = h('div', { class: 'links-list' });
  const work = h('div', { class: 'links-work' });
  const picture = h('div', { class: 'network-view' });
  const may = who.own && EDITORS.has(who.role) &&
    view.case.status === 'open';
  let start = `case=${encodeURIComponent(ref)}`;

  const show = async () => {
    try {
      const net = await api.get(`/links/network?${start}&depth=2` +
                                `&identities=${hidden ? 'false' : 'true'}`);
      const details = h('div', { class: 'network-details', role: 'status',
                                 'aria-live': 'polite' });
      const pick = id => {
        const n = net.nodes.find(x => x.id === id);
        const near = new Set([id]);
        for (const e of net.edges) {
          if (e.from === id) near.add(e.to);
          if (e.to === id) near.add(e.from);
        }
        for (const g of picture.querySelectorAll('.node, .edge')) {
          const on = g.classList.contains('node') ? near.has(g.dataset.id) :
            g.dataset.from === id || g.dataset.to === id;
          g.classList.toggle('dim', !on);
          // Only the focused node's edges say what they are: all of
          // them at once would cover the picture.
          g.classList.toggle('on', on && g.classList.contains('edge'));
          g.classList.toggle('focus', g.dataset.id === id);
        }
        replace(details, h('strong', {}, what(n), ': '),
          h('bdi', { dir: 'auto' }, label(n)), ' — ',
          t('links.connections', { n: formatNumber(near.size - 1) }),
          n.depth > 0 && n.type !== 'identifier' && [' ', h('button', {
            type: 'button', class: 'small', onclick: () => {
              start = n.type === 'case' ? `case=${encodeURIComponent(n.ref)}`
                : `person=${n.person}`;
              show();
            } }, t('links.look_from'))],
          n.type === 'case' && n.depth > 0 && [' ', h('a', {
            href: `#/cases/${encodeURIComponent(n.ref)}` },
            t('links.open_case'))]);
      };
      replace(picture,
        h('p', { class: 'hint' }, t('links.summary', {
          nodes: formatNumber(net.nodes.length),
          edges: formatNumber(net.edges.length) }),
          net.truncated && [' ', h('strong', {}, t('links.truncated',
            { max: formatNumber(net.max_nodes) }))],
          start !== `case=${encodeURIComponent(ref)}` && [' ', h('button', {
            type: 'button', class: 'small', onclick: () => {
              start = `case=${encodeURIComponent(ref)}`;
              show();
            } }, t('links.back_to_case'))]),
        net.edges.length ? graph(net, pick) : h('p', {}, t('links.alone')),
        details,
        h('details', { class: 'network-as-list' },
          h('summary', {}, t('links.as_list')), list(net, pick)),
        h('p', { class: 'exports' },
          h('button', { type: 'button', class: 'small', onclick: () =>
            download(start, `${ref}-network`, true).catch(err =>
              replace(details, errorText(err))) }, t('links.graphml')), ' ',
          h('button', { type: 'button', class: 'small', onclick: () =>
            download(start, `${ref}-network`, false).catch(err =>
              replace(details, errorText(err))) }, t('links.json'))));
    } catch (err) {
      replace(picture, h('p', { class: 'message error', role: 'alert' },
        errorText(err)));
    }
  };
  const load = async () => {
    try {
      const r = await api.get(`/cases/${encodeURIComponent(ref)}/links`);
      replace(idents, r.items.length ? linksTable(r.items, may, load) :
        h('p', {}, t('links.none')));
    } catch (err) {
      replace(idents, h('p', { class: 'message error', role: 'alert' },
        errorText(err)));
    }
    show();
  };
  section.append(idents);
  if (may) {
    section.append(h('p', {}, h('button', { type: 'button', onclick: () => {
      replace(work, addForm(view, hidden, () => {
        replace(work, h('p', { class: 'message info', role: 'status' },
          t('links.added')));
        load();
      }));
      work.querySelector('input').focus();
    } }, t('links.add'))));
  }
  section.append(work, picture);
  load();
  return section;
}
