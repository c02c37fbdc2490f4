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

  /**
   * Whether a shared point may be in Kenya. The outline is coarse and drawn wide of the border (by
   * about 30 km, more over the sea), so that a child in a border town is never told they are abroad;
   * a point just over the border is read as Kenya, and its nearest county is offered to confirm.
   */
  inKenya(latitude: number, longitude: number): boolean {
    let inside = false;
    for (let i = 0, j = kenyaOutline.length - 1; i < kenyaOutline.length; j = i++) {
      const [xi, yi] = kenyaOutline[i]!;
      const [xj, yj] = kenyaOutline[j]!;
      if (yi > latitude !== yj > latitude && longitude < ((xj - xi) * (latitude - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  /** When nothing is close at all: the three largest cities' counties, so the answer is never empty. */
  private biggest(): County[] {
    return ['047', '001', '042'].map((code) => this.exact.get(code)!).filter(Boolean);
  }
}

/**
 * Kenya's outline as [longitude, latitude], clockwise from Lake Victoria, drawn outside the border:
 * the lake, the Tanzanian border (north of Arusha and Moshi), the coast and the sea, the Somali and
 * Ethiopian borders, the Ilemi triangle, and the Ugandan border.
 */
const kenyaOutline: [number, number][] = [
  [33.6, 0.4],
  [33.8, 0.65],
  [34.2, 1.0],
  [34.5, 1.9],
  [34.3, 2.9],
  [34.2, 3.5],
  [33.7, 4.3],
  [34.0, 5.1],
  [35.5, 5.3],
  [36.0, 4.8],
  [38.0, 4.0],
  [39.0, 3.9],
  [40.0, 4.3],
  [41.9, 4.3],
  [42.2, 4.0],
  [41.3, 2.7],
  [41.3, -0.85],
  [42.0, -1.9],
  [39.2, -4.95],
  [37.5, -3.75],
  [37.5, -3.2],
  [33.6, -1.2],
];

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
