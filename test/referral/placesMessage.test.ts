import { describe, expect, it } from 'vitest';
import { createPlaces } from '../../dialogs/shared/placesMessage.js';
import { projectPath } from '../../src/app/projectPath.js';
import { Locale } from '../../src/domain/Locale.js';
import { Need } from '../../src/domain/Need.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';
import { createTestApp } from '../support/testApp.js';

const seeds = loadSeeds(projectPath('seeds'));
const places = createPlaces(seeds);
const { translator } = createTestApp();

/** Every page of places for every county and kind of help, as a user reads it in each language. */
function everyPage(): { where: string; text: string; details: string[] }[] {
  const pages = [];
  for (const county of seeds.counties) {
    for (const need of Need.options) {
      for (let page = 0; ; page++) {
        const { message, more } = places.message(county.code, need, page);
        for (const locale of Locale.options) {
          pages.push({
            where: `${county.name} ${need} page ${page} ${locale}`,
            text: translator.render(locale, message),
            details: places.details(county.code, need, page).map((m) => translator.render(locale, m)),
          });
        }
        if (!more) break;
      }
    }
  }
  return pages;
}

describe('the places shown for a county', () => {
  const pages = everyPage();

  it('fit a cheap phone: at most 700 characters a message, and a line a place', () => {
    expect(pages.length).toBeGreaterThan(47 * Need.options.length * 2 - 1);
    for (const { where, text, details } of pages) {
      expect(text.length, where).toBeLessThanOrEqual(700);
      for (const detail of details) expect(detail.length, where).toBeLessThanOrEqual(700);
      for (const line of text.split('\n').filter((l) => l.startsWith('• ') && !/^• \d/.test(l))) expect(line.length, where).toBeLessThanOrEqual(120);
    }
  });

  it('say once that phone numbers are missing, not under every place', () => {
    for (const { where, text } of pages) {
      const said = text.split(/I don't have phone numbers for these places|Bado sina nambari za simu za mahali hapa/).length - 1;
      expect(said, where).toBeLessThanOrEqual(1);
      expect(text, where).not.toContain('No phone number listed');
    }
  });

  it('tell what each place is, and how to find it, when asked', () => {
    const kisumu = places.details('042', 'medical', 0).map((m) => translator.render('en', m));
    expect(kisumu[0]).toMatch(/^County referral hospital, Kisumu\nA public county or sub-county referral hospital/);
    expect(kisumu[0]).toContain('Ask for the GBV recovery centre');
  });

  it('name a gender desk only at the police', () => {
    for (const service of seeds.referralServices) {
      const text = `${service.name.en} ${service.where.en} ${service.name.sw} ${service.where.sw}`;
      if (service.kind !== 'police') expect(text, service.id).not.toMatch(/gender desk|dawati la jinsia/i);
    }
    for (const locale of Locale.options) {
      for (const need of Need.options.filter((n) => n !== 'police')) {
        expect(translator.t(locale, `referral:bring.${need}`), `${locale} ${need}`).not.toMatch(/gender desk|dawati la jinsia/i);
      }
    }
  });
});
