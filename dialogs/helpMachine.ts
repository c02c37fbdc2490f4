import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import type { ChoiceRef } from './shared/Message.js';

const back: ChoiceRef = { id: 'back', key: 'help:back' };
const menu: ChoiceRef = { id: 'menu', key: 'common:choice.menu' };

/**
 * What to do right now: the free 24-hour child helpline, the police in danger, the GBV line.
 * Opened by the help command from anywhere, or by crisis detection (then it says so first).
 * It offers to go back to where the user was, so asking for help never costs them their place.
 */
export const helpMachine = dialogSetup.createMachine({
  id: 'help',
  context: ({ input }) => initialContext(input),
  output: finalStateOutput,
  initial: 'now',
  states: {
    now: {
      entry: [
        { type: 'monitor', params: { type: 'help_viewed', option: '999_112' } },
        { type: 'monitor', params: { type: 'help_viewed', option: '116' } },
        { type: 'monitor', params: { type: 'help_viewed', option: '1195' } },
        {
          type: 'ask',
          params: ({ context }) => ({
            key: context.crisis ? 'help:crisis' : 'help:now',
            choices: context.canResume ? [back, menu] : [menu],
          }),
        },
      ],
      on: {
        CHOICE: [
          { guard: { type: 'chose', params: { id: 'back' } }, target: 'back' },
          { guard: { type: 'chose', params: { id: 'menu' } }, target: 'menu' },
        ],
      },
    },
    back: { type: 'final', output: { next: 'resume' } },
    menu: { type: 'final', output: { next: 'menu' } },
  },
});
