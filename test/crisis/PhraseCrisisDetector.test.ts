import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { CrisisPhrases } from '../../src/crisis/CrisisPhrases.js';
import { PhraseCrisisDetector } from '../../src/crisis/PhraseCrisisDetector.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

const detector = new PhraseCrisisDetector(loadSeeds(projectPath('seeds')).crisisPhrases);

/** Small hand-made lists, so that each rule is seen on its own, whatever the real seeds say. */
const phrases: CrisisPhrases = CrisisPhrases.parse({
  languages: {
    en: { strong: ['post my nudes|pictures', 'hurting me'], weak: ['kill me', 'help me'], hints: ['hotel', 'scared'] },
    sw: { strong: ['*bakwa', '*jiua'], weak: ['*niua'], hints: [] },
    sheng: { strong: ['*nitouch', 'ni send picha'], weak: [], hints: [] },
  },
  lightHearted: ['lol', 'game*'],
  benign: ['killing time', '*niua kwa kucheka'],
  definitionQuestions: { frames: ['what is', 'ni nini'], fillers: ['a', 'the'] },
  topics: { threatens_pictures: ['sextortion'], forced: ['rape', '*bakwa'] },
  synonyms: { u: 'you', pics: 'pictures' },
});
const small = new PhraseCrisisDetector(phrases);
const crisis = (language: 'en' | 'sw' | 'sheng') => ({ kind: 'crisis', language });

describe('crisis detection', () => {
  it('catches danger and abuse in English, Kiswahili and Sheng, with typos and leetspeak', () => {
    const cases: [string, 'en' | 'sw' | 'sheng'][] = [
      ['someone is hurting me', 'en'],
      ['he says he will post my nudes', 'en'],
      ['HE SAYS HE WILL P0ST MY NUD3Z!!!', 'en'],
      ['sombody is hurtin me', 'en'],
      ['nataka kujiua', 'sw'],
      ['nimebakwa', 'sw'],
      ['Nimebakwa.', 'sw'],
      ['msee ananiforce ni-send picha', 'sheng'],
    ];
    for (const [text, language] of cases) expect(detector.detect(text), text).toEqual(crisis(language));
  });

  it('does not fire on play or on a question about a word', () => {
    const texts = ['this game is killing me lol', 'what is sextortion?', 'sextortion ni nini?', 'hi', 'I love maths', 'call 116'];
    for (const text of texts) {
      expect(detector.detect(text)?.kind, text).not.toBe('crisis');
    }
  });

  it('matches stems at either end, alternatives, one typo in long words, and one extra word inside long phrases', () => {
    expect(small.detect('nmebakwa')).toEqual(crisis('sw'));
    expect(small.detect('ananitouch')).toEqual(crisis('sheng'));
    expect(small.detect('he will post my pics')).toEqual(crisis('en'));
    expect(small.detect('he will post all my nudes')).toEqual(crisis('en'));
    expect(small.detect('he is hurtnig me')).toEqual(crisis('en'));
    expect(small.detect('he is hurting')).toBeNull();
  });

  it('forgives no typo in the first letter, in a short word or in a stem', () => {
    const sw = { strong: ['ananiua'], weak: [], hints: [] };
    const exact = new PhraseCrisisDetector({ ...phrases, languages: { ...phrases.languages, sw } });
    expect(exact.detect('ananiua')).toEqual(crisis('sw'));
    expect(exact.detect('inaniua')).toBeNull();
    expect(small.detect('he will kil me')).toEqual(crisis('en'));
    expect(small.detect('he will kul me')).toBeNull();
    expect(small.detect('nitajiua')).toEqual(crisis('sw'));
    expect(small.detect('nataka kujua')).toBeNull();
  });

  it('scores: strong always, weak without play, hints only together, two weak even with play', () => {
    expect(small.detect('lol he is hurting me')).toEqual(crisis('en'));
    expect(small.detect('he will kill me')).toEqual(crisis('en'));
    expect(small.detect('this game will kill me')).toBeNull();
    expect(small.detect('we stayed at a hotel')).toBeNull();
    expect(small.detect('he took me to a hotel and i am scared')).toEqual(crisis('en'));
    expect(small.detect('lol help me he will kill me')).toEqual(crisis('en'));
  });

  it('does not count a crisis phrase that is part of a harmless one', () => {
    expect(small.detect('just killing time')).toBeNull();
    expect(small.detect('alikuwa ananiua kwa kucheka')).toBeNull();
    expect(small.detect('ananiua')).toEqual(crisis('sw'));
  });

  it('reads a hyphenated Sheng word both split and joined', () => {
    expect(small.detect('msee ni-send picha')).toEqual(crisis('sheng'));
    expect(small.detect('uncle anani-touch')).toEqual(crisis('sheng'));
  });

  it('answers a short question about a word with its topic, or with nothing, unless it holds a crisis of its own', () => {
    expect(small.detect('what is sextortion?')).toEqual({ kind: 'topic', topic: 'threatens_pictures' });
    expect(small.detect('what is the rape')).toEqual({ kind: 'topic', topic: 'forced' });
    expect(small.detect('kubakwa ni nini')).toEqual({ kind: 'topic', topic: 'forced' });
    expect(small.detect('what is phishing')).toBeNull();
    expect(small.detect('kujiua ni nini')).toEqual(crisis('sw'));
    expect(small.detect('what is happening he is hurting me')).toEqual(crisis('en'));
  });

  it('never throws and never alarms on an empty message, whatever the words', () => {
    for (const text of ['', '   ', '😀😀😀', 'constructor', '__proto__ toString', '-'.repeat(50), '1'.repeat(5000)]) {
      expect(() => detector.detect(text), text).not.toThrow();
    }
    expect(detector.detect('')).toBeNull();
  });

  it('refuses seeds with a topic that is not a help situation, or a star inside a word', () => {
    expect(CrisisPhrases.safeParse({ ...phrases, topics: { sextortion_page: ['sextortion'] } }).success).toBe(false);
    expect(CrisisPhrases.safeParse({ ...phrases, benign: ['*kill*'] }).success).toBe(false);
    expect(CrisisPhrases.safeParse({ ...phrases, benign: ['ki*ll'] }).success).toBe(false);
    expect(CrisisPhrases.safeParse({ ...phrases, benign: ['kill||time'] }).success).toBe(false);
  });
});
