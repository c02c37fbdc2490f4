import { Need } from '../src/domain/Need.js';
import { PlaceFinder } from '../src/referral/PlaceFinder.js';
import type { Seeds } from '../src/seeds/loadSeeds.js';
import type { DialogContext } from './shared/DialogContext.js';
import type { DialogEvent } from './shared/DialogEvent.js';
import { dialogSetup, initialContext } from './shared/dialogSetup.js';
import { eventChoiceId } from './shared/eventChoiceId.js';
import { createPlaces } from './shared/placesMessage.js';
import type { ChoiceRef, Message } from './shared/Message.js';

const countiesPerPage = 10;

const list: ChoiceRef = { id: 'list', key: 'referral:choice.list' };

/**
 * Find help near you: what kind of help, then where (a county typed any way, a shared location,
 * or a list), then the places there for that need, specialised ones first, always followed by the
 * free national lines that give it and one line on what to bring or ask for. Only verified entries
 * are ever shown. The place typed or shared is used once: only the county code is kept. It has no
 * end of its own: the menu and help choices under every question lead out.
 */
export function createReferralMachine(seeds: Seeds) {
  const finder = new PlaceFinder(seeds.counties);
  const places = createPlaces(seeds);
  const { counties, servicesFor } = places;
  const byName = [...seeds.counties].sort((a, b) => a.name.localeCompare(b.name));
  const slot = (context: DialogContext, name: string) => String(context.slots[name] ?? '');
  const page = (context: DialogContext) => Number(context.slots.page ?? 0);
  const text = (event: DialogEvent) => (event.type === 'TEXT' ? event.text : '');

  const results = (context: DialogContext): Message => {
    const { message, more } = places.message(slot(context, 'county'), slot(context, 'need'), page(context));
    return {
      ...message,
      choices: [
        ...(more ? [{ id: 'more', key: 'referral:choice.more' }] : []),
        { id: 'place', key: 'referral:choice.place' },
        { id: 'need', key: 'referral:choice.need' },
      ],
    };
  };

  const afterResults = [
    {
      guard: { type: 'chose' as const, params: { id: 'more' } },
      target: 'morePlaces',
      reenter: true,
      actions: { type: 'remember' as const, params: ({ context }: { context: DialogContext }) => ({ page: page(context) + 1 }) },
    },
    { guard: { type: 'chose' as const, params: { id: 'place' } }, target: 'place' },
    { guard: { type: 'chose' as const, params: { id: 'need' } }, target: 'need' },
  ];

  return dialogSetup.createMachine({
    id: 'referral',
    context: ({ input }) => initialContext(input),
    initial: 'start',
    states: {
      start: {
        always: [
          {
            // Help passed on the need and a county the user's message named: straight to the places.
            guard: ({ context }) => Need.safeParse(context.topic).success && counties.has(slot(context, 'county')),
            target: 'results',
            actions: { type: 'remember', params: ({ context }) => ({ need: context.topic, page: 0 }) },
          },
          {
            guard: ({ context }) => Need.safeParse(context.topic).success,
            target: 'place',
            actions: { type: 'remember', params: ({ context }) => ({ need: context.topic }) },
          },
          { target: 'need' },
        ],
      },
      need: {
        entry: {
          type: 'ask',
          params: { key: 'referral:need', choices: Need.options.map((id) => ({ id, key: `referral:needs.${id}` })) },
        },
        on: {
          CHOICE: {
            guard: { type: 'choseOneOf', params: { ids: Need.options } },
            target: 'place',
            actions: { type: 'remember', params: ({ event }) => ({ need: eventChoiceId(event) }) },
          },
        },
      },
      place: {
        entry: { type: 'ask', params: { key: 'referral:where', choices: [list], acceptsText: true, requestsLocation: true } },
        on: {
          TEXT: [
            {
              guard: ({ event }) => finder.search(text(event)).county !== null,
              target: 'results',
              actions: { type: 'remember', params: ({ event }) => ({ county: finder.search(text(event)).county!.code, page: 0 }) },
            },
            {
              target: 'suggest',
              actions: {
                type: 'remember',
                params: ({ event }) => ({ suggest: finder.search(text(event)).suggestions.map((c) => c.code).join(',') }),
              },
            },
          ],
          LOCATION: {
            target: 'near',
            actions: {
              type: 'remember',
              params: ({ event }) => ({
                county: event.type === 'LOCATION' ? finder.nearest(event.latitude, event.longitude).code : null,
              }),
            },
          },
          CHOICE: { guard: { type: 'chose', params: { id: 'list' } }, target: 'list', actions: { type: 'remember', params: { page: 0 } } },
        },
      },
      suggest: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'referral:didYouMean',
            choices: [...slot(context, 'suggest').split(',').map((code) => ({ id: code, label: counties.get(code)!.name })), list],
            acceptsText: true,
          }),
        },
        on: {
          CHOICE: [
            {
              guard: ({ context, event }) => event.type === 'CHOICE' && slot(context, 'suggest').split(',').includes(event.id),
              target: 'results',
              actions: { type: 'remember', params: ({ event }) => ({ county: eventChoiceId(event), page: 0 }) },
            },
            { guard: { type: 'chose', params: { id: 'list' } }, target: 'list', actions: { type: 'remember', params: { page: 0 } } },
          ],
          TEXT: { target: 'place', reenter: true },
        },
      },
      near: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'referral:near',
            vars: { county: counties.get(slot(context, 'county'))?.name ?? '' },
            choices: [{ id: 'yes', key: 'referral:choice.yes' }, list],
          }),
        },
        on: {
          CHOICE: [
            { guard: { type: 'chose', params: { id: 'yes' } }, target: 'results', actions: { type: 'remember', params: { page: 0 } } },
            { guard: { type: 'chose', params: { id: 'list' } }, target: 'list', actions: { type: 'remember', params: { page: 0 } } },
          ],
        },
      },
      list: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'referral:pickCounty',
            choices: [
              ...byName
                .slice(page(context) * countiesPerPage, (page(context) + 1) * countiesPerPage)
                .map((c) => ({ id: c.code, label: c.name })),
              { id: 'more', key: 'referral:choice.moreCounties' },
            ],
          }),
        },
        on: {
          CHOICE: [
            {
              guard: { type: 'chose', params: { id: 'more' } },
              target: 'list',
              reenter: true,
              actions: {
                type: 'remember',
                params: ({ context }) => ({ page: (page(context) + 1) % Math.ceil(byName.length / countiesPerPage) }),
              },
            },
            {
              guard: ({ event }) => event.type === 'CHOICE' && counties.has(event.id),
              target: 'results',
              actions: { type: 'remember', params: ({ event }) => ({ county: eventChoiceId(event), page: 0 }) },
            },
          ],
        },
      },
      results: {
        entry: [
          {
            type: 'monitor',
            params: ({ context }) => ({
              type: 'referral_lookup',
              county: slot(context, 'county'),
              need: Need.parse(slot(context, 'need')),
              results: servicesFor(slot(context, 'county'), slot(context, 'need')).length,
            }),
          },
          { type: 'ask', params: ({ context }) => results(context) },
        ],
        on: { CHOICE: afterResults },
      },
      /** The next page of places: the same answer, without counting the lookup twice. */
      morePlaces: {
        entry: { type: 'ask', params: ({ context }) => results(context) },
        on: { CHOICE: afterResults },
      },
    },
  });
}
