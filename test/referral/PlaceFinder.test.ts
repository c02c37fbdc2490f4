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

  it('tells a point outside Kenya, and never a county town or a border town', () => {
    for (const county of counties) expect(finder.inKenya(county.location.latitude, county.location.longitude), county.name).toBe(true);
    const border: [string, number, number][] = [
      ['Busia', 0.46, 34.11], ['Malaba', 0.63, 34.28], ['Namanga', -2.55, 36.79], ['Loitokitok', -2.93, 37.51], ['Taveta', -3.4, 37.68],
      ['Lunga Lunga', -4.55, 39.12], ['Vanga', -4.66, 39.22], ['Kiunga', -1.75, 41.48], ['Liboi', 0.37, 40.88], ['El Wak', 2.8, 40.93],
      ['Mandera', 3.94, 41.86], ['Moyale', 3.52, 39.06], ['Ileret', 4.31, 36.23], ['Lokichogio', 4.2, 34.35], ['Kitale', 1.02, 35.0],
      ['Lamu', -2.27, 40.9], ['Malindi', -3.22, 40.12], ['Mfangano island', -0.47, 34.0],
    ];
    for (const [name, lat, lon] of border) expect(finder.inKenya(lat, lon), name).toBe(true);
    const abroad: [string, number, number][] = [
      ['London', 51.5, -0.12], ['Kampala', 0.35, 32.58], ['Jinja', 0.44, 33.2], ['Dar es Salaam', -6.8, 39.28], ['Arusha', -3.37, 36.68],
      ['Moshi', -3.35, 37.34], ['Tanga', -5.07, 39.1], ['Mwanza', -2.52, 32.9], ['Addis Ababa', 9.0, 38.75], ['Mogadishu', 2.05, 45.32],
      ['Kismayo', -0.36, 42.55], ['Juba', 4.85, 31.6], ['Null Island', 0, 0], ['Dubai', 25.2, 55.27],
    ];
    for (const [name, lat, lon] of abroad) expect(finder.inKenya(lat, lon), name).toBe(false);
  });
});
