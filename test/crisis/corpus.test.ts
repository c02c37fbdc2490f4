import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { projectPath } from '../../src/app/projectPath.js';
import { PhraseCrisisDetector } from '../../src/crisis/PhraseCrisisDetector.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

const Language = z.enum(['en', 'sw', 'sheng']);
/** Messages written the way children and teenagers type them on phones, each labelled by hand. */
const Labelled = z.array(
  z.strictObject({ text: z.string().min(1), crisis: z.boolean(), language: Language, note: z.string().optional() }),
);
type Item = z.infer<typeof Labelled>[number];

const read = (file: string) => Labelled.parse(JSON.parse(readFileSync(projectPath(`test/crisis/${file}`), 'utf8')));
/** The corpus the seeds are tuned against: every miss or false alarm found in use belongs here. */
const corpus = read('corpus.json');
/**
 * Messages the seeds were never tuned against, to show how the lists do on words nobody planned
 * for. Printed, not asserted: add a message that fails here to corpus.json and fix the seeds there,
 * and write new held-out messages, or this number stops meaning anything.
 */
const heldOut = read('heldout.json');
const detector = new PhraseCrisisDetector(loadSeeds(projectPath('seeds')).crisisPhrases);
/** Only a crisis is an alarm: a topic answer to "what is sextortion?" is a miss on a crisis and no alarm otherwise. */
const alarms = (item: Item) => detector.detect(item.text)?.kind === 'crisis';

function rates(items: Item[]) {
  const crises = items.filter((i) => i.crisis);
  const others = items.filter((i) => !i.crisis);
  const missed = crises.filter((i) => !alarms(i));
  const falseAlarms = others.filter(alarms);
  return {
    recall: (crises.length - missed.length) / crises.length,
    falseAlarmRate: falseAlarms.length / others.length,
    crises: crises.length,
    others: others.length,
    missed,
    falseAlarms,
  };
}

function report(name: string, items: Item[]) {
  const overall = rates(items);
  console.log(`${name}: crisis recall: ${overall.recall.toFixed(2)} (n=${overall.crises})`);
  console.log(`${name}: false alarms: ${overall.falseAlarmRate.toFixed(2)} (n=${overall.others})`);
  const byLanguage = Language.options.map((language) => {
    const r = rates(items.filter((i) => i.language === language));
    const falseAlarms = `false alarms: ${r.falseAlarmRate.toFixed(2)} (n=${r.others})`;
    console.log(`${name}: ${language} recall: ${r.recall.toFixed(2)} (n=${r.crises}), ${falseAlarms}`);
    return { language, ...r };
  });
  for (const i of overall.missed) console.log(`${name}: missed: ${i.text}`);
  for (const i of overall.falseAlarms) console.log(`${name}: false alarm: ${i.text}`);
  return { overall, byLanguage };
}

describe('the labelled corpus', () => {
  it('is big enough, and has crises and hard negatives in every language', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(180);
    for (const language of Language.options) {
      const items = corpus.filter((i) => i.language === language);
      expect(items.filter((i) => i.crisis).length, language).toBeGreaterThanOrEqual(30);
      expect(items.filter((i) => !i.crisis).length, language).toBeGreaterThanOrEqual(30);
    }
    const texts = [...corpus, ...heldOut].map((i) => i.text);
    expect(new Set(texts).size, 'a message in both files, or twice in one').toBe(texts.length);
  });

  it('is caught with recall of at least 0.95 (0.9 in each language) and at most 0.10 false alarms', () => {
    const { overall, byLanguage } = report('corpus', corpus);
    for (const r of byLanguage) expect(r.recall, `${r.language} recall`).toBeGreaterThanOrEqual(0.9);
    expect(overall.recall).toBeGreaterThanOrEqual(0.95);
    expect(overall.falseAlarmRate).toBeLessThanOrEqual(0.1);
  });

  it('is also measured on held-out messages, printed for the record', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(60);
    report('held out', heldOut);
  });
});

describe('the examples of the issue', () => {
  it('interrupt on every message it must catch', () => {
    const cases: [string, 'en' | 'sw' | 'sheng'][] = [
      ['someone is hurting me', 'en'],
      ['he says he will post my nudes', 'en'],
      ['nataka kujiua', 'sw'],
      ['nimebakwa', 'sw'],
      ['msee ananiforce ni-send picha', 'sheng'],
    ];
    for (const [text, language] of cases) expect(detector.detect(text), text).toEqual({ kind: 'crisis', language });
  });

  it('do not interrupt on play, and open the help path for a question about sextortion', () => {
    expect(detector.detect('this game is killing me lol')).toBeNull();
    expect(detector.detect('what is sextortion?')).toEqual({ kind: 'topic', topic: 'threatens_pictures' });
  });

  it('route a short question about a topic word to its help situation, in every language', () => {
    const cases: [string, string][] = [
      ['what is sextortion?', 'threatens_pictures'],
      ['sextortion ni nini', 'threatens_pictures'],
      ['What does grooming mean?', 'asks_meet'],
      ['grooming ni nini', 'asks_meet'],
      ['what are nudes', 'asks_pictures'],
      ['wat is sexting', 'asks_pictures'],
      ['nudes ni nini msee', 'asks_pictures'],
      ['what is FGM?', 'marriage_cut'],
      ['ukeketaji ni nini', 'marriage_cut'],
      ['what is cutting', 'marriage_cut'],
      ['what is child marriage', 'marriage_cut'],
      ['ndoa za utotoni ni nini?', 'marriage_cut'],
      ['what is rape', 'forced'],
      ['ubakaji ni nini', 'forced'],
      ['what is defilement', 'forced'],
      ['nini maana ya unajisi', 'forced'],
      ['what is a sponsor', 'gifts_for_sex'],
      ['sponsa ni nini bana', 'gifts_for_sex'],
      ['what is sexual abuse', 'touched'],
      ['whats porn', 'sent_sexual'],
      ['what is the emergency number', 'danger_now'],
      ['what is screen time', 'child_online'],
    ];
    for (const [text, topic] of cases) expect(detector.detect(text), text).toEqual({ kind: 'topic', topic });
  });

  it('leave a question about a word that is no help topic to the dialog', () => {
    for (const text of ['what is phishing?', 'tiktok ni nini', 'what does lol mean', 'whats up']) {
      expect(detector.detect(text), text).toBeNull();
    }
  });
});

describe('speed', () => {
  it('reads a message of 4096 characters in well under 5 ms', () => {
    const text = 'Msee ananiforce ni-send picha, what is sextortion?? h3 s4ys he w1ll p0st my nudes lol game nimechoka na maisha '
      .repeat(40)
      .slice(0, 4096);
    expect(text).toHaveLength(4096);
    for (const message of [text, text.replace(/ /g, '-'), 'x'.repeat(4096)]) {
      for (let i = 0; i < 20; i++) detector.detect(message);
      const times = Array.from({ length: 50 }, () => {
        const start = performance.now();
        detector.detect(message);
        return performance.now() - start;
      }).sort((a, b) => a - b);
      expect(times[25], 'median ms').toBeLessThan(5);
    }
  });
});
