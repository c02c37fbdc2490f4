import { assign, enqueueActions } from 'xstate';
import type { Audience } from '../src/domain/Audience.js';
import { type ClubAges, type QuizBank, clubAges } from '../src/quiz/QuizBank.js';
import type { DialogContext } from './shared/DialogContext.js';
import type { DialogEvent } from './shared/DialogEvent.js';
import { askFromAction } from './shared/askFromAction.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { eventChoiceId } from './shared/eventChoiceId.js';
import type { ChoiceRef, Message } from './shared/Message.js';
import { isQuizPush, quizPushOf } from './shared/quizPushOf.js';
import type { QuizRequest } from './shared/QuizRequest.js';
import { finalStateOutput } from './shared/finalStateOutput.js';

const end: ChoiceRef = { id: 'end', key: 'quiz:host.end' };
/** Every step of setting a quiz up goes back one step; from the first, back to the menu. */
const back: ChoiceRef = { id: 'back', key: 'quiz:host.back' };
const askCode: Message = { key: 'quiz:host.code', acceptsText: true, choices: [back] };
const lobbyChoices: ChoiceRef[] = [{ id: 'start', key: 'quiz:host.start' }, { id: 'status', key: 'quiz:host.status' }, end];
const timeLimits = { none: null, s30: 30, s60: 60 } as const;

/** A guard: the hub's word on patron codes is this verdict. */
const codeIs =
  (verdict: 'ask' | 'unset' | 'ok' | 'wrong' | 'wait') =>
  ({ event }: { event: DialogEvent }): boolean => {
    const push = quizPushOf(event);
    return push?.type === 'code' && push.verdict === verdict;
  };

/** How long to wait, said the way people say it: 30 seconds, 1 minute, 4 minutes, 1 hour. */
function waitFor(seconds: number): Message {
  const rounded = Math.max(5, Math.ceil(seconds / 5) * 5);
  if (rounded < 60) return { key: 'quiz:wait.seconds', vars: { seconds: rounded } };
  const minutes = Math.ceil(seconds / 60);
  if (minutes >= 60) return { key: 'quiz:wait.hour' };
  return minutes === 1 ? { key: 'quiz:wait.minute' } : { key: 'quiz:wait.minutes', vars: { count: minutes } };
}


/**
 * Run a quiz, for a club patron: a patron access code (checked by the quiz hub, never kept; on a
 * service with no codes the patron is told so, and whom to ask), the club's ages (one band or
 * mixed), a topic or "mixed", 5, 10 or 15 questions and an optional time limit, each step with
 * Back. Then a join code to read out, with where to send it (the bot's Telegram name and WhatsApp
 * number, where known), and the controls: start, show the answer, next, end. The patron sees each
 * question with its options numbered as the children see them, how many answered and got it
 * right, and at the end a summary to teach from. Children's names, numbers and handles never reach
 * this dialog: only counts and nicknames.
 */
export function createQuizHostMachine(bank: QuizBank) {
  const bandOf = (context: DialogContext) => context.slots.band as ClubAges;
  // A mixed-age club has no one band: its sessions count as "mixed ages".
  const audienceOf = (context: DialogContext): Audience | 'mixed' => (bandOf(context) === 'mixed' ? 'mixed' : (bandOf(context) as Audience));
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
        if (push?.type === 'created') return { slots: { ...context.slots, code: push.code, questions: push.questions, whatsapp: push.whatsapp } };
        return {};
      }),
      /** A wrong code; after too many, when the next try may be made. */
      wrongCode: enqueueActions(({ event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'code' || push.verdict !== 'wrong') return;
        if (push.seconds === 0) return askFromAction(enqueue, { ...askCode, key: 'quiz:host.codeWrong' });
        askFromAction(enqueue, { ...askCode, key: 'quiz:host.codeWrongWait', items: [waitFor(push.seconds)] });
      }),
      /** A code typed too soon after wrong ones: how long is left. */
      waitCode: enqueueActions(({ event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'code' || push.verdict !== 'wait') return;
        askFromAction(enqueue, { ...askCode, key: 'quiz:host.codeWait', items: [waitFor(push.seconds)] });
      }),
      showQuestion: enqueueActions(({ event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'question') return;
        const { view } = push;
        // Numbered as the children's chats number them (1, 2, 3), so "number 2" means the same to all.
        const options: Message[] = (view.question.choices ?? []).map((c, i) => ({
          key: 'quiz:host.option',
          vars: { n: i + 1, label: 'key' in c ? { key: c.key } : c.label },
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
            audience: audienceOf(context),
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
        enqueue.emit({ type: 'monitor', payload: { type: 'quiz_session_started', audience: audienceOf(context), questions: push.questions } });
      }),
    },
    guards: {
      codeAsk: codeIs('ask'),
      codeUnset: codeIs('unset'),
      codeOk: codeIs('ok'),
      codeWait: codeIs('wait'),
      codeWrong: codeIs('wrong'),
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
        // The question is kept, and said only once the hub says this service has patron codes at all.
        entry: [assign({ prompt: askCode }), { type: 'request', params: { kind: 'open' } }],
        on: {
          TEXT: { actions: 'verify' },
          CHOICE: { guard: { type: 'chose', params: { id: 'back' } }, target: 'over' },
          QUIZ: [
            { guard: 'codeAsk', actions: { type: 'ask', params: askCode } },
            { guard: 'codeUnset', actions: { type: 'say', params: { key: 'quiz:host.notSetUp' } }, target: 'over' },
            { guard: 'codeOk', target: 'band' },
            { guard: 'codeWait', actions: 'waitCode' },
            { guard: 'codeWrong', actions: 'wrongCode' },
          ],
        },
      },
      band: {
        entry: {
          type: 'ask',
          params: { key: 'quiz:host.band', choices: [...clubAges.map((id) => ({ id, key: `quiz:band.${id}` })), back] },
        },
        on: {
          CHOICE: [
            { guard: { type: 'choseOneOf', params: { ids: clubAges } }, actions: { type: 'pick', params: 'band' }, target: 'topic' },
            { guard: { type: 'chose', params: { id: 'back' } }, target: 'code' },
          ],
        },
      },
      topic: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            // A mixed-age club is told that its questions are the ones made for the youngest.
            key: bandOf(context) === 'mixed' ? 'quiz:host.topicMixed' : 'quiz:host.topic',
            choices: [...bank.topicsFor(bandOf(context)).map((id) => ({ id, key: `quiz:topic.${id}` })), back],
          }),
        },
        on: {
          CHOICE: [
            { guard: 'offeredTopic', actions: { type: 'pick', params: 'topic' }, target: 'count' },
            { guard: { type: 'chose', params: { id: 'back' } }, target: 'band' },
          ],
        },
      },
      count: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'quiz:host.count',
            choices: [...countsOf(context).map((n) => ({ id: String(n), key: `quiz:host.questions${n}` })), back],
          }),
        },
        on: {
          CHOICE: [
            { guard: 'offeredCount', actions: { type: 'pick', params: 'count' }, target: 'time' },
            { guard: { type: 'chose', params: { id: 'back' } }, target: 'topic' },
          ],
        },
      },
      time: {
        entry: {
          type: 'ask',
          params: { key: 'quiz:host.time', choices: [...Object.keys(timeLimits).map((id) => ({ id, key: `quiz:host.limit.${id}` })), back] },
        },
        on: {
          CHOICE: [
            { guard: { type: 'choseOneOf', params: { ids: Object.keys(timeLimits) } }, actions: 'create' },
            { guard: { type: 'chose', params: { id: 'back' } }, target: 'count' },
          ],
          QUIZ: [
            { guard: 'created', actions: ['keep', 'started'], target: 'lobby' },
            { guard: 'unavailable', actions: { type: 'say', params: { key: 'quiz:host.unavailable' } }, target: 'band' },
          ],
        },
      },
      lobby: {
        entry: {
          type: 'ask',
          params: ({ context }) => {
            const code = String(context.slots.code);
            const whatsapp = context.slots.whatsapp;
            // What the children are told: what to send, and to whom (the bot's WhatsApp number when
            // configured, its Telegram name while the Telegram channel runs).
            const telegramName: Message = { key: 'quiz:host.telegramName', needs: 'telegramBot' };
            const readOut: Message = whatsapp
              ? { key: 'quiz:host.readOutWhatsApp', vars: { code, bot: String(whatsapp) }, items: [telegramName] }
              : { key: 'quiz:host.readOut', vars: { code }, items: [telegramName] };
            return {
              key: 'quiz:host.lobby',
              vars: { code, questions: Number(context.slots.questions) },
              items: [
                readOut,
                // A Telegram group playing together, and links that join with one tap.
                { key: 'quiz:host.telegramGroup', vars: { code }, needs: 'telegramBot' },
                { key: 'quiz:host.telegramLinks', vars: { code }, needs: 'telegramBot' },
              ],
              choices: lobbyChoices,
            };
          },
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
