import { Audience } from '../src/domain/Audience.js';
import { audienceChoices } from './shared/audienceChoices.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import { eventChoiceId } from './shared/eventChoiceId.js';

/** Change the age band or role. The menu and content follow it, so it ends at the menu. */
export const audienceMachine = dialogSetup.createMachine({
  id: 'audience',
  context: ({ input }) => initialContext(input),
  output: finalStateOutput,
  initial: 'choosing',
  states: {
    choosing: {
      entry: { type: 'ask', params: { key: 'settings:audience.question', choices: audienceChoices } },
      on: {
        CHOICE: {
          guard: { type: 'choseOneOf', params: { ids: Audience.options } },
          target: 'done',
          actions: [
            { type: 'prefs', params: ({ event }) => ({ audience: Audience.parse(eventChoiceId(event)) }) },
            {
              type: 'monitor',
              params: ({ event }) => ({ type: 'audience_set', audience: Audience.parse(eventChoiceId(event)) }),
            },
            { type: 'say', params: { key: 'settings:audience.changed' } },
          ],
        },
      },
    },
    done: { type: 'final', output: { next: 'menu' } },
  },
});
