import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { Need } from '../../src/domain/Need.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';
import { keys, say } from '../support/say.js';
import { createTestApp } from '../support/testApp.js';

const seeds = loadSeeds(projectPath('seeds'));

/** English, 16-17, at the menu, then "Find help near me" for `need` in `place`. */
async function lookUp(need: string, place: string) {
  const app = createTestApp();
  const results = await say(app, 'hi', '1', '3', 'ok', 'places near me', need, place);
  return { app, result: results.at(-1)! };
}

describe('the referral directory', () => {
  it('has the 47 counties, and for every county a hospital, a police station and a children\'s office', () => {
    expect(seeds.counties).toHaveLength(47);
    for (const county of seeds.counties) {
      const here = seeds.referralServices.filter((s) => s.county === county.code && s.verified);
      for (const kind of ['hospital', 'police', 'childrens_office'] as const) {
        expect(here.some((s) => s.kind === kind), `${county.name} ${kind}`).toBe(true);
      }
    }
  });

  it('types no phone number that has no source: every listed number is on a verified entry', () => {
    for (const service of seeds.referralServices) {
      if (service.phones.length > 0) expect(service.verified, service.id).toBe(true);
    }
  });

  it('never shows an unverified entry', async () => {
    const unverified = seeds.referralServices.filter((s) => !s.verified);
    expect(unverified.length).toBeGreaterThan(0);
    for (const service of unverified) {
      const county = seeds.counties.find((c) => c.code === service.county)!;
      for (const need of service.needs) {
        const app = createTestApp();
        const replies = await say(app, 'hi', '1', '3', 'ok', 'places near me', String(Need.options.indexOf(need) + 1), county.name);
        const texts = replies.at(-1)!.messages.map((m) => m.text).join('\n');
        let page = replies.at(-1)!;
        while (page.messages.at(-1)?.choices.some((c) => c.id === 'more')) {
          page = (await say(app, 'more places'))[0]!;
          expect(page.messages.map((m) => m.text).join('\n')).not.toContain(service.name.en);
        }
        expect(texts, service.id).not.toContain(service.name.en);
      }
    }
  });

  it('answers with places, the national lines for that need, and what to bring; and counts the lookup', async () => {
    const { result } = await lookUp('medical care after sexual violence', 'Kisumu');
    expect(keys(result)).toEqual(['referral:results']);
    const text = result.messages[0]!.text;
    expect(text).toContain('County referral hospital, Kisumu');
    expect(text).toContain('116');
    expect(text).toContain('1195');
    expect(text).toContain('72 hours');
    expect(result.events).toEqual([{ type: 'referral_lookup', county: '042', need: 'medical', results: 1 }]);
  });

  it('pages through a longer list, specialised places first, without counting the lookup again', async () => {
    const { app, result } = await lookUp('1', 'Nbi');
    const first = result.messages[0]!.text;
    expect(first.indexOf('Gender Violence Recovery Centre')).toBeLessThan(first.indexOf('Kenyatta'));
    expect(first).not.toContain('County referral hospital, Nairobi');
    const [more] = await say(app, 'more places');
    expect(more!.messages[0]!.text).toContain('County referral hospital, Nairobi');
    expect(more!.events).toEqual([]);
    expect(more!.messages[0]!.choices.map((c) => c.id)).not.toContain('more');
  });

  it('has an honest answer where nothing is listed: the national lines that give that help', async () => {
    const { result } = await lookUp('a safe place to stay', 'Lamu');
    expect(keys(result)).toEqual(['referral:resultsNone']);
    expect(result.messages[0]!.text).toContain('116');
  });

  it('suggests counties for a place it does not know, and shows the list on request', async () => {
    const app = createTestApp();
    const replies = await say(app, 'hi', '1', '3', 'ok', 'places near me', '3', 'Kampala', 'show me the list of counties', 'more counties');
    expect(keys(replies[6])).toEqual(['referral:didYouMean']);
    expect(replies[6]!.messages[0]!.choices.length).toBeGreaterThan(2);
    expect(replies[7]!.messages[0]!.choices[0]!.label).toBe('Baringo');
    expect(replies[8]!.messages[0]!.choices[0]!.label).toBe('Kakamega');
  });

  it('uses a shared location once to suggest the county, and keeps only the county code', async () => {
    const app = createTestApp();
    await say(app, 'hi', '1', '3', 'ok', 'places near me', '3');
    const near = await app.engine.handle('console', 'user', { type: 'location', latitude: -0.3031, longitude: 36.08 });
    expect(keys(near)).toEqual(['referral:near']);
    expect(near.messages[0]!.text).toContain('Nakuru');
    const stored = JSON.stringify(await app.store.get(app.keyOf('user')));
    expect(stored).not.toMatch(/-0\.3031|36\.08/);
    const [yes] = await say(app, 'yes, show me');
    expect(yes!.events).toEqual([{ type: 'referral_lookup', county: '032', need: 'police', results: 1 }]);
  });
});
