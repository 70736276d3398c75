// SPDX-License-Identifier: Apache-2.0
// i18n.js - the interface's languages: choosing one, its texts, its
// direction and its conventions for dates and numbers.
//
// Every text on screen comes from web/locales/LANG.json (a test checks
// that each shipped locale has every key).  Arabic and Sorani Kurdish are
// written right to left: the page's dir follows the language, and the
// style sheet uses logical properties, so the layout mirrors by itself.

export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr', intl: 'en-GB' },
  { code: 'ar', name: 'العربية', dir: 'rtl', intl: 'ar-IQ' },
  { code: 'ckb', name: 'کوردی', dir: 'rtl', intl: 'ckb-IQ' },
];

let current = LANGUAGES[0];
let texts = {};

// The first of the browser's preferred languages that tipsom speaks:
// ar-*, ckb-* and ku-Arab-* (Sorani in Arabic script) count.
export function negotiate(preferred) {
  for (const raw of preferred || []) {
    const tag = String(raw).toLowerCase();
    if (tag === 'ckb' || tag.startsWith('ckb-') ||
        tag.startsWith('ku-arab')) return 'ckb';
    const base = tag.split('-')[0];
    if (LANGUAGES.some(l => l.code === base)) return base;
  }
  return 'en';
}

export function language() { return current.code; }

// Loads the texts of code and turns the page to its direction.
export async function use(code) {
  const lang = LANGUAGES.find(l => l.code === code) || LANGUAGES[0];
  const r = await fetch(`/static/locales/${lang.code}.json`,
                        { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`locale ${lang.code}: ${r.status}`);
  texts = await r.json();
  current = lang;
  document.documentElement.lang = lang.code;
  document.documentElement.dir = lang.dir;
  document.title = t('app.title');
}

// Whether the language has a text for key (for texts that may come from
// the server in English when the locale has none).
export function has(key) {
  return Object.prototype.hasOwnProperty.call(texts, key);
}

// The text of key, with {name} replaced from vars.  A missing key shows
// as itself, in brackets, so it is seen (the locale test catches it).
export function t(key, vars) {
  const s = texts[key];
  if (s === undefined) return `[${key}]`;
  return s.replace(/\{(\w+)\}/g, (m, k) =>
    vars && vars[k] !== undefined ? String(vars[k]) : m);
}

// A text given in several languages ({"en": ..., "ar": ...}, as SOPs and
// screening instruments give them) in the interface's, else English.
export function local(texts) {
  if (!texts) return '';
  if (typeof texts === 'string') return texts;
  return texts[current.code] || texts.en || '';
}

// Whether the browser knows the language's conventions; browsers ship
// few Sorani ones, so tipsom's locale files carry month names and digits.
function intlKnows() {
  return Intl.DateTimeFormat.supportedLocalesOf([current.intl]).length > 0;
}

// Digits in the language's script (٠١٢ for Arabic and Sorani).
export function digits(text) {
  const set = t('number.digits');
  return String(text).replace(/[0-9]/g, d => set[d] || d);
}

// A date, or a date and time, in the language's conventions.
export function formatDate(iso, withTime) {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso);
  if (isNaN(d)) return iso;
  if (intlKnows()) {
    const opts = withTime
      ? { dateStyle: 'medium', timeStyle: 'short' }
      : { dateStyle: 'medium' };
    return new Intl.DateTimeFormat(current.intl, opts).format(d);
  }
  let s = `${d.getDate()} ${t(`date.month.${d.getMonth() + 1}`)} ` +
    `${d.getFullYear()}`;
  if (withTime) {
    s += ` ${String(d.getHours()).padStart(2, '0')}:` +
      `${String(d.getMinutes()).padStart(2, '0')}`;
  }
  return digits(s);
}

// A number; fraction: how many decimals it always shows (none by default).
export function formatNumber(n, fraction) {
  const opts = fraction ? { minimumFractionDigits: fraction,
                            maximumFractionDigits: fraction } : undefined;
  return intlKnows() ? new Intl.NumberFormat(current.intl, opts).format(n)
    : digits(fraction ? Number(n).toFixed(fraction) : String(n));
}

// What went wrong with a request, in the language: the server's own
// words are English, so other languages lead with their sentence for the
// kind of refusal and keep the server's detail after it.
export function errorText(err) {
  const status = err && err.status ? err.status : 0;
  const lead = has(`error.${status}`) ? t(`error.${status}`) : t('error.other');
  if (!status) return lead;
  return current.code === 'en' ? err.message : `${lead} (${err.message})`;
}
