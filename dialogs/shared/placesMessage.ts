import type { Need } from '../../src/domain/Need.js';
import type { Seeds } from '../../src/seeds/loadSeeds.js';
import type { ReferralService } from '../../src/seeds/ReferralService.js';
import type { Message } from './Message.js';

/** Specialised places first: a recovery centre knows what to do better than a general desk. */
const kindOrder: ReferralService['kind'][] = ['recovery_centre', 'one_stop_centre', 'child_protection_centre', 'hospital', 'police', 'childrens_office'];
const perPage = 3;

/** A place in the list: its name, and its phone numbers or "free" where the directory has them. */
const entryKey = (s: ReferralService) => (s.phones.length > 0 ? 'referral:service.entryPhones' : s.cost === 'free' ? 'referral:service.entryFree' : 'referral:service.entry');
const entryVars = (s: ReferralService) => ({ name: s.name, phones: s.phones.join(' / ') });

/**
 * The places of one county for one need, a page at a time, followed by the free national lines
 * that give that help and one line on what to bring or ask for. Only verified entries are shown.
 * Used by the referral dialog, and by help pages when a message named a county.
 */
export function createPlaces(seeds: Seeds) {
  const counties = new Map(seeds.counties.map((c) => [c.code, c]));
  const shown = seeds.referralServices.filter((s) => s.verified);
  const servicesFor = (county: string, need: string) =>
    shown
      .filter((s) => s.county === county && s.needs.includes(need as Need))
      .sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
  const nationalFor = (need: string) => seeds.nationalServices.filter((s) => s.verified && s.needs.includes(need as Need));

  /**
   * The message for a page of places, short enough for a cheap phone: one line a place, the note
   * about missing phone numbers once, the free national lines for this need, and what to bring or
   * ask for. `more` is true when another page follows.
   */
  const message = (countyCode: string, need: string, page: number): { message: Message; more: boolean; shown: number } => {
    const county = counties.get(countyCode)!;
    const found = servicesFor(county.code, need);
    const pageItems = found.slice(page * perPage, (page + 1) * perPage);
    return {
      more: (page + 1) * perPage < found.length,
      shown: pageItems.length,
      message: {
        key: found.length > 0 ? 'referral:results' : 'referral:resultsNone',
        vars: { county: county.name },
        items: [
          ...(pageItems.length > 0
            ? [{ key: 'referral:list', items: pageItems.map((s) => ({ key: entryKey(s), vars: entryVars(s) })) }]
            : []),
          ...(pageItems.some((s) => s.phones.length === 0) ? [{ key: 'referral:service.noPhones' }] : []),
          { key: 'referral:nationalTitle', items: nationalFor(need).map((s) => ({ key: `referral:national.${s.id}` })) },
          { key: `referral:bring.${need}` },
        ],
      },
    };
  };

  /** What each place on a page is and how to find it: one message a place, asked for by "More about these places". */
  const details = (countyCode: string, need: string, page: number): Message[] =>
    servicesFor(countyCode, need)
      .slice(page * perPage, (page + 1) * perPage)
      .map((s) => {
        const items = [
          ...(s.phones.length > 0 ? [{ key: 'referral:service.phones', vars: { phones: s.phones.join(' / ') } }] : []),
          ...(s.cost === 'free' ? [{ key: 'referral:service.free' }] : []),
        ];
        const about = { vars: { name: s.name, where: s.where } };
        return items.length > 0 ? { ...about, key: 'referral:service.aboutMore', items } : { ...about, key: 'referral:service.about' };
      });

  return { counties, servicesFor, message, details };
}
