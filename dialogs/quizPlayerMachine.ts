import { enqueueActions } from 'xstate';
import { askFromAction } from './shared/askFromAction.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import { isQuizPush, quizPushOf } from './shared/quizPushOf.js';


/**
 * A child's own view of a club quiz: their nickname, each question with its options as choices,
 * "answer saved", the right answer with its one-line explanation, and at the end their score and the
 * top nicknames with points (never anyone's zero). "leave" (or stop) leaves at once. The quiz itself lives in the quiz hub; this
 * dialog only shows what it pushes and sends back the option chosen, never anything typed.
 */
export const quizPlayerMachine = dialogSetup
  .extend({
    actions: {
      /** The question, with its options as choices, numbered on text channels. */
      showQuestion: enqueueActions(({ event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'question') return;
        const { view } = push;
        askFromAction(enqueue, {
          key: view.seconds ? 'quiz:player.questionTimed' : 'quiz:player.question',
          vars: { n: view.n, total: view.total, ...(view.seconds ? { seconds: view.seconds } : {}) },
          items: [{ key: view.question.key }],
          choices: view.question.choices ?? [],
        });
      }),
      answer: enqueueActions(({ event, enqueue }) => {
        if (event.type === 'CHOICE') enqueue.emit({ type: 'quiz', request: { kind: 'answer', option: event.id } });
      }),
      saved: enqueueActions(({ enqueue }) => askFromAction(enqueue, { key: 'quiz:player.answered', acceptsText: true })),
      /** Between questions, whatever is typed gets the same kind answer: wait, or leave, or ask for help. */
      hold: enqueueActions(({ enqueue }) => askFromAction(enqueue, { key: 'quiz:player.hold', acceptsText: true })),
      showReveal: enqueueActions(({ event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type !== 'reveal') return;
        const verdict = push.correct === null ? 'quiz:player.noAnswer' : push.correct ? 'quiz:player.right' : 'quiz:player.wrong';
        enqueue.emit({
          type: 'say',
          message: { key: verdict, items: [{ key: 'quiz:answerIs', vars: { answer: push.answer } }, push.explain] },
        });
        askFromAction(enqueue, { key: push.last ? 'quiz:player.resultsSoon' : 'quiz:player.nextSoon', acceptsText: true });
      }),
      showEnd: enqueueActions(({ event, enqueue }) => {
        const push = quizPushOf(event);
        if (push?.type === 'finished') {
          // The leaderboard lists only players who scored: with nobody on it there is none to show,
          // and a child's own zero is said kindly, to them alone.
          const key = push.top.length === 0 ? 'quiz:player.finishedNoTop' : push.score === 0 ? 'quiz:player.finishedZero' : 'quiz:player.finished';
          enqueue.emit({
            type: 'say',
            message: { key, vars: { score: push.score, total: push.total }, items: [{ key: 'quiz:lines', items: push.top }] },
          });
        }
        if (push?.type === 'closed') enqueue.emit({ type: 'say', message: { key: `quiz:player.closed.${push.reason}` } });
      }),
      leave: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'quiz', request: { kind: 'leave' } })),
    },
    guards: {
      joined: ({ context }) => context.slots.joined === 1,
      question: isQuizPush('question'),
      answered: isQuizPush('answered'),
      revealed: isQuizPush('reveal'),
      over: ({ event }) => isQuizPush('finished')({ event }) || isQuizPush('closed')({ event }),
      option: ({ context, event }) =>
        event.type === 'CHOICE' && event.id !== 'leave' && (context.prompt?.choices ?? []).some((c) => c.id === event.id),
    },
  })
  .createMachine({
    id: 'quizPlayer',
    context: ({ input }) => {
      const push = input.push;
      // The nickname's words are ids from seeds/quiz.json, never a name.
      const slots: Record<string, string | number> = push?.type === 'joined' ? { joined: 1, started: push.started ? 1 : 0, adjective: push.adjective, animal: push.animal } : {};
      return { ...initialContext(input), slots };
    },
    output: finalStateOutput,
    initial: 'start',
    on: {
      QUIZ: [{ guard: 'over', actions: 'showEnd', target: '.over' }],
      // Sent by the engine for "leave" (or "ondoka"): there is no Leave button, so a stray tap cannot leave.
      CHOICE: { guard: { type: 'chose', params: { id: 'leave' } }, actions: 'leave', target: '.left' },
    },
    states: {
      start: { always: [{ guard: 'joined', target: 'waiting' }, { target: 'over' }] },
      waiting: {
        entry: enqueueActions(({ context, enqueue }) =>
          askFromAction(enqueue, {
            key: context.slots.started ? 'quiz:player.joinedLate' : 'quiz:player.joined',
            vars: { adjective: { key: `quiz:adjective.${context.slots.adjective}` }, animal: { key: `quiz:animal.${context.slots.animal}` } },
            acceptsText: true,
          }),
        ),
        on: { QUIZ: { guard: 'question', actions: 'showQuestion', target: 'answering' }, TEXT: { actions: 'hold' } },
      },
      answering: {
        on: {
          CHOICE: { guard: 'option', actions: 'answer' },
          QUIZ: [
            { guard: 'answered', actions: 'saved', target: 'answered' },
            { guard: 'revealed', actions: 'showReveal', target: 'between' },
            { guard: 'question', actions: 'showQuestion', target: 'answering', reenter: true },
          ],
        },
      },
      answered: {
        on: {
          TEXT: { actions: 'hold' },
          QUIZ: [
            { guard: 'revealed', actions: 'showReveal', target: 'between' },
            { guard: 'question', actions: 'showQuestion', target: 'answering' },
          ],
        },
      },
      between: { on: { QUIZ: { guard: 'question', actions: 'showQuestion', target: 'answering' }, TEXT: { actions: 'hold' } } },
      left: { entry: { type: 'say', params: { key: 'quiz:player.left' } }, type: 'final', output: { next: 'menu' } },
      over: { type: 'final', output: { next: 'menu' } },
    },
  });
