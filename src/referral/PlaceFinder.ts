import Fuse from 'fuse.js';
import type { County } from '../seeds/County.js';
import { normalizeText } from '../text/normalizeText.js';

/** Words around a place name that say nothing about which place: "Kaunti ya Nakuru", "near Thika". */
const filler = new Set(
  ['county', 'kaunti', 'ya', 'of', 'in', 'at', 'near', 'town', 'mjini', 'i', 'am', 'im', 'live', 'from', 'niko', 'nipo', 'naishi', 'karibu', 'na', 'katika', 'the'].map(
    (w) => normalizeText(w).join(' '),
  ),
);

/**
 * Names that are also everyday words or the names of peoples and languages ("wote" is "all",
 * "maua" "flowers", "Kikuyu" a language): never taken as a county named in a sentence.
 */
const notInASentence = new Set(['wote', 'hola', 'maua', 'nai', 'engineer', 'kikuyu', 'tana', 'pokot', 'gusii', 'taita', 'nandi', 'keiyo', 'marakwet', 'turkana', 'samburu', 'kisii', 'luanda', 'molo', 'rongo', 'iten'].map((w) => normalizeText(w).join(' ')));
/** The longest county name or alias, in words ("Ongata Rongai", "Elgeyo Marakwet"). */
const longestName = 3;

export interface PlaceSearch {
  /** The county meant, when it is clear. */
  county: County | null;
  /** Otherwise the closest counties, best first ("did you mean"): never empty. */
  suggestions: County[];
}

/**
 * Finds a county however people type it: its name, code, headquarters or a big town ("Eldoret" is
 * Uasin Gishu), with or without "county"/"kaunti ya", any case or accents, and typos ("Nbi",
 * "Muranga", "homabay", "Nakru"). Exact names win; fuse.js ranks the rest by closeness.
 */
export class PlaceFinder {
  private readonly exact = new Map<string, County>();
  private readonly fuse: Fuse<{ county: County; name: string }>;

  constructor(private readonly counties: County[]) {
    const names = counties.flatMap((county) =>
      [county.name, county.headquarters, ...county.aliases].map((name) => ({ county, name: key(name) })),
    );
    for (const county of counties) {
      this.exact.set(county.code, county);
      this.exact.set(String(Number(county.code)), county);
    }
    for (const { county, name } of names) if (!this.exact.has(name)) this.exact.set(name, county);
    this.fuse = new Fuse(names, { keys: ['name'], includeScore: true, threshold: 0.5, ignoreLocation: true });
  }

  search(text: string): PlaceSearch {
    const typed = key(text);
    const exact = this.exact.get(typed);
    if (exact) return { county: exact, suggestions: [] };
    const found = typed ? this.fuse.search(typed) : [];
    const ranked: County[] = [];
    for (const hit of found) if (!ranked.includes(hit.item.county)) ranked.push(hit.item.county);
    const best = found[0];
    const second = found.find((hit) => hit.item.county !== best?.item.county);
    const clear = best && (best.score ?? 1) <= 0.25 && (!second || (second.score ?? 1) - (best.score ?? 1) >= 0.1);
    if (clear) return { county: best.item.county, suggestions: [] };
    return { county: null, suggestions: ranked.length > 0 ? ranked.slice(0, 3) : this.biggest() };
  }

  /**
   * A county named anywhere in a longer message ("my daughter ... tuko Kisumu, where do I go?"), by
   * its exact name, alias or headquarters, or null. Only exact words: a sentence is full of words
   * one typo away from a town.
   */
  mentioned(text: string): County | null {
    const words = normalizeText(text);
    for (let n = longestName; n >= 1; n--) {
      for (let i = 0; i + n <= words.length; i++) {
        const name = words.slice(i, i + n).join(' ');
        if (n === 1 && (notInASentence.has(name) || /^\d+$/.test(name))) continue;
        const county = this.exact.get(name);
        if (county) return county;
      }
    }
    return null;
  }

  /** The county whose headquarters is nearest a point (used once, then forgotten). */
  nearest(latitude: number, longitude: number): County {
    let best = this.counties[0]!;
    let bestDistance = Infinity;
    for (const county of this.counties) {
      const d = distanceKm(latitude, longitude, county.location.latitude, county.location.longitude);
      if (d < bestDistance) [best, bestDistance] = [county, d];
    }
    return best;
  }

  /** When nothing is close at all: the three largest cities' counties, so the answer is never empty. */
  private biggest(): County[] {
    return ['047', '001', '042'].map((code) => this.exact.get(code)!).filter(Boolean);
  }
}

function key(text: string): string {
  return normalizeText(text)
    .filter((word) => !filler.has(word))
    .join(' ');
}

/** Great-circle distance, good enough to tell counties apart. */
function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(a));
}
