import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import { privacyNoteKey } from './shared/privacyNoteKey.js';
import { toChosenState } from './shared/toChosenState.js';

const items = ['language', 'audience', 'privacy', 'eraseChat', 'forget'] as const;

/**
 * Privacy and settings: change language or age band, read what is kept and what never is, erase
 * this chat (for a child whose phone others check), and erase everything ("forget me").
 */
export const settingsMachine = dialogSetup.createMachine({
  id: 'settings',
  context: ({ input }) => initialContext(input),
  output: finalStateOutput,
  initial: 'choosing',
  states: {
    choosing: {
      entry: {
        type: 'ask',
        params: {
          key: 'settings:title',
          choices: items.map((id) => ({ id, key: `settings:item.${id}` })),
        },
      },
      on: {
        CHOICE: toChosenState(items),
      },
    },
    privacy: {
      entry: {
        type: 'ask',
        params: ({ context }) => ({
          key: privacyNoteKey(context.audience, 'full'),
          choices: [{ id: 'back', key: 'settings:back' }],
        }),
      },
      on: { CHOICE: { guard: { type: 'chose', params: { id: 'back' } }, target: 'choosing' } },
    },
    // The language dialog comes back here, to settings, in the new language.
    language: { type: 'final', output: { next: 'language', topic: 'settings' } },
    audience: { type: 'final', output: { next: 'audience' } },
    eraseChat: { type: 'final', output: { next: 'eraseChat' } },
    forget: { type: 'final', output: { next: 'forget' } },
  },
});
