import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { PhraseCrisisDetector } from '../../src/crisis/PhraseCrisisDetector.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

const detector = new PhraseCrisisDetector(loadSeeds(projectPath('seeds')).crisisPhrases);

describe('crisis detection', () => {
  it('catches danger and abuse in English, Kiswahili and Sheng, with typos and leetspeak', () => {
    const cases: [string, string][] = [
      ['someone is hurting me', 'en'],
      ['he says he will post my nudes', 'en'],
      ['HE SAYS HE WILL P0ST MY NUD3Z!!!', 'en'],
      ['sombody is hurtin me', 'en'],
      ['nataka kujiua', 'sw'],
      ['nimebakwa', 'sw'],
      ['Nimebakwa.', 'sw'],
      ['msee ananiforce ni-send picha', 'sheng'],
    ];
    for (const [text, language] of cases) expect(detector.detect(text), text).toEqual({ language });
  });

  it('does not fire on play or on a question about a word', () => {
    for (const text of ['this game is killing me lol', 'what is sextortion?', 'sextortion ni nini?', 'hi', 'I love maths', 'call 116']) {
      expect(detector.detect(text), text).toBeNull();
    }
  });
});
