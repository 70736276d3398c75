// SPDX-License-Identifier: Apache-2.0
// why.js - why an SOP step is not ready, in the interface's language, from
// the parts the server gives (its English "reason" says the same).
import { t, formatDate } from './i18n.js';

// why: a step's "why"; titles: step titles by id, if known; person:
// how to name person id (a name, or their role and number).
export function whyText(why, { titles, person }) {
  switch (why.code) {
  case 'skipped':
    return t('why.skipped', { who: why.by || '—', note: why.note });
  case 'condition':
    return why.condition.startsWith('kind:')
      ? t('why.condition_kind', { kind: t(`kind.${why.condition.slice(5)}`) })
      : t(`why.condition.${why.condition}`);
  case 'waiting':
    if (!titles) return t('why.waiting_earlier');
    return t('why.waiting', { steps: why.steps.map(id =>
      titles.get(id) || id).join(t('common.list_separator')) });
  case 'gate':
    if (why.nobody) return t('why.nobody');
    return t(`why.gate.${why.gate}`, {
      person: why.person ? person(why.person) : '',
      until: why.until ? formatDate(why.until) : '' });
  default:
    return '';
  }
}
