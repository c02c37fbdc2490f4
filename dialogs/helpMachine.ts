import { and, not } from 'xstate';
import type { Audience } from '../src/domain/Audience.js';
import { Need } from '../src/domain/Need.js';
import type { HelpGuide } from '../src/seeds/HelpGuide.js';
import type { Seeds } from '../src/seeds/loadSeeds.js';
import type { DialogContext } from './shared/DialogContext.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import type { ChoiceRef, Message } from './shared/Message.js';
import { createPlaces } from './shared/placesMessage.js';

const back: ChoiceRef = { id: 'back', key: 'help:back' };
const menu: ChoiceRef = { id: 'menu', key: 'common:choice.menu' };
const other: ChoiceRef = { id: 'other', key: 'help:other' };
/** In a list of what happened, Back goes to the first help screen; a typed "back" or "rudi" takes it too. */
const toHelpList: ChoiceRef = { id: 'back', key: 'help:backToList' };
const findServices: ChoiceRef = { id: 'services', key: 'help:findServices' };
const morePlaces: ChoiceRef = { id: 'services', key: 'referral:choice.more' };
const checkin = (id: string): ChoiceRef => ({ id, key: `help:checkin.choice.${id}` });
/** "No, carry on" is the way back, so a typed "back" or "rudi" takes it too. */
const carryOn: ChoiceRef = { id: 'back', key: 'help:checkin.choice.carryOn' };

/** The one-tap way back to the user's own language, under the first answer given in their message's language. */
const withLanguageOffer = (context: DialogContext, choices: ChoiceRef[]): ChoiceRef[] =>
  context.offerLocale ? [{ id: `locale_${context.offerLocale}`, key: `help:answerIn.${context.offerLocale}` }, ...choices] : choices;
const offeredLocale = /^locale_(en|sw)$/;

/**
 * Get help. First, always, what to do right now: the police in danger, the free 24-hour child
 * helpline, the GBV line. Then, in a tap or two, what is going on (something online, something in
 * person, feelings, a friend, a child in your care) and the steps for that situation. Groups and
 * situations come from seeds/help-guide.json, so a new situation is data and text, not code.
 * Opened by the help command from anywhere; by crisis detection, which names what to do right now
 * for the situation it saw (help:urgent.<page>) before that page's steps, and shows places in a
 * county the message named; by a check-in, a gentle question about a message the bot could not
 * place; or by a question about a topic ("what is sextortion?"), which goes straight to its steps.
 * It offers to go back to where the user was, so asking for help never costs them their place.
 */
export function createHelpMachine(guide: HelpGuide, seeds: Seeds) {
  const options = new Map(seeds.nationalServices.map((s) => [s.id, s.reportingOption]));
  const places = createPlaces(seeds);
  const counted = (ids: string[]) =>
    ids.flatMap((id) => {
      const option = options.get(id);
      return option ? [{ type: 'monitor' as const, params: { type: 'help_viewed' as const, option } }] : [];
    });
  const groupsFor = (audience: Audience | null) => guide.groups.filter((g) => audience === null || g.audiences.includes(audience));
  const onwards = (context: DialogContext, findOrMore: ChoiceRef): ChoiceRef[] =>
    withLanguageOffer(context, [findOrMore, other, ...(context.canResume ? [back] : []), menu]);
  const leave = [
    { guard: { type: 'chose' as const, params: { id: 'services' } }, target: 'services' },
    { guard: { type: 'chose' as const, params: { id: 'other' } }, target: 'now' },
    { guard: { type: 'chose' as const, params: { id: 'back' } }, target: 'back' },
    { guard: { type: 'chose' as const, params: { id: 'menu' } }, target: 'menu' },
  ];
  const adult = (context: DialogContext) => context.audience === 'caregiver' || context.audience === 'patron';
  const groupTarget = (id: string) => {
    const group = guide.groups.find((g) => g.id === id);
    return group && group.situations.length > 1 ? `group_${id}` : (group?.situations[0] ?? 'now');
  };

  const groupStates = Object.fromEntries(
    guide.groups
      .filter((g) => g.situations.length > 1)
      .map((g) => [
        `group_${g.id}`,
        {
          entry: {
            type: 'ask' as const,
            params: {
              key: `help:group.${g.id}.question`,
              choices: [...g.situations.map((id) => ({ id, key: `help:situation.${id}.label` })), other, toHelpList, menu],
            },
          },
          on: {
            CHOICE: [
              ...g.situations.map((id) => ({ guard: { type: 'chose' as const, params: { id } }, target: id })),
              { guard: { type: 'chose' as const, params: { id: 'other' } }, target: 'describe' },
              { guard: { type: 'chose' as const, params: { id: 'back' } }, target: 'now' },
              { guard: { type: 'chose' as const, params: { id: 'menu' } }, target: 'menu' },
            ],
          },
        },
      ]),
  );

  /** A page's steps; when the message named a county, the steps are said and the places there are asked after them. */
  const page = (id: string, need: string) =>
    dialogSetup.enqueueActions(({ context, enqueue }) => {
      const steps: Message = { key: `help:situation.${id}.steps` };
      const county = context.slots.county ? String(context.slots.county) : null;
      if (!county || !places.counties.has(county)) {
        enqueue({ type: 'ask', params: { ...steps, choices: onwards(context, findServices) } });
        return;
      }
      enqueue({ type: 'say', params: steps });
      enqueue({ type: 'monitor', params: { type: 'referral_lookup', county, need: Need.parse(need), results: places.servicesFor(county, need).length } });
      enqueue({ type: 'ask', params: { ...places.message(county, need, 0).message, choices: onwards(context, morePlaces) } });
    });

  const situationStates = Object.fromEntries(
    guide.situations.map((s) => [
      s.id,
      {
        entry: [...counted(s.services), page(s.id, s.need), { type: 'remember' as const, params: { need: s.need } }, 'calm'],
        on: { CHOICE: leave },
      },
    ]),
  );

  return dialogSetup.createMachine({
    id: 'help',
    context: ({ input }) => initialContext(input),
    output: finalStateOutput,
    initial: 'start',
    on: {
      // "Continue in English": the user's language back, and the same question again in it.
      CHOICE: {
        guard: ({ context, event }) =>
          event.type === 'CHOICE' && offeredLocale.test(event.id) && Boolean(context.prompt?.choices?.some((c) => c.id === event.id)),
        actions: dialogSetup.enqueueActions(({ context, event, enqueue }) => {
          const locale = event.type === 'CHOICE' ? offeredLocale.exec(event.id)?.[1] : undefined;
          const prompt = context.prompt;
          if (locale !== 'en' && locale !== 'sw') return;
          enqueue({ type: 'prefs', params: { locale } });
          if (prompt) enqueue({ type: 'ask', params: { ...prompt, choices: (prompt.choices ?? []).filter((c) => !offeredLocale.test(c.id)) } });
        }),
      },
    },
    states: {
      start: {
        always: [
          { guard: 'isCheckin', target: 'checkin' },
          ...guide.situations.flatMap((s) => [
            ...(s.urgent
              ? [
                  {
                    guard: and([{ type: 'topicIs', params: { id: s.id } }, 'isCrisis']),
                    target: s.id,
                    actions: { type: 'say' as const, params: { key: `help:urgent.${s.id}` } },
                  },
                ]
              : []),
            ...(s.forAdults
              ? [{ guard: and([{ type: 'topicIs', params: { id: s.id } }, 'isAdult', not('isCrisis')]), target: s.forAdults }]
              : []),
            { guard: { type: 'topicIs' as const, params: { id: s.id } }, target: s.id },
          ]),
          { target: 'now' },
        ],
      },
      checkin: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: adult(context) ? 'help:checkin.questionAdult' : 'help:checkin.question',
            choices: withLanguageOffer(
              context,
              adult(context)
                ? [checkin('now'), checkin('child'), carryOn, menu]
                : [checkin('now'), checkin('online'), checkin('bullying'), checkin('feelings'), carryOn, menu],
            ),
          }),
        },
        exit: 'calm',
        on: {
          CHOICE: [
            { guard: { type: 'chose', params: { id: 'now' } }, target: 'now' },
            { guard: { type: 'chose', params: { id: 'online' } }, target: groupTarget('online') },
            { guard: { type: 'chose', params: { id: 'bullying' } }, target: 'bullying' },
            { guard: { type: 'chose', params: { id: 'feelings' } }, target: groupTarget('feelings') },
            { guard: { type: 'chose', params: { id: 'child' } }, target: groupTarget('child') },
            { guard: { type: 'chose', params: { id: 'back' } }, target: 'back' },
            { guard: { type: 'chose', params: { id: 'menu' } }, target: 'menu' },
          ],
        },
      },
      now: {
        entry: [
          dialogSetup.enqueueActions(({ context, enqueue }) => {
            for (const action of counted(context.crisis ? guide.now.crisisServices : guide.now.services)) enqueue(action);
          }),
          {
            type: 'ask',
            params: ({ context }) => ({
              key: context.crisis ? 'help:crisis' : 'help:now',
              choices: [
                ...(context.crisis ? withLanguageOffer(context, []) : []),
                ...groupsFor(context.audience).map((g) => ({ id: g.id, key: `help:group.${g.id}.label` })),
                ...(context.canResume ? [back] : []),
                menu,
              ],
            }),
          },
        ],
        exit: 'calm',
        on: {
          CHOICE: [
            ...guide.groups.map((g) => ({
              guard: { type: 'chose' as const, params: { id: g.id } },
              target: groupTarget(g.id),
            })),
            { guard: { type: 'chose', params: { id: 'back' } }, target: 'back' },
            { guard: { type: 'chose', params: { id: 'menu' } }, target: 'menu' },
          ],
        },
      },
      ...groupStates,
      ...situationStates,
      /**
       * "Something else" under a list of what happened: tell it in your own words. Crisis detection
       * reads what is typed first, as everywhere; what it cannot place is answered here.
       */
      describe: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: adult(context) ? 'help:describe.questionAdult' : 'help:describe.question',
            choices: [toHelpList, menu],
            acceptsText: true,
          }),
        },
        on: {
          TEXT: 'unsure',
          CHOICE: [
            { guard: { type: 'chose', params: { id: 'back' } }, target: 'now' },
            { guard: { type: 'chose', params: { id: 'menu' } }, target: 'menu' },
          ],
        },
      },
      /** Words that fit no page: thanks, the lines that help with anything, and the closest kinds of trouble. */
      unsure: {
        entry: [
          ...counted(guide.now.services),
          {
            type: 'ask',
            params: ({ context }) => ({
              key: adult(context) ? 'help:describe.unsureAdult' : 'help:describe.unsure',
              choices: [...groupsFor(context.audience).map((g) => ({ id: g.id, key: `help:group.${g.id}.label` })), menu],
            }),
          },
        ],
        on: {
          CHOICE: [
            ...guide.groups.map((g) => ({ guard: { type: 'chose' as const, params: { id: g.id } }, target: groupTarget(g.id) })),
            { guard: { type: 'chose', params: { id: 'menu' } }, target: 'menu' },
          ],
        },
      },
      services: {
        type: 'final',
        output: ({ context }) => ({
          next: 'referral',
          topic: String(context.slots.need),
          ...(context.slots.county ? { county: String(context.slots.county) } : {}),
        }),
      },
      back: { type: 'final', output: { next: 'resume' } },
      menu: { type: 'final', output: { next: 'menu' } },
    },
  });
}
