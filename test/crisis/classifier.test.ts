import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { createCrisisDetector } from '../../src/crisis/createCrisisDetector.js';
import { PhraseCrisisDetector } from '../../src/crisis/PhraseCrisisDetector.js';
import { Situation } from '../../src/crisis/Situation.js';
import { readLots, textKey } from '../../src/crisis/training/CrisisCorpus.js';
import { fingerprint, train } from '../../src/crisis/training/buildModel.js';
import { blindDir, blindMessages, lotsDir, trainingMessages } from '../../src/crisis/training/crossValidate.js';
import { measure, outcomeOf } from '../../src/crisis/training/evaluateDetector.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

const seeds = loadSeeds(projectPath('seeds'));
const detector = createCrisisDetector(seeds, projectPath('seeds'));
const training = trainingMessages();
const blind = blindMessages();

/**
 * Floors a little below what `npm run eval:crisis` measured on the blind lot when the model was
 * last trained, so that a change that makes detection worse fails here. They are not targets: the
 * issue's targets, and the measured figures, are in the eval output.
 */
const blindFloors = { anyRecall: 0.97, interruptRecall: 0.93, maxFalseInterrupts: 0.03, maxHarmlessCheckins: 0.07 };

describe('the labelled lots', () => {
  it('are valid, big enough, and cover every situation in every language', () => {
    expect(training.length).toBeGreaterThanOrEqual(3000);
    expect(blind.length).toBeGreaterThanOrEqual(400);
    for (const language of ['en', 'sw', 'sheng'] as const) {
      const items = training.filter((m) => m.language === language);
      for (const tier of ['interrupt', 'checkin', 'none'] as const) {
        expect(items.filter((m) => m.tier === tier).length, `${language} ${tier}`).toBeGreaterThanOrEqual(30);
      }
      for (const situation of Situation.options) {
        expect(items.some((m) => m.situation === situation), `${language} ${situation}`).toBe(true);
      }
    }
    expect(training.filter((m) => m.who === 'a_child').length).toBeGreaterThanOrEqual(200);
  });

  it('keep the blind lot apart: a message written in both (say "😭😭😭") is left out of training', () => {
    const inLots = new Set(readLots(lotsDir()).flatMap((l) => l.messages.map((m) => textKey(m.text))));
    const trained = new Set(training.map((m) => textKey(m.text)));
    const shared = blind.filter((m) => inLots.has(textKey(m.text)));
    expect(shared.length).toBeLessThan(blind.length * 0.1);
    expect(blind.filter((m) => trained.has(textKey(m.text))).map((m) => m.text)).toEqual([]);
    expect(readLots(blindDir()).map((l) => l.name)).toEqual(['blind3']);
  });
});

describe('the crisis model', () => {
  it('was trained on the lots, phrase lists and settings in the repository (else: npm run train:crisis)', () => {
    const phrases = readFileSync(projectPath('seeds/crisis-phrases.json'), 'utf8');
    expect(detector.model.trainedOn).toBe(fingerprint(training, phrases, seeds));
  });

  it('trains deterministically: the same messages give the same weights', () => {
    const phrases = new PhraseCrisisDetector(seeds.crisisPhrases);
    const sample = training.filter((_, i) => i % 20 === 0);
    const a = train(sample, phrases, seeds).serialize();
    const b = train(sample, phrases, seeds).serialize();
    expect(a.equals(b)).toBe(true);
  });

  it('holds its floors on the blind lot, which it was never trained or tuned on', () => {
    const { totals } = measure('blind', blind.map((message) => ({ message, outcome: outcomeOf(detector, message.text) })));
    expect(totals.anyRecall).toBeGreaterThanOrEqual(blindFloors.anyRecall);
    expect(totals.interruptRecall).toBeGreaterThanOrEqual(blindFloors.interruptRecall);
    expect(totals.falseInterrupts).toBeLessThanOrEqual(blindFloors.maxFalseInterrupts);
    expect(totals.harmlessCheckins).toBeLessThanOrEqual(blindFloors.maxHarmlessCheckins);
  });
});

describe('the messages the issue named', () => {
  const interrupts: [string, string, 'self' | 'a_child'][] = [
    ['i want to die', 'self_harm', 'self'],
    ['nataka kujiua', 'self_harm', 'self'],
    ['sitaki kuishi tena', 'self_harm', 'self'],
    ['nijimalize tu', 'self_harm', 'self'],
    ['how many tablets to not wake up', 'self_harm', 'self'],
    ['someone says he will post my nudes unless i send more', 'sextortion', 'self'],
    ['he does bad things to me at night', 'sexual_abuse', 'self'],
    ['amenifanyia tabia mbaya', 'sexual_abuse', 'self'],
    ['anaingia chumbani kwangu usiku', 'sexual_abuse', 'self'],
    ['THERE IS A MAN AT THE DOOR HE IS BREAKING IN', 'danger_now', 'self'],
    ['KUNA MTU ANAVUNJA MLANGO TUSAIDIE', 'danger_now', 'self'],
    ['my sponsor pays my fees and says i must sleep at his place', 'grooming', 'self'],
    ['they took my passport at the hotel job and i cant leave', 'exploitation_trafficking', 'self'],
    ['Mtoto wangu ameniambia mjomba wake alimfanyia tabia mbaya. Tuko Kisumu, nimpeleke wapi?', 'sexual_abuse', 'a_child'],
  ];
  it.each(interrupts)('interrupts on "%s" as %s', (text, situation, who) => {
    expect(detector.detect(text)).toMatchObject({ kind: 'crisis', tier: 'interrupt', situation, who });
  });

  const checkins: [string, string][] = [
    ['i feel so sad and alone', 'distress'],
    ['niko na stress mbaya', 'distress'],
    ['😭😭😭', 'distress'],
    ['my friend keeps posting things about me on instagram and everyone laughs', 'bullying'],
    ['naonewa kwa group ya whatsapp', 'bullying'],
  ];
  it.each(checkins)('checks in on "%s" (%s)', (text, situation) => {
    expect(detector.detect(text)).toMatchObject({ kind: 'crisis', tier: 'checkin', situation });
  });

  it.each(['hi', 'sasa', 'niaje', 'asante', 'ok', 'poa sana 👍'])('answers "%s" as small talk', (text) => {
    expect(detector.detect(text)?.kind).toBe('smallTalk');
  });

  it.each(['this maths is killing me', 'my phone died', 'we played kidnap at school', 'Eldoret', 'Kisumu'])('clears "%s"', (text) => {
    expect(detector.detect(text)).toBeNull();
  });
});
