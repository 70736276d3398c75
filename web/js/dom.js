// SPDX-License-Identifier: Apache-2.0
// dom.js - building the page from data without ever parsing data as HTML.

// h('p', {class: 'x', onclick: f}, 'text', child, ...): an element.
// Strings become text nodes, so a name can never become markup.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';

// svg('rect', {x: 1, onclick: f}, child, ...): an SVG element, as h()
// makes an HTML one.
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

// Replaces everything in el with children.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Latin-script codes (references, usernames, numbers of documents) kept
// left to right inside a right-to-left page, where they still line up.
export function ltr(text, cls) {
  return h('bdi', { dir: 'ltr', class: cls }, text);
}

// A definition list of [term, value] rows; false rows are left out.
export function facts(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, v)]));
}

// text (a translation still holding its {placeholders}) with each
// placeholder replaced by the node or string of the same name in vars:
// a link or an ltr() number inside a sentence of any language.
export function fill(text, vars) {
  return text.split(/(\{\w+\})/).filter(s => s !== '').map(s => {
    const m = s.match(/^\{(\w+)\}$/);
    return m && vars[m[1]] !== undefined ? vars[m[1]] : s;
  });
}
