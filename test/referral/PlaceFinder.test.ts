import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { PlaceFinder } from '../../src/referral/PlaceFinder.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

const { counties } = loadSeeds(projectPath('seeds'));
const finder = new PlaceFinder(counties);

describe('PlaceFinder', () => {
  it.each(counties.map((c) => [c.name, c] as const))('finds %s by its name, code, headquarters and a common variant', (_, county) => {
    const ways = [
      county.name,
      county.name.toUpperCase(),
      `${county.name} county`,
      `kaunti ya ${county.name}`,
      county.code,
      String(Number(county.code)),
      county.headquarters,
      ...county.aliases,
    ];
    for (const typed of ways) expect(finder.search(typed).county?.code, typed).toBe(county.code);
  });

  it('forgives the spellings people use', () => {
    const cases: [string, string][] = [
      ['Nbi', '047'], ['nairobi city', '047'], ['Muranga', '021'], ['homabay', '043'], ['Taita Taveta', '006'],
      ['Tharaka Nithi', '013'], ['Eldoret', '027'], ['Nakru', '032'], ['garisa', '007'], ['Kisumu town', '042'],
      ['niko Thika', '022'], ['MOMBASA!!', '001'],
    ];
    for (const [typed, code] of cases) expect(finder.search(typed).county?.code, typed).toBe(code);
  });

  it('never answers with nothing: an unknown place gets suggestions', () => {
    for (const typed of ['xyzzy', 'Kampala', '???', '']) {
      const result = finder.search(typed);
      expect(result.county).toBeNull();
      expect(result.suggestions.length, typed).toBeGreaterThan(0);
      expect(result.suggestions.length).toBeLessThanOrEqual(3);
    }
    expect(finder.search('Kakameg').county?.code).toBe('037');
  });

  it('suggests the nearest county to a shared location', () => {
    const points: [number, number, string][] = [
      [-1.2864, 36.8172, '047'], [-4.0435, 39.6682, '001'], [-0.0917, 34.768, '042'], [0.5143, 35.2698, '027'],
      [-0.3031, 36.08, '032'], [3.1191, 35.5973, '023'],
    ];
    for (const [lat, lon, code] of points) expect(finder.nearest(lat, lon).code).toBe(code);
  });
});
