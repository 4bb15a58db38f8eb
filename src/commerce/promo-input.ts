import type { PromoCodeRow } from '../db/schema/index.js';
import type { PromoReach } from './promo-rules.js';

/** A promo code's settings as an admin leaves them, after merging an edit onto the stored code. */
export type PromoSettings = PromoReach & Pick<PromoCodeRow, 'validFrom' | 'validUntil' | 'maxUses' | 'maxUsesPerUser'>;

export interface SettingsProblem {
  path: string;
  message: string;
}

/** Rules across fields that a schema of single fields cannot say; empty when the settings hold together. */
export function promoSettingsProblems(p: PromoSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (p.kind === 'percent' && (p.value < 1 || p.value > 100)) {
    problems.push({ path: 'value', message: 'a percent code takes 1 to 100' });
  }
  if (p.kind === 'fixed' && p.currency === null) {
    problems.push({ path: 'currency', message: 'a fixed code needs the currency of its amount' });
  }
  if (p.scope === 'event' && p.eventId === null) problems.push({ path: 'eventId', message: 'scope event needs eventId' });
  if (p.scope === 'category' && p.category === null) {
    problems.push({ path: 'category', message: 'scope category needs category' });
  }
  if (p.scope !== 'event' && p.eventId !== null) problems.push({ path: 'eventId', message: 'only for scope event' });
  if (p.scope !== 'category' && p.category !== null) {
    problems.push({ path: 'category', message: 'only for scope category' });
  }
  if (p.validFrom && p.validUntil && p.validFrom.getTime() >= p.validUntil.getTime()) {
    problems.push({ path: 'validUntil', message: 'must be after validFrom' });
  }
  if (p.maxUses !== null && p.maxUsesPerUser !== null && p.maxUsesPerUser > p.maxUses) {
    problems.push({ path: 'maxUsesPerUser', message: 'cannot exceed maxUses' });
  }
  return problems;
}
