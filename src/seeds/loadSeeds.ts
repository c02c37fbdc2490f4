import { z } from 'zod';
import { CrisisPhrases } from '../crisis/CrisisPhrases.js';
import { SmallTalkWords } from '../crisis/SmallTalk.js';
import { County } from './County.js';
import { HelpGuide } from './HelpGuide.js';
import { LessonAudience, type LessonBank, LessonFile, LessonSource } from './LessonBank.js';
import { ReferralService } from './ReferralService.js';
import { NationalService } from './NationalService.js';
import { QuizSeed } from './QuizSeed.js';
import { readSeedFile } from './readSeedFile.js';
import { SeedError } from './SeedError.js';

/** Everything in seeds/, validated. Loaded once at start-up so a bad file stops the start, not a chat. */
export interface Seeds {
  nationalServices: NationalService[];
  helpGuide: HelpGuide;
  crisisPhrases: CrisisPhrases;
  smallTalk: SmallTalkWords;
  counties: County[];
  /** Every entry, verified or not: operators see all of them; users only verified ones. */
  referralServices: ReferralService[];
  lessons: LessonBank;
  quiz: QuizSeed;
}

const uniqueBy = <T>(key: (t: T) => string, what: string) =>
  [(list: T[]) => new Set(list.map(key)).size === list.length, { message: `two ${what} have the same id` }] as const;

export function loadSeeds(dir: string): Seeds {
  const national = readSeedFile(
    dir,
    'national-services.json',
    z.strictObject({ services: z.array(NationalService).min(1).refine(...uniqueBy((s: NationalService) => s.id, 'services')) }),
  );
  const seeds: Seeds = {
    nationalServices: national.services,
    helpGuide: readSeedFile(dir, 'help-guide.json', HelpGuide),
    crisisPhrases: readSeedFile(dir, 'crisis-phrases.json', CrisisPhrases),
    smallTalk: readSeedFile(dir, 'small-talk.json', SmallTalkWords),
    counties: readSeedFile(
      dir,
      'counties.json',
      z.strictObject({
        source: z.string().min(5),
        lastVerified: z.iso.date(),
        counties: z
          .array(County)
          .length(47, 'Kenya has 47 counties')
          .refine(...uniqueBy((c: County) => c.code, 'counties')),
      }),
    ).counties,
    referralServices: readSeedFile(
      dir,
      'referral-services.json',
      z.strictObject({ services: z.array(ReferralService).refine(...uniqueBy((s: ReferralService) => s.id, 'services')) }),
    ).services,
    lessons: loadLessons(dir),
    quiz: readSeedFile(dir, 'quiz.json', QuizSeed),
  };
  checkReferences(seeds);
  checkLessons(seeds);
  return seeds;
}

/** What one file names must exist, verified, in another: a help page can only show verified numbers. */
function checkReferences({ nationalServices, helpGuide }: Seeds): void {
  const problems: string[] = [];
  const verified = new Set(nationalServices.filter((s) => s.verified).map((s) => s.id));
  const situations = new Set(helpGuide.situations.map((s) => s.id));
  const grouped = new Set(helpGuide.groups.flatMap((g) => g.situations));
  const service = (where: string, name: string) => {
    if (!verified.has(name)) problems.push(`help-guide.json › ${where}: "${name}" is not a verified service in national-services.json`);
  };
  helpGuide.now.services.forEach((name, i) => service(`now › services[${i}]`, name));
  helpGuide.now.crisisServices.forEach((name, i) => service(`now › crisisServices[${i}]`, name));
  helpGuide.situations.forEach((s, i) => {
    s.services.forEach((name, j) => service(`situations[${i}] (id ${s.id}) › services[${j}]`, name));
    if (!grouped.has(s.id)) problems.push(`help-guide.json › situations[${i}] (id ${s.id}): not in any group, so no one can reach it`);
    if (s.forAdults && !situations.has(s.forAdults)) {
      problems.push(`help-guide.json › situations[${i}] (id ${s.id}) › forAdults: no situation "${s.forAdults}"`);
    }
  });
  const page = (where: string, name: string) => {
    if (!situations.has(name)) problems.push(`help-guide.json › ${where}: no situation "${name}"`);
  };
  Object.entries(helpGuide.detected).forEach(([situation, name]) => page(`detected › ${situation}`, name));
  page('aboutAFriend', helpGuide.aboutAFriend);
  helpGuide.groups.forEach((g, i) =>
    g.situations.forEach((name, j) => {
      if (!situations.has(name)) problems.push(`help-guide.json › groups[${i}] (id ${g.id}) › situations[${j}]: no situation "${name}"`);
    }),
  );
  if (problems.length > 0) throw new SeedError(problems.join('\n'));
}

/** seeds/lessons/<audience>.json for each audience, and the sources they cite. */
function loadLessons(dir: string): LessonBank {
  const sets = {} as LessonBank['sets'];
  for (const audience of LessonAudience.options) {
    const name = `lessons/${audience}.json`;
    const file = readSeedFile(dir, name, LessonFile);
    if (file.audience !== audience) throw new SeedError(`${name} › audience: "${file.audience}" should be "${audience}", as the file name says`);
    sets[audience] = file.lessons;
  }
  const sources = readSeedFile(
    dir,
    'lesson-sources.json',
    z.strictObject({ sources: z.array(LessonSource).min(1).refine(...uniqueBy((s: LessonSource) => s.id, 'sources')) }),
  ).sources;
  return { sets, sources };
}

/** A lesson can only name verified numbers and known sources, and suggest a lesson that exists. */
function checkLessons({ nationalServices, lessons, quiz }: Seeds): void {
  const problems: string[] = [];
  const verified = new Set(nationalServices.filter((s) => s.verified).map((s) => s.id));
  const sources = new Set(lessons.sources.map((s) => s.id));
  const seen = new Map<string, string>();
  for (const [audience, set] of Object.entries(lessons.sets)) {
    const ids = new Set(set.map((l) => l.id));
    set.forEach((lesson, i) => {
      const where = `lessons/${audience}.json › lessons[${i}] (id ${lesson.id})`;
      const other = seen.get(lesson.id);
      if (other) problems.push(`${where}: the id is already used in lessons/${other}.json; lesson ids are unique across audiences`);
      seen.set(lesson.id, audience);
      lesson.services.forEach((name, j) => {
        if (!verified.has(name)) problems.push(`${where} › services[${j}]: "${name}" is not a verified service in national-services.json`);
      });
      lesson.sources.forEach((name, j) => {
        if (!sources.has(name)) problems.push(`${where} › sources[${j}]: "${name}" is not in lesson-sources.json`);
      });
      if (lesson.next && !ids.has(lesson.next)) problems.push(`${where} › next: no lesson "${lesson.next}" in this file`);
      if (lesson.next === lesson.id) problems.push(`${where} › next: a lesson cannot suggest itself`);
      const questions = [...lesson.checks, ...lesson.quiz].map((q) => q.id);
      if (new Set(questions).size !== questions.length) problems.push(`${where}: two of its questions (checks and quiz) have the same id`);
    });
  }
  quiz.topics.forEach((topic, i) =>
    topic.lessons.forEach((lesson, j) => {
      if (!seen.has(lesson)) problems.push(`quiz.json › topics[${i}] (id ${topic.id}) › lessons[${j}]: no lesson "${lesson}" in lessons/`);
    }),
  );
  if (problems.length > 0) throw new SeedError(problems.join('\n'));
}
