import { and } from 'xstate';
import type { Audience } from '../src/domain/Audience.js';
import type { HelpGuide } from '../src/seeds/HelpGuide.js';
import type { NationalService } from '../src/seeds/NationalService.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { finalStateOutput } from './shared/finalStateOutput.js';
import type { ChoiceRef } from './shared/Message.js';

const back: ChoiceRef = { id: 'back', key: 'help:back' };
const menu: ChoiceRef = { id: 'menu', key: 'common:choice.menu' };
const other: ChoiceRef = { id: 'other', key: 'help:other' };
const findServices: ChoiceRef = { id: 'services', key: 'help:findServices' };

/**
 * Get help. First, always, what to do right now: the police in danger, the free 24-hour child
 * helpline, the GBV line. Then, in a tap or two, what is going on (something online, something in
 * person, a friend, a child in your care) and the ordered steps for that situation. Groups and
 * situations come from seeds/help-guide.json, so a new situation is data and text, not code.
 * Opened by the help command from anywhere, by crisis detection (which says so first), or by a
 * question about a topic ("what is sextortion?"), which goes straight to its steps. It offers to go
 * back to where the user was, so asking for help never costs them their place.
 */
export function createHelpMachine(guide: HelpGuide, services: NationalService[]) {
  const options = new Map(services.map((s) => [s.id, s.reportingOption]));
  const counted = (ids: string[]) =>
    ids.flatMap((id) => {
      const option = options.get(id);
      return option ? [{ type: 'monitor' as const, params: { type: 'help_viewed' as const, option } }] : [];
    });
  const groupsFor = (audience: Audience | null) => guide.groups.filter((g) => audience === null || g.audiences.includes(audience));
  const onwards = (canResume: boolean): ChoiceRef[] => [findServices, other, ...(canResume ? [back] : []), menu];
  const leave = [
    { guard: { type: 'chose' as const, params: { id: 'services' } }, target: 'services' },
    { guard: { type: 'chose' as const, params: { id: 'other' } }, target: 'now' },
    { guard: { type: 'chose' as const, params: { id: 'back' } }, target: 'back' },
    { guard: { type: 'chose' as const, params: { id: 'menu' } }, target: 'menu' },
  ];

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
              choices: [...g.situations.map((id) => ({ id, key: `help:situation.${id}.label` })), other, menu],
            },
          },
          on: {
            CHOICE: [
              ...g.situations.map((id) => ({ guard: { type: 'chose' as const, params: { id } }, target: id })),
              { guard: { type: 'chose' as const, params: { id: 'other' } }, target: 'now' },
              { guard: { type: 'chose' as const, params: { id: 'menu' } }, target: 'menu' },
            ],
          },
        },
      ]),
  );

  const situationStates = Object.fromEntries(
    guide.situations.map((s) => [
      s.id,
      {
        entry: [
          ...counted(s.services),
          {
            type: 'ask' as const,
            params: ({ context }: { context: { canResume: boolean } }) => ({
              key: `help:situation.${s.id}.steps`,
              choices: onwards(context.canResume),
            }),
          },
          { type: 'remember' as const, params: { need: s.need } },
        ],
        on: { CHOICE: leave },
      },
    ]),
  );

  return dialogSetup.createMachine({
    id: 'help',
    context: ({ input }) => initialContext(input),
    output: finalStateOutput,
    initial: 'start',
    states: {
      start: {
        always: [
          ...guide.situations.flatMap((s) => [
            ...(s.forAdults
              ? [{ guard: and([{ type: 'topicIs', params: { id: s.id } }, 'isAdult']), target: s.forAdults }]
              : []),
            { guard: { type: 'topicIs' as const, params: { id: s.id } }, target: s.id },
          ]),
          { target: 'now' },
        ],
      },
      now: {
        entry: [
          ...counted(guide.now.services),
          {
            type: 'ask',
            params: ({ context }) => ({
              key: context.crisis ? 'help:crisis' : 'help:now',
              choices: [
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
              target: g.situations.length > 1 ? `group_${g.id}` : (g.situations[0] ?? 'now'),
            })),
            { guard: { type: 'chose', params: { id: 'back' } }, target: 'back' },
            { guard: { type: 'chose', params: { id: 'menu' } }, target: 'menu' },
          ],
        },
      },
      ...groupStates,
      ...situationStates,
      services: { type: 'final', output: ({ context }) => ({ next: 'referral', topic: String(context.slots.need) }) },
      back: { type: 'final', output: { next: 'resume' } },
      menu: { type: 'final', output: { next: 'menu' } },
    },
  });
}
