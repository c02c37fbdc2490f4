import type { QuizQuestion } from './quizSessionMachine.js';
import type { LessonAudience, LessonBank } from '../seeds/LessonBank.js';
import type { QuizSeed } from '../seeds/QuizSeed.js';

/** The age bands a club quiz is made for: children's clubs, so not the caregivers' lessons. */
export const quizBands = ['age10_12', 'age13_15', 'age16_17'] as const satisfies readonly LessonAudience[];
export type QuizBand = (typeof quizBands)[number];

/**
 * The ages a patron can say their club is: one band, or "mixed" (10 to 17). A mixed club gets the
 * questions made for the youngest band, so every child in the room meets only what suits their
 * age (design.md, rule 8).
 */
export const clubAges = [...quizBands, 'mixed'] as const;
export type ClubAges = (typeof clubAges)[number];

/** The band whose lessons a club of these ages is asked about. */
export function questionBand(ages: ClubAges): QuizBand {
  return ages === 'mixed' ? 'age10_12' : ages;
}

/** The numbers of questions a patron can choose from. */
const counts = [5, 10, 15];

/**
 * The club quiz's question bank: every check and quiz question of the lessons of an age band, by
 * topic (seeds/quiz.json) or all of them ("mixed"). Built once from the seeds, so a new lesson's
 * questions join the quiz with no code.
 */
export class QuizBank {
  private readonly byBand = new Map<QuizBand, { lesson: string; questions: QuizQuestion[] }[]>();

  constructor(
    lessons: LessonBank,
    private readonly seed: QuizSeed,
  ) {
    for (const band of quizBands) {
      this.byBand.set(
        band,
        lessons.sets[band].map((lesson) => ({
          lesson: lesson.id,
          questions: [
            ...lesson.checks.map((question) => ({ band, lesson: lesson.id, kind: 'check' as const, question })),
            ...lesson.quiz.map((question) => ({ band, lesson: lesson.id, kind: 'quiz' as const, question })),
          ],
        })),
      );
    }
  }

  /** Every question of a band on a topic, grouped by lesson. */
  private groups(ages: ClubAges, topic: string) {
    const all = this.byBand.get(questionBand(ages)) ?? [];
    if (topic === 'mixed') return all;
    const lessons = new Set(this.seed.topics.find((t) => t.id === topic)?.lessons ?? []);
    return all.filter((g) => lessons.has(g.lesson));
  }

  /** How many questions a patron may ask on this topic: the choices of 5, 10 and 15 that there are questions for. */
  countsFor(ages: ClubAges, topic: string): number[] {
    const available = this.groups(ages, topic).reduce((n, g) => n + g.questions.length, 0);
    return counts.filter((c) => c <= available);
  }

  /** The topics with enough questions for the shortest quiz, for these ages, and "mixed". */
  topicsFor(ages: ClubAges): string[] {
    return [...this.seed.topics.map((t) => t.id).filter((t) => this.countsFor(ages, t).length > 0), 'mixed'];
  }

  /** Every question the bank can ask, for a check that each has its short name in locales/. */
  all(): QuizQuestion[] {
    return [...this.byBand.values()].flatMap((groups) => groups.flatMap((g) => g.questions));
  }

  /** `count` questions, shuffled, taken in turn from each lesson so that a mixed quiz covers them all. */
  pick(ages: ClubAges, topic: string, count: number, random: () => number = Math.random): QuizQuestion[] {
    const groups = this.groups(ages, topic).map((g) => shuffle(g.questions, random));
    const picked: QuizQuestion[] = [];
    for (let round = 0; picked.length < count && groups.some((g) => g.length > round); round++) {
      for (const g of shuffle(groups, random)) if (g[round] && picked.length < count) picked.push(g[round]!);
    }
    return picked;
  }
}

function shuffle<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
