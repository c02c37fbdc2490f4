/**
 * Walks every dialog machine with the events its own prompts offer, from every start that changes
 * what it does: used by the path-coverage test and to record the golden snapshots of waiting states.
 */
import { getShortestPaths } from '@xstate/graph';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { createDialogs } from '../../dialogs/createDialogs.js';
import { projectPath } from '../../src/app/projectPath.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';
import type { DialogContext } from '../../dialogs/shared/DialogContext.js';
import type { DialogEvent } from '../../dialogs/shared/DialogEvent.js';
import type { DialogInput, DialogOutput } from '../../dialogs/shared/DialogIO.js';
import { Audience } from '../../src/domain/Audience.js';
import { DialogId } from '../../src/domain/DialogId.js';
import { noLessonProgress } from '../../src/domain/LessonProgress.js';
import { Need } from '../../src/domain/Need.js';
import { lessonKeys } from '../../dialogs/shared/lessonKeys.js';
import type { QuizPush } from '../../dialogs/shared/QuizPush.js';
import { QuizBank } from '../../src/quiz/QuizBank.js';

export const seeds = loadSeeds(projectPath('seeds'));
export const dialogs = createDialogs(seeds);
const audiences = [null, ...Audience.options];
const start = (audience: Audience | null, canResume: boolean, crisis = false, topic: string | null = null): DialogInput => ({
  locale: 'en',
  audience,
  canResume,
  crisis,
  checkin: false,
  topic,
  county: null,
  offerLocale: null,
  lessons: noLessonProgress(),
  push: null,
});

/**
 * Every start a dialog can have that changes what it does: each audience (and none), with and
 * without a dialog to go back to; for help, opened by crisis detection or by a topic; for the
 * referral, with each kind of help already chosen.
 */
function inputsFor(id: DialogId): DialogInput[] {
  const everyone = audiences.flatMap((audience) => [false, true].map((canResume) => start(audience, canResume)));
  if (id === 'help') {
    const topics = seeds.helpGuide.situations.map((s) => s.id);
    return everyone.flatMap((i) => [
      i,
      { ...i, crisis: true },
      { ...i, crisis: true, offerLocale: 'sw' as const },
      { ...i, checkin: true },
      { ...i, checkin: true, offerLocale: 'sw' as const },
      ...topics.flatMap((topic) => [
        { ...i, topic },
        { ...i, topic, crisis: true },
        { ...i, topic, crisis: true, county: '042', offerLocale: 'sw' as const },
      ]),
    ]);
  }
  if (id === 'referral') {
    return [null, ...Need.options].flatMap((topic) => [start('age13_15', false, false, topic), { ...start('caregiver', false, false, topic), county: '042' }]);
  }
  if (id === 'lessons') {
    // A user part-way through one lesson of every set, and finished with another.
    const sets = Object.values(seeds.lessons.sets);
    const lessons = {
      done: sets.map((set) => set[1]!.id),
      open: Object.fromEntries(sets.map((set) => [set[0]!.id, { step: 1, correct: 0 }])),
    };
    return [...everyone, ...audiences.map((audience) => ({ ...start(audience, false), lessons }))];
  }
  if (id === 'quizPlayer') {
    const joined = (started: boolean): QuizPush => ({ type: 'joined', adjective: 'swift', animal: 'giraffe', started });
    return [...everyone.map((i) => ({ ...i, push: joined(false) })), start('age10_12', false), { ...start(null, true), push: joined(true) }];
  }
  return everyone;
}

/** What a live quiz can tell its dialogs: each kind of push, with a real question from the bank. */
function samplePushes(): QuizPush[] {
  const [question] = new QuizBank(seeds.lessons, seeds.quiz).pick('age13_15', 'mixed', 1);
  const keys = lessonKeys(question!.band, question!.lesson)[question!.kind](question!.question.id);
  const view = (seconds: number | null) => ({
    n: 1,
    total: 5,
    seconds,
    question: { key: keys.question, choices: question!.question.options.map((o) => ({ id: o.id, key: keys.label(o.id) })) },
  });
  const reveal = (n: number, correct: boolean | null): QuizPush => ({
    type: 'reveal',
    n,
    last: n === 5,
    correct,
    answer: { key: keys.label('a') },
    explain: { key: keys.explain },
    right: 1,
    answeredBy: 2,
    players: 3,
  });
  const top = [{ key: 'quiz:rank', vars: { rank: 1, score: 4, adjective: { key: 'quiz:adjective.calm' }, animal: { key: 'quiz:animal.hare' } } }];
  const stats = { players: 3, questions: 5, average: 0.6 };
  const summary = { key: 'quiz:host.summary', vars: { players: 3, average: 60 }, items: [{ key: 'quiz:lines', items: [] }] };
  return [
    { type: 'code', verdict: 'ask' },
    { type: 'code', verdict: 'unset' },
    { type: 'code', verdict: 'ok' },
    { type: 'code', verdict: 'wrong', seconds: 0 },
    { type: 'code', verdict: 'wrong', seconds: 30 },
    { type: 'code', verdict: 'wait', seconds: 240 },
    { type: 'created', code: 'K7P3Q', questions: 5, whatsapp: null },
    { type: 'created', code: 'K7P3Q', questions: 5, whatsapp: '+254 700 000 000' },
    { type: 'unavailable' },
    { type: 'status', joined: 0, groups: 0 },
    { type: 'status', joined: 3, groups: 0 },
    { type: 'status', joined: 0, groups: 1 },
    { type: 'question', view: view(null) },
    { type: 'question', view: view(30) },
    { type: 'answered' },
    reveal(1, true),
    reveal(1, false),
    reveal(1, null),
    reveal(5, null),
    { type: 'finished', score: 4, total: 5, top, summary, stats },
    { type: 'finished', score: 2, total: 5, top, summary: null, stats: null },
    { type: 'finished', score: 0, total: 5, top, summary: null, stats: null },
    { type: 'finished', score: 0, total: 5, top: [], summary: null, stats: null },
    { type: 'closed', reason: 'expired', stats },
    { type: 'closed', reason: 'ended', stats: null },
  ];
}
export const pushes = samplePushes();

export interface Reached {
  input: DialogInput;
  snapshot: { value: unknown; status: string; context: DialogContext; output?: DialogOutput };
}

/**
 * Walk a machine with the events its own prompts offer: every choice, sample text where text is
 * accepted (a place it knows and one it does not), and a location where one is asked for.
 */
export function walk(id: DialogId, machine: AnyStateMachine): Reached[] {
  return inputsFor(id).flatMap((input) =>
    getShortestPaths(machine, {
      input,
      // Two snapshots that show the same question in the same state are the same place to be.
      serializeState: (snapshot) => {
        const { value, status, context } = snapshot as unknown as Reached['snapshot'];
        return JSON.stringify([value, status, context.prompt, status === 'done' ? context.slots : null]);
      },
      events: (snapshot: { context: DialogContext }): DialogEvent[] => {
        const prompt = snapshot.context.prompt;
        const choices = prompt?.choices ?? [];
        // Choices named from seed data (47 counties) are sampled, first and last; the dead-end test
        // still checks that every one of them leads somewhere.
        const fromSeeds = choices.filter((c) => 'label' in c);
        const sampled = [...choices.filter((c) => 'key' in c), ...new Set([fromSeeds[0], fromSeeds.at(-1)])].filter(
          (c) => c !== undefined,
        );
        return [
          ...sampled.map((c) => ({ type: 'CHOICE' as const, id: c.id })),
          ...(prompt?.acceptsText ? ['Nairobi', 'xyzzy'].map((text) => ({ type: 'TEXT' as const, text })) : []),
          // A location in Kisumu, and one in London (outside Kenya).
          ...(prompt?.requestsLocation
            ? [
                { type: 'LOCATION' as const, latitude: -0.09, longitude: 34.77 },
                { type: 'LOCATION' as const, latitude: 51.5, longitude: -0.12 },
              ]
            : []),
          ...(id === 'quizPlayer' || id === 'quizHost' ? pushes.map((push) => ({ type: 'QUIZ' as const, push })) : []),
          // "leave" in a quiz is a command the engine turns into this choice; no button offers it.
          ...(id === 'quizPlayer' ? [{ type: 'CHOICE' as const, id: 'leave' }] : []),
        ];
      },
    }).map((path) => ({ input, snapshot: path.state as unknown as Reached['snapshot'] })),
  );
}

/** Every state a conversation can rest in: leaves, except passing states that only route onwards. */
export function leafStateIds(node: AnyStateNode): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length > 0) return children.flatMap(leafStateIds);
  return node.always ? [] : [node.path.join('.')];
}

export const valueId = (value: unknown): string =>
  typeof value === 'string' ? value : Object.entries(value as object).map(([k, v]) => `${k}.${valueId(v)}`).join(',');

