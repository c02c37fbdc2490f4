import readability from 'text-readability';
import { describe, expect, it } from 'vitest';
import { lessonKeys } from '../../dialogs/shared/lessonKeys.js';
import { projectPath } from '../../src/app/projectPath.js';
import { Locale } from '../../src/domain/Locale.js';
import { readLocales } from '../../src/i18n/readLocales.js';
import { Translator } from '../../src/i18n/Translator.js';
import { directoryVariables } from '../../src/seeds/directoryVariables.js';
import type { Lesson, LessonAudience, LessonQuestion } from '../../src/seeds/LessonBank.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

/**
 * The content gates every lesson passes before it reaches a child: the counts each audience was
 * promised, text complete in both languages, short cards, an English reading grade made for the
 * age, one right answer with feedback for every option, and the numbers its takeaway promises.
 */
const seeds = loadSeeds(projectPath('seeds'));
const resources = readLocales(projectPath('locales'));
const numbers = directoryVariables(seeds.nationalServices);
const translator = new Translator(resources, numbers);

const minimumLessons: Record<LessonAudience, number> = { age10_12: 6, age13_15: 8, age16_17: 8, caregiver: 6 };
/** Flesch-Kincaid grade, at most, for the English of each audience's lessons. */
const maximumGrade: Record<LessonAudience, number> = { age10_12: 5, age13_15: 7, age16_17: 8, caregiver: 9 };
/** A card is one phone screen or less. */
const cardLimit = 600;
/** Telegram quiz polls: question 1-300 characters, options 1-100, explanation up to 200. */
const pollLimits = { question: 300, label: 100, explain: 200 };
const titleLimit = 48;
/** The quiz for a club asks up to 15 questions from one age band. */
const quizSize = 15;

/** Every key a lesson's seed record points at, with what each must satisfy. */
function keysOf(audience: LessonAudience, lesson: Lesson) {
  const keys = lessonKeys(audience, lesson.id);
  const questions = (kind: 'check' | 'quiz', list: LessonQuestion[]) =>
    list.flatMap((q) => {
      const k = keys[kind](q.id);
      return [
        { key: k.question, limit: pollLimits.question },
        { key: k.explain, limit: pollLimits.explain },
        ...q.options.flatMap((o) => [
          { key: k.label(o.id), limit: pollLimits.label },
          { key: k.feedback(o.id), limit: cardLimit },
        ]),
      ];
    });
  return [
    { key: keys.title, limit: titleLimit },
    ...lesson.cards.map((card) => ({ key: keys.card(card), limit: cardLimit })),
    ...questions('check', lesson.checks),
    ...questions('quiz', lesson.quiz),
    { key: keys.takeaway, limit: cardLimit },
    { key: keys.tell, limit: cardLimit },
  ];
}

/** Every leaf key of a nested locale object, as "a.b.c". */
function leafKeys(node: unknown, prefix: string): string[] {
  if (node === null || typeof node !== 'object') return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, `${prefix}.${k}`));
}

describe.each(Object.entries(seeds.lessons.sets) as [LessonAudience, Lesson[]][])('lessons for %s', (audience, lessons) => {
  it(`has at least ${minimumLessons[audience]} lessons`, () => {
    expect(lessons.length).toBeGreaterThanOrEqual(minimumLessons[audience]);
  });

  it.each(Locale.options)('has every text in %s, each short enough for its place, with no text left over', (locale) => {
    for (const lesson of lessons) {
      for (const { key, limit } of keysOf(audience, lesson)) {
        const text = translator.t(locale, key);
        expect(text.trim().length, `${locale} ${key} is empty`).toBeGreaterThan(0);
        expect(text.length, `${locale} ${key} has ${text.length} characters; at most ${limit}`).toBeLessThanOrEqual(limit);
        expect(text, `${locale} ${key}`).not.toMatch(/\{\{|\}\}/);
      }
    }
    const used = new Set(lessons.flatMap((lesson) => keysOf(audience, lesson).map((k) => k.key)));
    const written = leafKeys(resources[locale][`lessons-${audience}`], '').map((k) => `lessons-${audience}:${k.slice(1)}`);
    // A short label (key_short) sits beside a title or an answer, for WhatsApp's buttons: 18 characters for a title (room for "✓ "), 20 for an answer.
    for (const key of written.filter((k) => k.endsWith('_short'))) {
      const of = key.slice(0, -'_short'.length);
      expect(used.has(of), `${key} is the short label of a text no seed record points at`).toBe(true);
      expect(translator.t(locale, key).length, `${locale} ${key}`).toBeLessThanOrEqual(of.endsWith('.title') ? 18 : 20);
    }
    expect(written.filter((k) => !used.has(k) && !k.endsWith('_short')), 'texts no seed record points at').toEqual([]);
  });

  it(`reads at grade ${maximumGrade[audience]} or below in English (Flesch-Kincaid)`, () => {
    const grades = lessons.map((lesson) => {
      const text = keysOf(audience, lesson)
        .filter((k) => !k.key.endsWith('.title'))
        .map((k) => translator.t('en', k.key))
        .join('\n');
      return { lesson: lesson.id, grade: Math.round(readability.fleschKincaidGrade(text) * 10) / 10 };
    });
    console.info(`${audience}: ${grades.map((g) => `${g.lesson} ${g.grade}`).join(', ')}`);
    for (const { lesson, grade } of grades) {
      expect(grade, `${lesson} reads at grade ${grade}`).toBeLessThanOrEqual(maximumGrade[audience]);
    }
  });

  it('names whom to tell or call: every service a lesson lists appears in its takeaway, in both languages', () => {
    for (const lesson of lessons) {
      const keys = lessonKeys(audience, lesson.id);
      for (const locale of Locale.options) {
        const text = `${translator.t(locale, keys.takeaway)}\n${translator.t(locale, keys.tell)}`;
        for (const service of lesson.services) expect(text, `${locale} ${lesson.id} names ${service}`).toContain(numbers[service]);
      }
    }
  });

  it('has one right answer, and feedback for every option, in every question', () => {
    for (const lesson of lessons) {
      for (const q of [...lesson.checks, ...lesson.quiz]) {
        expect(q.options.filter((o) => o.correct), `${lesson.id}.${q.id}`).toHaveLength(1);
      }
      expect(lesson.sources.length, `${lesson.id} names its sources`).toBeGreaterThan(0);
    }
  });

  if (audience !== 'caregiver') {
    it(`gives a club quiz of ${quizSize} questions enough to ask`, () => {
      const bank = lessons.flatMap((l) => [...l.checks, ...l.quiz]);
      expect(bank.length).toBeGreaterThanOrEqual(quizSize);
    });
  }
});
