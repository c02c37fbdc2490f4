import type { LessonAudience } from '../../src/seeds/LessonBank.js';

/**
 * Where each part of a lesson's text lives in locales/<language>/lessons-<audience>.json. The
 * lessons machine, the club quiz and the content tests all find text through here, so the layout
 * of a lesson file is written down once.
 */
export function lessonKeys(audience: LessonAudience, lesson: string) {
  const base = `lessons-${audience}:${lesson}`;
  const question = (kind: 'check' | 'quiz', id: string) => ({
    question: `${base}.${kind}.${id}.question`,
    label: (option: string) => `${base}.${kind}.${id}.option.${option}.label`,
    feedback: (option: string) => `${base}.${kind}.${id}.option.${option}.feedback`,
    explain: `${base}.${kind}.${id}.explain`,
  });
  return {
    title: `${base}.title`,
    card: (id: string) => `${base}.card.${id}`,
    check: (id: string) => question('check', id),
    quiz: (id: string) => question('quiz', id),
    takeaway: `${base}.takeaway`,
    tell: `${base}.tell`,
  };
}
