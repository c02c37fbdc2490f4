import { Audience } from '../src/domain/Audience.js';
import { Locale } from '../src/domain/Locale.js';
import { audienceChoices } from './shared/audienceChoices.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { eventChoiceId } from './shared/eventChoiceId.js';
import { languageChoices } from './shared/languageChoices.js';
import { privacyNoteKey } from './shared/privacyNoteKey.js';

const gotIt = { id: 'ok', key: 'onboarding:privacy.ok' };
const tellMeMore = { id: 'more', key: 'onboarding:privacy.more' };

/**
 * First contact: greet, pick a language, say who you are (an age band or an adult role), read a short
 * privacy note made for that band, then the menu. Nothing is asked that is not needed.
 */
export const onboardingMachine = dialogSetup.createMachine({
  id: 'onboarding',
  context: ({ input }) => initialContext(input),
  initial: 'language',
  states: {
    language: {
      entry: [
        { type: 'say', params: { key: 'onboarding:welcome' } },
        { type: 'ask', params: { key: 'onboarding:language', choices: languageChoices } },
      ],
      on: {
        CHOICE: {
          guard: { type: 'choseOneOf', params: { ids: Locale.options } },
          target: 'audience',
          actions: { type: 'prefs', params: ({ event }) => ({ locale: Locale.parse(eventChoiceId(event)) }) },
        },
      },
    },
    audience: {
      entry: { type: 'ask', params: { key: 'onboarding:audience', choices: audienceChoices } },
      on: {
        CHOICE: {
          guard: { type: 'choseOneOf', params: { ids: Audience.options } },
          target: 'privacy',
          actions: [
            { type: 'rememberAudience', params: ({ event }) => Audience.parse(eventChoiceId(event)) },
            { type: 'prefs', params: ({ context }) => ({ audience: context.audience ?? undefined }) },
            {
              type: 'monitor',
              params: ({ event }) => ({ type: 'audience_set', audience: Audience.parse(eventChoiceId(event)) }),
            },
          ],
        },
      },
    },
    privacy: {
      entry: {
        type: 'ask',
        params: ({ context }) => ({ key: privacyNoteKey(context.audience, 'short'), choices: [gotIt, tellMeMore] }),
      },
      on: {
        CHOICE: [
          { guard: { type: 'chose', params: { id: 'ok' } }, target: 'done' },
          { guard: { type: 'chose', params: { id: 'more' } }, target: 'privacyMore' },
        ],
      },
    },
    privacyMore: {
      entry: {
        type: 'ask',
        params: ({ context }) => ({ key: privacyNoteKey(context.audience, 'full'), choices: [gotIt] }),
      },
      on: { CHOICE: { guard: { type: 'chose', params: { id: 'ok' } }, target: 'done' } },
    },
    done: { type: 'final' },
  },
  output: { next: 'menu' },
});
