import { assign, enqueueActions } from 'xstate';
import { type QuizBand, type QuizBank, quizBands } from '../src/quiz/QuizBank.js';
import type { DialogContext } from './shared/DialogContext.js';
import { askFromAction } from './shared/askFromAction.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { eventChoiceId } from './shared/eventChoiceId.js';
import type { ChoiceRef, Message } from './shared/Message.js';
import { isQuizPush, quizPushOf } from './shared/quizPushOf.js';
import type { QuizRequest } from './shared/QuizRequest.js';
import { finalStateOutput } from './shared/finalStateOutput.js';

const end: ChoiceRef = { id: 'end', key: 'quiz:host.end' };
const lobbyChoices: ChoiceRef[] = [{ id: 'start', key: 'quiz:host.start' }, { id: 'status', key: 'quiz:host.status' }, end];
const timeLimits = { none: null, s30: 30, s60: 60 } as const;


/**
 * Run a quiz, for a club patron: a patron access code (checked by the quiz hub, never kept), the
 * club's age band, a topic or "mixed", 5, 10 or 15 questions and an optional time limit. Then a join
 * code to read out, and the controls: start, show the answer, next, end. The patron sees each
 * question to read it out, how many answered and got it right, and at the end a summary to teach
 * from. Children's names, numbers and handles never reach this dialog: only counts and nicknames.
 */
export function createQuizHostMachine(bank: QuizBank) {
  const bandOf = (context: DialogContext) => context.slots.band as QuizBand;
  const countsOf = (context: DialogContext) => bank.countsFor(bandOf(context), String(context.slots.topic));

  const hostSetup = dialogSetup.extend({
    actions: {
      request: enqueueActions(({ enqueue }, request: QuizRequest) => {
        enqueue.emit({ type: 'quiz', request });
      }),
      /** The typed code goes to the hub to be checked; it is not kept in the dialog. */
      verify: enqueueActions(({ event, enqueue }) => {
        if (event.type === 'TEXT') enqueue.emit({ type: 'quiz', request: { kind: 'verify', code: event.text } });
      }),
      pick: assign(({ context, event }, slot: string) => ({ slots: { ...context.slots, [slot]: eventChoiceId(event) } })),
      create: enqueueActions(({ context, event, enqueue }) => {
        const seconds = timeLimits[eventChoiceId(event) as keyof typeof timeLimits];
        enqueue.emit({
          type: 'quiz',
          request: { kind: 'create', band: bandOf(context), topic: String(context.slots.topic), count: Number(context.slots.count), seconds },
        });
      }),
      keep: assign(({ context, event }) => {
        const push = quizPushOf(event);
        if (push?.type === 'created') return { slots: { ...context.slots, code: push.code, questions: push.questions } };
        return {};
      }),
      showQuestion: enqueueActions(({ event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'question') return;
        const { view } = push;
        const options: Message[] = (view.question.choices ?? []).map((c) => ({
          key: 'quiz:host.option',
          vars: { letter: c.id.toUpperCase(), label: 'key' in c ? { key: c.key } : c.label },
        }));
        askFromAction(enqueue, {
            key: view.seconds ? 'quiz:host.questionTimed' : 'quiz:host.question',
            vars: { n: view.n, total: view.total, ...(view.seconds ? { seconds: view.seconds } : {}) },
            items: [{ key: view.question.key }, { key: 'quiz:lines', items: options }],
            choices: [{ id: 'next', key: 'quiz:host.reveal' }, end],
        });
      }),
      showReveal: enqueueActions(({ context, event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'reveal') return;
        const { last } = push;
        askFromAction(enqueue, {
            key: 'quiz:host.revealed',
            vars: { n: push.n, right: push.right, answered: push.answeredBy, players: push.players },
            items: [{ key: 'quiz:answerIs', vars: { answer: push.answer } }, push.explain],
            choices: [{ id: 'next', key: last ? 'quiz:host.results' : 'quiz:host.nextQuestion' }, end],
        });
      }),
      /** The summary to teach from, and the session counted: how many took part, and how they did. */
      wrapUp: enqueueActions(({ context, event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'finished' && push?.type !== 'closed') return;
        if (push.type === 'finished' && push.summary) enqueue.emit({ type: 'say', message: push.summary });
        if (push.type === 'closed') enqueue.emit({ type: 'say', message: { key: `quiz:host.closed.${push.reason}` } });
        const stats = push.stats ?? { players: 0, questions: 0, average: 0 };
        enqueue.emit({
          type: 'monitor',
          payload: {
            type: 'quiz_session_ended',
            audience: bandOf(context),
            questions: stats.questions,
            participants: stats.players,
            averageScore: Math.round(stats.average * 100) / 100,
          },
        });
      }),
      /** How many have joined so far, or that nobody has yet (after Start too early). */
      showStatus: enqueueActions(({ context, event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'status') return;
        const code = String(context.slots.code);
        const key = push.joined === 0 && push.groups === 0 ? 'quiz:host.nobodyYet' : push.groups > 0 ? 'quiz:host.joinedWithGroups' : 'quiz:host.joined';
        askFromAction(enqueue, { key, vars: { joined: push.joined, groups: push.groups, code }, choices: lobbyChoices });
      }),
      started: enqueueActions(({ context, event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'created') return;
        enqueue.emit({ type: 'monitor', payload: { type: 'quiz_session_started', audience: bandOf(context), questions: push.questions } });
      }),
    },
    guards: {
      codeOk: ({ event }) => { const p = quizPushOf(event); return p?.type === 'code' && p.verdict === 'ok'; },
      codeWait: ({ event }) => { const p = quizPushOf(event); return p?.type === 'code' && p.verdict === 'wait'; },
      codeWrong: ({ event }) => { const p = quizPushOf(event); return p?.type === 'code' && p.verdict === 'wrong'; },
      created: isQuizPush('created'),
      unavailable: isQuizPush('unavailable'),
      question: isQuizPush('question'),
      revealed: isQuizPush('reveal'),
      over: ({ event }) => isQuizPush('finished')({ event }) || isQuizPush('closed')({ event }),
      status: isQuizPush('status'),
      offeredCount: ({ context, event }) => event.type === 'CHOICE' && countsOf(context).map(String).includes(event.id),
      offeredTopic: ({ context, event }) => event.type === 'CHOICE' && bank.topicsFor(bandOf(context)).includes(event.id),
    },
  });

  const overTransition = { guard: 'over' as const, actions: 'wrapUp' as const, target: '#quizHost.over' };
  /** While a question is asked or answered: on to the answer or the next question, or end. */
  const moveOn = [
    { guard: { type: 'chose' as const, params: { id: 'next' } }, actions: { type: 'request' as const, params: { kind: 'next' as const } } },
    { guard: { type: 'chose' as const, params: { id: 'end' } }, actions: { type: 'request' as const, params: { kind: 'end' as const } } },
  ];

  return hostSetup.createMachine({
    id: 'quizHost',
    context: ({ input }) => initialContext(input),
    output: finalStateOutput,
    initial: 'code',
    states: {
      code: {
        entry: { type: 'ask', params: { key: 'quiz:host.code', acceptsText: true } },
        on: {
          TEXT: { actions: 'verify' },
          QUIZ: [
            { guard: 'codeOk', target: 'band' },
            { guard: 'codeWait', actions: { type: 'ask', params: { key: 'quiz:host.codeWait', acceptsText: true } } },
            { guard: 'codeWrong', actions: { type: 'ask', params: { key: 'quiz:host.codeWrong', acceptsText: true } } },
          ],
        },
      },
      band: {
        entry: {
          type: 'ask',
          params: { key: 'quiz:host.band', choices: quizBands.map((id) => ({ id, key: `quiz:band.${id}` })) },
        },
        on: { CHOICE: { guard: { type: 'choseOneOf', params: { ids: quizBands } }, actions: { type: 'pick', params: 'band' }, target: 'topic' } },
      },
      topic: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'quiz:host.topic',
            choices: bank.topicsFor(bandOf(context)).map((id) => ({ id, key: `quiz:topic.${id}` })),
          }),
        },
        on: { CHOICE: { guard: 'offeredTopic', actions: { type: 'pick', params: 'topic' }, target: 'count' } },
      },
      count: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'quiz:host.count',
            choices: countsOf(context).map((n) => ({ id: String(n), key: `quiz:host.questions${n}` })),
          }),
        },
        on: { CHOICE: { guard: 'offeredCount', actions: { type: 'pick', params: 'count' }, target: 'time' } },
      },
      time: {
        entry: {
          type: 'ask',
          params: { key: 'quiz:host.time', choices: Object.keys(timeLimits).map((id) => ({ id, key: `quiz:host.limit.${id}` })) },
        },
        on: {
          CHOICE: { guard: { type: 'choseOneOf', params: { ids: Object.keys(timeLimits) } }, actions: 'create' },
          QUIZ: [
            { guard: 'created', actions: ['keep', 'started'], target: 'lobby' },
            { guard: 'unavailable', actions: { type: 'say', params: { key: 'quiz:host.unavailable' } }, target: 'band' },
          ],
        },
      },
      lobby: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'quiz:host.lobby',
            vars: { code: String(context.slots.code), questions: Number(context.slots.questions) },
            // Links that join with one tap, where the service runs on Telegram.
            items: [{ key: 'quiz:host.telegramLinks', vars: { code: String(context.slots.code) }, needs: 'telegramBot' }],
            choices: lobbyChoices,
          }),
        },
        on: {
          CHOICE: [
            { guard: { type: 'chose', params: { id: 'start' } }, actions: { type: 'request', params: { kind: 'start' } } },
            { guard: { type: 'chose', params: { id: 'status' } }, actions: { type: 'request', params: { kind: 'status' } } },
            { guard: { type: 'chose', params: { id: 'end' } }, actions: { type: 'request', params: { kind: 'end' } } },
          ],
          QUIZ: [
            { guard: 'question', actions: 'showQuestion', target: 'asking' },
            { guard: 'status', actions: 'showStatus' },
            overTransition,
          ],
        },
      },
      asking: {
        on: {
          CHOICE: moveOn,
          QUIZ: [{ guard: 'revealed', actions: 'showReveal', target: 'revealed' }, overTransition],
        },
      },
      revealed: {
        on: {
          CHOICE: moveOn,
          QUIZ: [{ guard: 'question', actions: 'showQuestion', target: 'asking' }, overTransition],
        },
      },
      over: { type: 'final', output: { next: 'menu' } },
    },
  });
}
