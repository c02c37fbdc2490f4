import { Locale } from '../src/domain/Locale.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import { eventChoiceId } from './shared/eventChoiceId.js';
import { languageChoices } from './shared/languageChoices.js';

/** Switch language at any time, then carry on where the user was (or in settings, if opened there), now in the new language. */
export const languageMachine = dialogSetup.createMachine({
  id: 'language',
  context: ({ input }) => initialContext(input),
  output: finalStateOutput,
  initial: 'choosing',
  states: {
    choosing: {
      entry: { type: 'ask', params: { key: 'settings:language.question', choices: languageChoices } },
      on: {
        CHOICE: {
          guard: { type: 'choseOneOf', params: { ids: Locale.options } },
          target: 'done',
          actions: [
            { type: 'prefs', params: ({ event }) => ({ locale: Locale.parse(eventChoiceId(event)) }) },
            { type: 'say', params: { key: 'settings:language.changed' } },
          ],
        },
      },
    },
    // Opened from settings: back to settings. Opened by the command: back to where the user was.
    done: { type: 'final', output: ({ context }) => ({ next: context.topic === 'settings' ? ('settings' as const) : ('resume' as const) }) },
  },
});
