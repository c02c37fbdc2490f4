import { assign, enqueueActions } from 'xstate';
import type { LessonProgress } from '../src/domain/LessonProgress.js';
import { type Lesson, LessonAudience, type LessonBank } from '../src/seeds/LessonBank.js';
import type { DialogContext } from './shared/DialogContext.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { eventChoiceId } from './shared/eventChoiceId.js';
import { lessonKeys } from './shared/lessonKeys.js';
import type { ChoiceRef, Message } from './shared/Message.js';

const leave: ChoiceRef = { id: 'leave', key: 'lessons:leave' };
const allLessons: ChoiceRef = { id: 'list', key: 'lessons:allLessons' };

interface Found {
  audience: LessonAudience;
  lesson: Lesson;
  keys: ReturnType<typeof lessonKeys>;
}

/**
 * Learn: the lessons made for the user's age band, one short card at a time with Next, then one or
 * two check questions with kind feedback that explains the right answer, then a takeaway and whom
 * to tell. Progress is handed to the engine after every step, so a user who leaves (the menu, help,
 * a crisis, or simply going quiet) finds the lesson where they left it. Patrons choose an age band
 * first, to prepare their club. Everything comes from seeds/lessons/: a new lesson is data and text.
 */
export function createLessonsMachine(bank: LessonBank) {
  const lessons = new Map<string, Found>();
  for (const audience of LessonAudience.options) {
    for (const lesson of bank.sets[audience]) lessons.set(lesson.id, { audience, lesson, keys: lessonKeys(audience, lesson.id) });
  }

  /** The set shown: the user's own band, or the one a patron (or anyone without a band) picked. */
  const bandOf = (context: DialogContext): LessonAudience => {
    const picked = LessonAudience.safeParse(context.slots.band);
    if (picked.success) return picked.data;
    const own = LessonAudience.safeParse(context.audience);
    return own.success ? own.data : 'caregiver';
  };
  const current = (context: DialogContext): Found | undefined => lessons.get(String(context.slots.lesson));
  const stepsOf = (lesson: Lesson) => lesson.cards.length + lesson.checks.length;
  const step = (context: DialogContext) => Number(context.slots.step ?? 0);
  const reader = (context: DialogContext) => context.audience ?? bandOf(context);

  /** The next lesson to suggest: the one the seed names, else the next unfinished one in order. */
  const suggestion = (context: DialogContext): string | null => {
    const found = current(context);
    if (!found) return null;
    const set = bank.sets[found.audience];
    const done = new Set([...context.lessons.done, found.lesson.id]);
    if (found.lesson.next && !done.has(found.lesson.next)) return found.lesson.next;
    const at = set.findIndex((l) => l.id === found.lesson.id);
    const after = [...set.slice(at + 1), ...set.slice(0, at)];
    return after.find((l) => !done.has(l.id))?.id ?? null;
  };

  const listPrompt = (context: DialogContext): Message => {
    const band = bandOf(context);
    const set = bank.sets[band];
    const done = new Set(context.lessons.done);
    const choices: ChoiceRef[] = set.map((lesson) => {
      const key = lessonKeys(band, lesson.id).title;
      if (done.has(lesson.id)) return { id: lesson.id, key, markKey: 'lessons:mark.done' };
      if (context.lessons.open[lesson.id]) return { id: lesson.id, key, markKey: 'lessons:mark.started' };
      return { id: lesson.id, key };
    });
    return {
      key: 'lessons:list',
      vars: { done: set.filter((l) => done.has(l.id)).length, total: set.length },
      items: [{ key: `lessons:heading.${band}` }],
      choices: [...choices, ...(context.audience === 'patron' ? [{ id: 'band', key: 'lessons:otherBand' }] : [])],
    };
  };

  const cardPrompt = (context: DialogContext, found: Found): Message => {
    const n = step(context);
    const card = { key: found.keys.card(found.lesson.cards[n] ?? '') };
    return {
      key: 'lessons:card',
      vars: { n: n + 1, count: found.lesson.cards.length },
      items: n === 0 ? [{ key: 'lessons:title', items: [{ key: found.keys.title }] }, card] : [card],
      choices: [{ id: 'next', key: 'lessons:next' }, leave],
    };
  };

  const checkPrompt = (context: DialogContext, found: Found): Message => {
    const n = step(context) - found.lesson.cards.length;
    const question = found.lesson.checks[n]!;
    const keys = found.keys.check(question.id);
    return {
      key: 'lessons:check',
      vars: { n: n + 1, count: found.lesson.checks.length },
      items: [{ key: keys.question }],
      choices: [...question.options.map((o) => ({ id: o.id, key: keys.label(o.id) })), leave],
    };
  };

  const donePrompt = (context: DialogContext, found: Found): Message => {
    const next = suggestion(context);
    const nextFound = next ? lessons.get(next) : undefined;
    return {
      key: 'lessons:done',
      vars: { correct: Number(context.slots.correct ?? 0), total: found.lesson.checks.length },
      items: [{ key: 'lessons:remember', items: [{ key: found.keys.takeaway }] }, { key: found.keys.tell }],
      choices: [
        ...(nextFound ? [{ id: 'next', key: nextFound.keys.title, markKey: 'lessons:mark.next' }] : []),
        allLessons,
      ],
    };
  };

  /** The progress with this lesson at `at` (a step and a score), or finished. */
  const withProgress = (context: DialogContext, id: string, at: LessonProgress['open'][string] | 'done'): LessonProgress => {
    const open = { ...context.lessons.open };
    delete open[id];
    if (at !== 'done') return { done: context.lessons.done, open: { ...open, [id]: at } };
    return { done: [...context.lessons.done.filter((d) => d !== id), id], open };
  };

  const lessonsSetup = dialogSetup.extend({
    actions: {
      /** Start a lesson from its first card, and count the start. */
      begin: enqueueActions(({ context, enqueue }) => {
        const found = current(context)!;
        const progress = withProgress(context, found.lesson.id, { step: 0, correct: 0 });
        enqueue.emit({ type: 'monitor', payload: { type: 'lesson_started', lesson: found.lesson.id, audience: reader(context) } });
        enqueue.assign({ slots: { ...context.slots, step: 0, correct: 0 }, lessons: progress });
        enqueue.emit({ type: 'lessons', progress });
      }),
      /** Say the chosen option's feedback, which explains the right answer, and keep the score. */
      answer: enqueueActions(({ context, event, enqueue }) => {
        const found = current(context)!;
        const question = found.lesson.checks[step(context) - found.lesson.cards.length]!;
        const chosen = question.options.find((o) => event.type === 'CHOICE' && o.id === event.id)!;
        const feedback = { key: found.keys.check(question.id).feedback(chosen.id) };
        enqueue.emit({ type: 'say', message: { key: chosen.correct ? 'lessons:right' : 'lessons:notQuite', items: [feedback] } });
        if (chosen.correct) enqueue.assign({ slots: { ...context.slots, correct: Number(context.slots.correct ?? 0) + 1 } });
      }),
      /** One step on, kept so the user can come back to it. */
      advance: enqueueActions(({ context, enqueue }) => {
        const id = String(context.slots.lesson);
        const progress = withProgress(context, id, { step: step(context) + 1, correct: Number(context.slots.correct ?? 0) });
        enqueue.assign({ slots: { ...context.slots, step: step(context) + 1 }, lessons: progress });
        enqueue.emit({ type: 'lessons', progress });
      }),
      /** Mark the lesson finished, and count it with its score. */
      complete: enqueueActions(({ context, enqueue }) => {
        const found = current(context)!;
        const progress = withProgress(context, found.lesson.id, 'done');
        enqueue.emit({
          type: 'monitor',
          payload: {
            type: 'lesson_completed',
            lesson: found.lesson.id,
            audience: reader(context),
            correct: Number(context.slots.correct ?? 0),
            total: found.lesson.checks.length,
          },
        });
        enqueue.assign({ lessons: progress });
        enqueue.emit({ type: 'lessons', progress });
      }),
      suggest: assign(({ context }) => ({ slots: { ...context.slots, lesson: suggestion(context) } })),
      pickBand: assign(({ context, event }) => ({ slots: { ...context.slots, band: eventChoiceId(event) } })),
      pickLesson: assign(({ context, event }) => ({ slots: { ...context.slots, lesson: eventChoiceId(event) } })),
      /** Back to the step and score kept when the user left. */
      restore: assign(({ context }) => {
        const at = context.lessons.open[String(context.slots.lesson)];
        return { slots: { ...context.slots, step: at?.step ?? 0, correct: at?.correct ?? 0 } };
      }),
    },
    guards: {
      picksBand: ({ context }) => context.audience === 'patron' || context.audience === null,
      offersLesson: ({ context, event }) => event.type === 'CHOICE' && bank.sets[bandOf(context)].some((l) => l.id === event.id),
      /** A lesson id kept from before that the seeds no longer have. */
      lessonGone: ({ context }) => !current(context),
      leftOpen: ({ context }) => Boolean(context.lessons.open[String(context.slots.lesson)]),
      onCard: ({ context }) => step(context) < current(context)!.lesson.cards.length,
      onCheck: ({ context }) => step(context) < stepsOf(current(context)!.lesson),
      answered: ({ context, event }) =>
        event.type === 'CHOICE' && event.id !== 'leave' && (context.prompt?.choices ?? []).some((c) => c.id === event.id),
    },
  });

  return lessonsSetup.createMachine({
    id: 'lessons',
    context: ({ input }) => ({ ...initialContext(input), lessons: input.lessons }),
    initial: 'start',
    states: {
      start: { always: [{ guard: 'picksBand', target: 'band' }, { target: 'list' }] },
      band: {
        entry: {
          type: 'ask',
          params: { key: 'lessons:band', choices: LessonAudience.options.map((id) => ({ id, key: `lessons:heading.${id}` })) },
        },
        on: { CHOICE: { guard: { type: 'choseOneOf', params: { ids: LessonAudience.options } }, actions: 'pickBand', target: 'list' } },
      },
      list: {
        entry: { type: 'ask', params: ({ context }) => listPrompt(context) },
        on: {
          CHOICE: [
            { guard: 'offersLesson', actions: 'pickLesson', target: 'opening' },
            { guard: { type: 'chose', params: { id: 'band' } }, target: 'band' },
          ],
        },
      },
      /** A lesson left half-way is offered where it was left; a new or finished one starts at the top. */
      opening: {
        always: [{ guard: 'lessonGone', target: 'list' }, { guard: 'leftOpen', target: 'resuming' }, { target: 'routing', actions: 'begin' }],
      },
      resuming: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'lessons:resume',
            items: [{ key: current(context)!.keys.title }],
            choices: [{ id: 'continue', key: 'lessons:continue' }, { id: 'restart', key: 'lessons:restart' }, allLessons],
          }),
        },
        on: {
          CHOICE: [
            { guard: { type: 'chose', params: { id: 'continue' } }, actions: 'restore', target: 'routing' },
            { guard: { type: 'chose', params: { id: 'restart' } }, actions: 'begin', target: 'routing' },
            { guard: { type: 'chose', params: { id: 'list' } }, target: 'list' },
          ],
        },
      },
      /** Cards first, then the check questions, then the end; a lesson that changed since is handled too. */
      routing: {
        always: [
          { guard: 'lessonGone', target: 'list' },
          { guard: 'onCard', target: 'card' },
          { guard: 'onCheck', target: 'check' },
          { target: 'done' },
        ],
      },
      card: {
        entry: { type: 'ask', params: ({ context }) => cardPrompt(context, current(context)!) },
        on: {
          CHOICE: [
            { guard: { type: 'chose', params: { id: 'next' } }, actions: 'advance', target: 'routing' },
            { guard: { type: 'chose', params: { id: 'leave' } }, target: 'list' },
          ],
        },
      },
      check: {
        entry: { type: 'ask', params: ({ context }) => checkPrompt(context, current(context)!) },
        on: {
          CHOICE: [
            { guard: 'answered', actions: ['answer', 'advance'], target: 'routing' },
            { guard: { type: 'chose', params: { id: 'leave' } }, target: 'list' },
          ],
        },
      },
      done: {
        entry: ['complete', { type: 'ask', params: ({ context }) => donePrompt(context, current(context)!) }],
        on: {
          CHOICE: [
            { guard: { type: 'chose', params: { id: 'next' } }, actions: 'suggest', target: 'opening' },
            { guard: { type: 'chose', params: { id: 'list' } }, target: 'list' },
          ],
        },
      },
    },
  });
}
