import { assign, emit, enqueueActions, setup } from 'xstate';
import type { LessonAudience, LessonQuestion } from '../seeds/LessonBank.js';
import { lessonKeys } from '../../dialogs/shared/lessonKeys.js';
import type { Message } from '../../dialogs/shared/Message.js';
import type { QuizPush, QuizQuestionView } from '../../dialogs/shared/QuizPush.js';

/** A question of the bank, with where its text lives. */
export interface QuizQuestion {
  band: LessonAudience;
  lesson: string;
  kind: 'check' | 'quiz';
  question: LessonQuestion;
}

/** One person playing, known by a generated nickname only. */
export interface Player {
  adjective: string;
  animal: string;
  score: number;
  /** The option chosen for the question now asked, if any. */
  answer: string | null;
  left: boolean;
}

interface SessionContext {
  questions: QuizQuestion[];
  seconds: number | null;
  index: number;
  players: Record<string, Player>;
  /** Per question asked: how many players were there, and how many got it right. */
  results: { players: number; right: number }[];
  /** Group chats playing together: there, players join by answering, so nobody waits for "everyone". */
  groups: number;
}

/** Who a push is for: the patron, or one player by their pseudonymous key. */
export type QuizRecipient = 'host' | string;

export type QuizSessionEvent =
  | { type: 'JOIN'; player: string; adjective: string; animal: string }
  | { type: 'LEAVE'; player: string }
  | { type: 'ANSWER'; player: string; option: string }
  | { type: 'START' }
  | { type: 'NEXT' }
  | { type: 'STATUS' }
  | { type: 'GROUP' }
  | { type: 'UNGROUP' }
  | { type: 'TIMEOUT'; n: number }
  | { type: 'END' }
  | { type: 'EXPIRE' };

export type QuizSessionEmitted = { type: 'push'; to: QuizRecipient; push: QuizPush };

export interface QuizSessionInput {
  questions: QuizQuestion[];
  seconds: number | null;
}

const active = (context: SessionContext) => Object.entries(context.players).filter(([, p]) => !p.left);
const current = (context: SessionContext) => context.questions[context.index]!;
const correctOf = (q: QuizQuestion) => q.question.options.find((o) => o.correct)!.id;

function questionMessage(q: QuizQuestion): Message {
  const keys = lessonKeys(q.band, q.lesson)[q.kind](q.question.id);
  return { key: keys.question, choices: q.question.options.map((o) => ({ id: o.id, key: keys.label(o.id) })) };
}

/** The question at `index`, as everyone sees it. */
export function questionView(q: QuizQuestion, index: number, total: number, seconds: number | null): QuizQuestionView {
  return { n: index + 1, total, question: questionMessage(q), seconds };
}

/** How many places the leaderboard shows. */
const podium = 3;

/** A nickname with its place and points: "1. Swift Giraffe: 3 points". */
function rankLine(player: Player, rank: number): Message {
  return {
    key: player.score === 1 ? 'quiz:rankOne' : 'quiz:rank',
    vars: { rank, score: player.score, adjective: { key: `quiz:adjective.${player.adjective}` }, animal: { key: `quiz:animal.${player.animal}` } },
  };
}

/**
 * The top three, by points: only players who scored, so nobody's zero is ever shown to others.
 * Equal points share a place (1, 1, 3); when more players share the third line's points than fit,
 * one line says how many more have them, so nobody tied at the top is left out unseen.
 */
export function leaderboard(players: Player[]): Message[] {
  const ranked = players.filter((p) => p.score > 0).sort((a, b) => b.score - a.score);
  const placed = ranked
    .map((player) => ({ player, rank: ranked.findIndex((p) => p.score === player.score) + 1 }))
    .filter((r) => r.rank <= podium);
  const lines = placed.slice(0, podium).map((r) => rankLine(r.player, r.rank));
  const more = placed.length - lines.length;
  if (more > 0) {
    const score = placed[podium]!.player.score;
    lines.push({ key: score === 1 ? 'quiz:rankMoreOne' : 'quiz:rankMore', vars: { count: more, score } });
  }
  return lines;
}

/**
 * The patron's summary: who took part, the average, and each question, from the worst answered,
 * by its short name (quiz:question.<lesson>.<question> in locales/), with the share who got it
 * right and the lesson to go over.
 */
function summary(context: SessionContext): Message {
  const asked = context.results.map((r, i) => ({ ...r, i, share: r.players === 0 ? 0 : r.right / r.players }));
  const { players, average } = stats(context);
  return {
    key: 'quiz:host.summary',
    vars: { players, average: Math.round(average * 100) },
    items: [
      {
        key: 'quiz:lines',
        items: [...asked]
          .sort((a, b) => a.share - b.share || a.i - b.i)
          .map((r) => {
            const q = context.questions[r.i]!;
            const vars = { n: r.i + 1, name: { key: questionNameKey(q) }, lesson: { key: lessonKeys(q.band, q.lesson).title } };
            if (r.players === 0) return { key: 'quiz:host.summaryLineNobody', vars };
            return { key: 'quiz:host.summaryLine', vars: { ...vars, percent: Math.round(r.share * 100) } };
          }),
      },
    ],
  };
}

/** Where a question's short name is, for the patron's summary: every question of the bank has one. */
export function questionNameKey(q: QuizQuestion): string {
  return `quiz:question.${q.lesson}.${q.question.id}`;
}

/** Everyone who joined, and their average share of the questions asked. */
function stats(context: SessionContext): { players: number; questions: number; average: number } {
  const all = Object.values(context.players);
  const questions = context.results.length;
  const average = all.length === 0 || questions === 0 ? 0 : all.reduce((sum, p) => sum + p.score / questions, 0) / all.length;
  return { players: all.length, questions, average };
}

/**
 * One live club quiz, coordinating the patron and every player: who has joined (as a generated
 * nickname), which question is asked, who answered what, the answer and its explanation, the
 * leaderboard and the patron's summary. It is pure: it only emits pushes, addressed to the patron or
 * to a player's pseudonymous key, and the quiz hub delivers them through each person's own dialog.
 * Nobody's words pass through it, so it cannot relay a message from one person to another.
 */
export const quizSessionMachine = setup({
  types: {} as { context: SessionContext; events: QuizSessionEvent; input: QuizSessionInput; emitted: QuizSessionEmitted },
  actions: {
    join: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'JOIN' || context.players[event.player]) return;
      const player: Player = { adjective: event.adjective, animal: event.animal, score: 0, answer: null, left: false };
      enqueue.assign({ players: { ...context.players, [event.player]: player } });
      const started = context.index >= 0;
      enqueue.emit({ type: 'push', to: event.player, push: { type: 'joined', adjective: player.adjective, animal: player.animal, started } });
    }),
    leave: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'LEAVE') return;
      const player = context.players[event.player];
      if (!player || player.left) return;
      enqueue.assign({ players: { ...context.players, [event.player]: { ...player, left: true } } });
      enqueue.emit({ type: 'push', to: event.player, push: { type: 'closed', reason: 'left', stats: null } });
    }),
    /** The next question, to every player still here and to the patron. */
    ask: enqueueActions(({ context, enqueue }) => {
      const index = context.index + 1;
      const q = context.questions[index]!;
      const view = questionView(q, index, context.questions.length, context.seconds);
      const players = Object.fromEntries(Object.entries(context.players).map(([key, p]) => [key, { ...p, answer: null }]));
      enqueue.assign({ index, players });
      for (const [key] of active(context)) enqueue.emit({ type: 'push', to: key, push: { type: 'question', view } });
      enqueue.emit({ type: 'push', to: 'host', push: { type: 'question', view } });
    }),
    /** A late joiner gets the question now asked. */
    askLate: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'JOIN' || context.index < 0) return;
      const q = current(context);
      const view = questionView(q, context.index, context.questions.length, context.seconds);
      enqueue.emit({ type: 'push', to: event.player, push: { type: 'question', view } });
    }),
    record: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ANSWER') return;
      const player = context.players[event.player];
      if (!player || player.left || player.answer !== null) return;
      if (!current(context).question.options.some((o) => o.id === event.option)) return;
      enqueue.assign({ players: { ...context.players, [event.player]: { ...player, answer: event.option } } });
      enqueue.emit({ type: 'push', to: event.player, push: { type: 'answered' } });
    }),
    /** The right answer and its one-line explanation, to everyone; scores are kept. */
    reveal: enqueueActions(({ context, enqueue }, params: { host: boolean }) => {
      const q = current(context);
      const right = correctOf(q);
      const keys = lessonKeys(q.band, q.lesson)[q.kind](q.question.id);
      const here = active(context);
      const rightCount = here.filter(([, p]) => p.answer === right).length;
      const answeredBy = here.filter(([, p]) => p.answer !== null).length;
      const players = Object.fromEntries(
        Object.entries(context.players).map(([key, p]) => [key, p.answer === right && !p.left ? { ...p, score: p.score + 1 } : p]),
      );
      enqueue.assign({ players, results: [...context.results, { players: here.length, right: rightCount }] });
      const last = !params.host || context.index + 1 >= context.questions.length;
      const base = { n: context.index + 1, last, answer: { key: keys.label(right) }, explain: { key: keys.explain }, right: rightCount, answeredBy, players: here.length };
      for (const [key, p] of here) {
        enqueue.emit({ type: 'push', to: key, push: { type: 'reveal', ...base, correct: p.answer === null ? null : p.answer === right } });
      }
      if (params.host) enqueue.emit({ type: 'push', to: 'host', push: { type: 'reveal', ...base, correct: null } });
    }),
    /** Everyone's own score and the top three nicknames with points; the patron's summary. */
    finish: enqueueActions(({ context, enqueue }) => {
      const top = leaderboard(active(context).map(([, p]) => p));
      const total = context.results.length;
      for (const [key, p] of active(context)) {
        enqueue.emit({ type: 'push', to: key, push: { type: 'finished', score: p.score, total, top, summary: null, stats: null } });
      }
      enqueue.emit({
        type: 'push',
        to: 'host',
        push: { type: 'finished', score: 0, total, top, summary: summary(context), stats: stats(context) },
      });
    }),
    close: enqueueActions(({ context, enqueue }, reason: 'expired' | 'ended') => {
      for (const [key] of active(context)) enqueue.emit({ type: 'push', to: key, push: { type: 'closed', reason, stats: null } });
      enqueue.emit({ type: 'push', to: 'host', push: { type: 'closed', reason, stats: stats(context) } });
    }),
    status: emit(({ context }) => ({ type: 'push' as const, to: 'host', push: { type: 'status' as const, joined: active(context).length, groups: context.groups } })),
  },
  guards: {
    /** Someone to play: a child who joined, or a group chat (whose members join by answering). */
    anyone: ({ context }) => active(context).length > 0 || context.groups > 0,
    everyoneAnswered: ({ context }) => context.groups === 0 && active(context).every(([, p]) => p.answer !== null),
    thisQuestion: ({ context, event }) => event.type === 'TIMEOUT' && event.n === context.index + 1,
    more: ({ context }) => context.index + 1 < context.questions.length,
  },
}).createMachine({
  id: 'quizSession',
  context: ({ input }) => ({ questions: input.questions, seconds: input.seconds, index: -1, players: {}, results: [], groups: 0 }),
  initial: 'lobby',
  on: {
    JOIN: { actions: ['join', 'askLate'] },
    LEAVE: { actions: 'leave' },
    STATUS: { actions: 'status' },
    GROUP: { actions: assign({ groups: ({ context }) => context.groups + 1 }) },
    UNGROUP: { actions: assign({ groups: ({ context }) => Math.max(0, context.groups - 1) }) },
    EXPIRE: { target: '.closed', actions: { type: 'close', params: 'expired' } },
  },
  states: {
    lobby: {
      on: {
        START: [{ guard: 'anyone', target: 'asking', actions: 'ask' }, { actions: 'status' }],
        END: { target: 'closed', actions: { type: 'close', params: 'ended' } },
      },
    },
    asking: {
      always: { guard: 'everyoneAnswered', target: 'revealed', actions: { type: 'reveal', params: { host: true } } },
      on: {
        ANSWER: { actions: 'record' },
        NEXT: { target: 'revealed', actions: { type: 'reveal', params: { host: true } } },
        TIMEOUT: { guard: 'thisQuestion', target: 'revealed', actions: { type: 'reveal', params: { host: true } } },
        // Ended mid-question: the players still learn the answer; the patron goes straight to the summary.
        END: { target: 'finished', actions: [{ type: 'reveal', params: { host: false } }, 'finish'] },
      },
    },
    revealed: {
      on: {
        NEXT: [{ guard: 'more', target: 'asking', actions: 'ask' }, { target: 'finished', actions: 'finish' }],
        END: { target: 'finished', actions: 'finish' },
      },
    },
    finished: { type: 'final' },
    closed: { type: 'final' },
  },
});
