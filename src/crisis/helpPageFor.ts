import type { Audience } from '../domain/Audience.js';
import type { HelpGuide } from '../seeds/HelpGuide.js';
import type { Concern } from './CrisisDetector.js';

/**
 * The help page that answers a concern, for this person: the situation's page for a child; the
 * page for adults (responding to a child's disclosure) for a caregiver or patron, or for someone
 * not yet set up who writes about a child ("my daughter..."); the friend page for a child who writes
 * about another child. Null: the general emergency screen (nothing says what happened).
 */
export function helpPageFor(guide: HelpGuide, concern: Concern, audience: Audience | null): string | null {
  const page = guide.detected[concern.situation];
  if (!page) return null;
  const adult = audience === 'caregiver' || audience === 'patron' || (audience === null && concern.who === 'a_child');
  if (adult) return guide.situations.find((s) => s.id === page)?.forAdults ?? page;
  if (concern.who === 'a_child' && page !== 'danger_now') return guide.aboutAFriend;
  return page;
}
