import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';

/**
 * "Forget me": one confirmation, then the engine erases the user's session and preferences.
 * Saying no goes back to where the user was, unchanged.
 */
export const forgetMachine = dialogSetup.createMachine({
  id: 'forget',
  context: ({ input }) => initialContext(input),
  output: finalStateOutput,
  initial: 'confirming',
  states: {
    confirming: {
      entry: {
        type: 'ask',
        params: {
          key: 'settings:forget.confirm',
          choices: [
            { id: 'yes', key: 'settings:forget.yes' },
            { id: 'no', key: 'settings:forget.no' },
          ],
        },
      },
      on: {
        CHOICE: [
          { guard: { type: 'chose', params: { id: 'yes' } }, target: 'erase' },
          {
            guard: { type: 'chose', params: { id: 'no' } },
            target: 'kept',
            actions: { type: 'say', params: { key: 'settings:forget.kept' } },
          },
        ],
      },
    },
    erase: { type: 'final', output: { next: 'erase' } },
    kept: { type: 'final', output: { next: 'resume' } },
  },
});
