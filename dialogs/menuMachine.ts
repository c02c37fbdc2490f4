import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import { toChosenState } from './shared/toChosenState.js';

/**
 * The main menu. It lists only features that exist (the club quiz for patrons only); help is added by the engine to every prompt,
 * so it is always the last choice here too.
 */
export const menuMachine = dialogSetup.createMachine({
  id: 'menu',
  context: ({ input }) => initialContext(input),
  output: finalStateOutput,
  initial: 'choosing',
  states: {
    choosing: {
      entry: {
        type: 'ask',
        params: ({ context }) => ({
          key: 'menu:title',
          choices: [
            { id: 'lessons', key: 'menu:item.lessons' },
            ...(context.audience === 'patron' ? [{ id: 'quiz', key: 'menu:item.quiz' }] : []),
            { id: 'referral', key: 'menu:item.referral' },
            { id: 'settings', key: 'menu:item.settings' },
          ],
        }),
      },
      on: {
        CHOICE: toChosenState(['lessons', 'quiz', 'referral', 'settings']),
      },
    },
    lessons: { type: 'final', output: { next: 'lessons' } },
    quiz: { type: 'final', output: { next: 'quizHost' } },
    referral: { type: 'final', output: { next: 'referral' } },
    settings: { type: 'final', output: { next: 'settings' } },
  },
});
