import type { ReferralService } from '../seeds/ReferralService.js';

/**
 * Entries an operator should check again: never verified, or verified more than a year before
 * `today`. Users never see the unverified ones; the old ones are still shown until corrected.
 */
export function staleEntries(services: ReferralService[], today: Date): { id: string; reason: string }[] {
  const yearAgo = new Date(today);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
  return services.flatMap((s) => {
    if (!s.verified || s.lastVerified === null) return [{ id: s.id, reason: 'not verified: hidden from users' }];
    if (new Date(s.lastVerified) < yearAgo) return [{ id: s.id, reason: `last verified ${s.lastVerified}, over a year ago` }];
    return [];
  });
}
