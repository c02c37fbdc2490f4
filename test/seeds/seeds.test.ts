import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { directoryVariables } from '../../src/seeds/directoryVariables.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';
import { SeedError } from '../../src/seeds/SeedError.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of seeds/ with one file changed by `edit`, to see what start-up says about it. */
function seedsWith(file: string, edit: (data: any) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seeds-'));
  dirs.push(dir);
  cpSync(projectPath('seeds'), dir, { recursive: true });
  const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  edit(data);
  writeFileSync(path.join(dir, file), JSON.stringify(data));
  return dir;
}

function errorOf(dir: string): string {
  try {
    loadSeeds(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedError);
    return (error as Error).message;
  }
  throw new Error('expected the seeds to be refused');
}

describe('seeds', () => {
  it('are all valid, and every verified service says where it was found and when it was checked', () => {
    const seeds = loadSeeds(projectPath('seeds'));
    for (const service of seeds.nationalServices) {
      expect(service.source.length).toBeGreaterThan(5);
      if (service.verified) expect(service.lastVerified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('give the help numbers of shared/facts.md, and no unverified number', () => {
    const vars = directoryVariables(loadSeeds(projectPath('seeds')).nationalServices);
    expect(vars).toMatchObject({ childHelpline: '116', gbvHotline: '1195', police: '999', policeAlt: '112', dciHotline: '0800 722 203' });
    expect(Object.values(vars)).not.toContain('0799 873 107');
  });

  it('name the file, the record and the field of a bad value', () => {
    const dir = seedsWith('national-services.json', (d) => (d.services[2].phones[0] = 'call us'));
    expect(errorOf(dir)).toMatch(/national-services\.json › services\[2\] \(id police\) › phones\[0\]: a phone number of digits/);
  });

  it('refuse a verified entry without a date, and duplicate ids', () => {
    expect(errorOf(seedsWith('national-services.json', (d) => (d.services[0].lastVerified = null)))).toMatch(
      /services\[0\] \(id childHelpline\) › lastVerified: a verified entry needs the date/,
    );
    expect(errorOf(seedsWith('national-services.json', (d) => (d.services[1].id = 'childHelpline')))).toMatch(
      /two services have the same id/,
    );
  });

  it('say so when a file is not JSON or is missing', () => {
    const dir = seedsWith('crisis-phrases.json', () => {});
    writeFileSync(path.join(dir, 'crisis-phrases.json'), '{ "languages": ');
    expect(errorOf(dir)).toMatch(/crisis-phrases\.json: is not valid JSON/);
    rmSync(path.join(dir, 'crisis-phrases.json'));
    expect(errorOf(dir)).toMatch(/crisis-phrases\.json: cannot be read \(ENOENT\)/);
  });

  it('refuse crisis phrases that are not plain lower-case words', () => {
    const dir = seedsWith('crisis-phrases.json', (d) => d.languages.en.strong.push('Help Me!'));
    expect(errorOf(dir)).toMatch(/crisis-phrases\.json › languages › en › strong\[\d+\]: lower-case words/);
  });
});

describe('lesson and quiz seeds', () => {
  it('refuse a question with no right answer, or two, naming the lesson and the question', () => {
    const none = seedsWith('lessons/age13_15.json', (d) => delete d.lessons[3].checks[0].options.find((o: any) => o.correct).correct);
    expect(errorOf(none)).toMatch(/lessons\/age13_15\.json › lessons\[3\] \(id teen_sextortion\) › checks\[0\] \(id \w+\) › options: exactly one option must be marked "correct": true/);
    const two = seedsWith('lessons/age10_12.json', (d) => d.lessons[0].checks[0].options.forEach((o: any) => (o.correct = true)));
    expect(errorOf(two)).toMatch(/lessons\[0\] \(id kids_private_things\) › checks\[0\] \(id \w+\) › options: exactly one option/);
  });

  it('refuse an unverified or unknown service, an unknown source, a missing next lesson, and a lesson id used twice', () => {
    expect(errorOf(seedsWith('lessons/caregiver.json', (d) => (d.lessons[0].services = ['childlineWhatsapp'])))).toMatch(
      /lessons\/caregiver\.json › lessons\[0\] \(id parent_grooming_signs\) › services\[0\]: "childlineWhatsapp" is not a verified service/,
    );
    expect(errorOf(seedsWith('lessons/caregiver.json', (d) => (d.lessons[1].sources = ['my_blog'])))).toMatch(/sources\[0\]: "my_blog" is not in lesson-sources\.json/);
    expect(errorOf(seedsWith('lessons/age16_17.json', (d) => (d.lessons[0].next = 'no_such_lesson')))).toMatch(/› next: no lesson "no_such_lesson" in this file/);
    expect(errorOf(seedsWith('lessons/age16_17.json', (d) => (d.lessons[0].id = 'kids_private_things')))).toMatch(
      /the id is already used in lessons\/age10_12\.json/,
    );
  });

  it('refuse a lesson without sources, cards or whom to tell, and a file for the wrong audience', () => {
    const bare = seedsWith('lessons/age13_15.json', (d) => Object.assign(d.lessons[0], { sources: [], services: [], cards: ['only_one'] }));
    const message = errorOf(bare);
    expect(message).toMatch(/› sources: every lesson names its sources/);
    expect(message).toMatch(/› services: every takeaway says whom to tell or call/);
    expect(message).toMatch(/› cards: a lesson has at least two cards/);
    expect(errorOf(seedsWith('lessons/age13_15.json', (d) => (d.audience = 'age16_17')))).toMatch(/lessons\/age13_15\.json › audience: "age16_17" should be "age13_15"/);
  });

  it('refuse a quiz topic that names a lesson that does not exist', () => {
    expect(errorOf(seedsWith('quiz.json', (d) => d.topics[0].lessons.push('teen_gone')))).toMatch(/quiz\.json › topics\[0\] \(id privacy\) › lessons\[\d+\]: no lesson "teen_gone"/);
  });
});
