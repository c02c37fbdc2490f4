import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import { privacyNoteKey } from './shared/privacyNoteKey.js';

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
          choices: [
            { id: 'language', key: 'settings:item.language' },
            { id: 'audience', key: 'settings:item.audience' },
            { id: 'privacy', key: 'settings:item.privacy' },
            { id: 'eraseChat', key: 'settings:item.eraseChat' },
            { id: 'forget', key: 'settings:item.forget' },
          ],
        },
      },
      on: {
        CHOICE: [
          { guard: { type: 'chose', params: { id: 'language' } }, target: 'language' },
          { guard: { type: 'chose', params: { id: 'audience' } }, target: 'audience' },
          { guard: { type: 'chose', params: { id: 'privacy' } }, target: 'privacy' },
          { guard: { type: 'chose', params: { id: 'eraseChat' } }, target: 'eraseChat' },
          { guard: { type: 'chose', params: { id: 'forget' } }, target: 'forget' },
        ],
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
    language: { type: 'final', output: { next: 'language' } },
    audience: { type: 'final', output: { next: 'audience' } },
    eraseChat: { type: 'final', output: { next: 'eraseChat' } },
    forget: { type: 'final', output: { next: 'forget' } },
  },
});
