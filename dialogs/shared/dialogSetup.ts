import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Audience } from '../../src/domain/Audience.js';
import { noLessonProgress } from '../../src/domain/LessonProgress.js';
import type { Locale } from '../../src/domain/Locale.js';
import type { MonitoringPayload } from '../../src/events/MonitoringEvent.js';
import type { DialogContext } from './DialogContext.js';
import type { DialogEmitted } from './DialogEmitted.js';
import type { DialogEvent } from './DialogEvent.js';
import type { DialogInput, DialogOutput } from './DialogIO.js';
import type { Message } from './Message.js';

/**
 * The shared vocabulary of every dialog machine: the same types, the `ask`/`say`/`monitor`/`prefs`
 * actions and the `chose` guard. Machines built from it stay pure and look alike, so a newcomer
 * who has read one has read them all.
 */
export const dialogSetup = setup({
  types: {} as {
    context: DialogContext;
    events: DialogEvent;
    input: DialogInput;
    output: DialogOutput;
    emitted: DialogEmitted;
  },
  actions: {
    /** Say a message that waits for an answer, and remember it so the engine can repeat it. */
    ask: enqueueActions(({ enqueue }, message: Message) => {
      enqueue.assign({ prompt: message });
      enqueue.emit({ type: 'say', message });
    }),
    /** Say a message that needs no answer. */
    say: emit((_, message: Message) => ({ type: 'say' as const, message })),
    monitor: emit((_, payload: MonitoringPayload) => ({ type: 'monitor' as const, payload })),
    prefs: emit((_, prefs: { locale?: Locale; audience?: Audience }) => ({ type: 'prefs' as const, ...prefs })),
    rememberAudience: assign((_, audience: Audience) => ({ audience })),
    /** Keep closed-set values (ids, codes, page numbers) for later turns. */
    remember: assign(({ context }, slots: Record<string, string | number | null>) => ({
      slots: { ...context.slots, ...slots },
    })),
    /** The crisis wording is said once; going round again shows the ordinary one. */
    calm: assign({ crisis: false, checkin: false, offerLocale: null }),
  },
  guards: {
    chose: ({ event }, params: { id: string }) => event.type === 'CHOICE' && event.id === params.id,
    choseOneOf: ({ event }, params: { ids: readonly string[] }) =>
      event.type === 'CHOICE' && params.ids.includes(event.id),
    canResume: ({ context }) => context.canResume,
    topicIs: ({ context }, params: { id: string }) => context.topic === params.id,
    isAdult: ({ context }) => context.audience === 'caregiver' || context.audience === 'patron',
    isCrisis: ({ context }) => context.crisis,
    isCheckin: ({ context }) => context.checkin,
  },
});

/** The context a dialog starts with. */
export function initialContext(input: DialogInput): DialogContext {
  return {
    prompt: null,
    audience: input.audience,
    canResume: input.canResume,
    crisis: input.crisis,
    checkin: input.checkin,
    offerLocale: input.offerLocale,
    topic: input.topic,
    slots: input.county ? { county: input.county } : {},
    lessons: noLessonProgress(),
  };
}
