import { enqueueActions } from 'xstate';
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
 * free national lines that give it and one line on what to bring or ask for. A place named or
 * shared first, when asked what kind of help, is kept and the kind asked next. The places come
 * one short line each; what each is and how to find it comes on request. Only verified entries are
 * ever shown. The place typed or shared is used once: only the county code is kept. It has no end
 * of its own: the menu and help choices under every question lead out.
 */
export function createReferralMachine(seeds: Seeds) {
  const finder = new PlaceFinder(seeds.counties);
  const places = createPlaces(seeds);
  const { counties, servicesFor } = places;
  const byName = [...seeds.counties].sort((a, b) => a.name.localeCompare(b.name));
  const slot = (context: DialogContext, name: string) => String(context.slots[name] ?? '');
  const page = (context: DialogContext) => Number(context.slots.page ?? 0);
  const text = (event: DialogEvent) => (event.type === 'TEXT' ? event.text : '');
  const hasNeed = (context: DialogContext) => Need.safeParse(context.slots.need).success;
  /**
   * A place typed where the kind of help is asked: a county named in it ("Kisumu", "niko Kisumu
   * mjini"), or a short answer that is clearly one ("Nakru"). Anything else is not taken here, so
   * detection and "I didn't understand" still see it.
   */
  const placeIn = (typed: string) => finder.mentioned(typed) ?? (typed.trim().split(/\s+/).length <= 3 ? finder.search(typed).county : null);
  const inKenya = (event: DialogEvent) => event.type === 'LOCATION' && finder.inKenya(event.latitude, event.longitude);
  const nearestTo = (event: DialogEvent) => (event.type === 'LOCATION' ? finder.nearest(event.latitude, event.longitude).code : null);

  /** The places of the page and the choices under them (details only when there are places to tell about). */
  const results = (context: DialogContext, withDetails = true): Message => {
    const { message, more, shown } = places.message(slot(context, 'county'), slot(context, 'need'), page(context));
    return {
      ...message,
      choices: [
        ...(more ? [{ id: 'more', key: 'referral:choice.more' }] : []),
        ...(withDetails && shown > 0 ? [{ id: 'details', key: 'referral:choice.details' }] : []),
        { id: 'place', key: 'referral:choice.place' },
        { id: 'need', key: 'referral:choice.need' },
      ],
    };
  };

  /** Another county typed under the places ("Murang'a"): the same kind of help there. */
  const otherPlace = {
    guard: ({ event }: { event: DialogEvent }) => placeIn(text(event)) !== null,
    target: 'located',
    actions: { type: 'remember' as const, params: ({ event }: { event: DialogEvent }) => ({ county: placeIn(text(event))!.code }) },
  };

  const afterResults = [
    {
      guard: { type: 'chose' as const, params: { id: 'more' } },
      target: 'morePlaces',
      reenter: true,
      actions: { type: 'remember' as const, params: ({ context }: { context: DialogContext }) => ({ page: page(context) + 1 }) },
    },
    { guard: { type: 'chose' as const, params: { id: 'details' } }, target: 'details' },
    { guard: { type: 'chose' as const, params: { id: 'place' } }, target: 'place' },
    { guard: { type: 'chose' as const, params: { id: 'need' } }, target: 'need', actions: { type: 'remember' as const, params: { need: null } } },
  ];

  /** Where the place is asked (first, again after a location abroad, or on the county list): a name typed, or a location shared. */
  const placeTyped = [
    {
      guard: ({ event }: { event: DialogEvent }) => finder.search(text(event)).county !== null,
      target: 'located',
      actions: { type: 'remember' as const, params: ({ event }: { event: DialogEvent }) => ({ county: finder.search(text(event)).county!.code }) },
    },
    {
      target: 'suggest',
      reenter: true,
      actions: {
        type: 'remember' as const,
        params: ({ event }: { event: DialogEvent }) => ({ suggest: finder.search(text(event)).suggestions.map((c) => c.code).join(',') }),
      },
    },
  ];
  const placeShared = [
    { guard: ({ event }: { event: DialogEvent }) => inKenya(event), target: 'near', actions: { type: 'remember' as const, params: ({ event }: { event: DialogEvent }) => ({ county: nearestTo(event) }) } },
    { target: 'outside', reenter: true },
  ];
  const toList = { guard: { type: 'chose' as const, params: { id: 'list' } }, target: 'list', actions: { type: 'remember' as const, params: { page: 0 } } };

  return dialogSetup.createMachine({
    id: 'referral',
    context: ({ input }) => initialContext(input),
    initial: 'start',
    states: {
      start: {
        always: [
          {
            // Help passed on the need and a county the user's message named: straight to the places.
            guard: ({ context }) => Need.safeParse(context.topic).success,
            target: 'located',
            actions: { type: 'remember', params: ({ context }) => ({ need: context.topic }) },
          },
          { target: 'need' },
        ],
      },
      need: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            ...(counties.has(slot(context, 'county'))
              ? { key: 'referral:needIn', vars: { county: counties.get(slot(context, 'county'))!.name } }
              : { key: 'referral:need' }),
            choices: Need.options.map((id) => ({ id, key: `referral:needs.${id}` })),
          }),
        },
        on: {
          CHOICE: {
            guard: { type: 'choseOneOf', params: { ids: Need.options } },
            target: 'located',
            actions: { type: 'remember', params: ({ event }) => ({ need: eventChoiceId(event) }) },
          },
          // "Kisumu" before the kind of help: keep the place, and ask the kind.
          TEXT: {
            guard: ({ event }) => placeIn(text(event)) !== null,
            target: 'need',
            reenter: true,
            actions: { type: 'remember', params: ({ event }) => ({ county: placeIn(text(event))!.code }) },
          },
          LOCATION: placeShared,
        },
      },
      /** A county is known or not, a need is known or not: the next question, or the places. */
      located: {
        always: [
          { guard: ({ context }) => !hasNeed(context), target: 'need' },
          { guard: ({ context }) => counties.has(slot(context, 'county')), target: 'results', actions: { type: 'remember', params: { page: 0 } } },
          { target: 'place' },
        ],
      },
      place: {
        entry: { type: 'ask', params: { key: 'referral:where', choices: [list], acceptsText: true, requestsLocation: true } },
        on: { TEXT: placeTyped, LOCATION: placeShared, CHOICE: toList },
      },
      /** A location that looks outside Kenya: say so, and ask for the county. */
      outside: {
        entry: [
          { type: 'remember', params: { county: null } },
          { type: 'ask', params: { key: 'referral:outside', choices: [list], acceptsText: true, requestsLocation: true } },
        ],
        on: { TEXT: placeTyped, LOCATION: placeShared, CHOICE: toList },
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
              target: 'located',
              actions: { type: 'remember', params: ({ event }) => ({ county: eventChoiceId(event) }) },
            },
            toList,
          ],
          TEXT: placeTyped,
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
          CHOICE: [{ guard: { type: 'chose', params: { id: 'yes' } }, target: 'located' }, toList],
        },
      },
      /** The counties, ten a page; a name typed on any page counts too. */
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
            acceptsText: true,
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
              target: 'located',
              actions: { type: 'remember', params: ({ event }) => ({ county: eventChoiceId(event) }) },
            },
          ],
          TEXT: placeTyped,
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
        on: { CHOICE: afterResults, TEXT: otherPlace },
      },
      /** The next page of places: the same answer, without counting the lookup twice. */
      morePlaces: {
        entry: { type: 'ask', params: ({ context }) => results(context) },
        on: { CHOICE: afterResults, TEXT: otherPlace },
      },
      /** What each place on the page is and how to find it, one short message each. */
      details: {
        entry: enqueueActions(({ context, enqueue }) => {
          for (const detail of places.details(slot(context, 'county'), slot(context, 'need'), page(context))) enqueue({ type: 'say', params: detail });
          enqueue({ type: 'ask', params: { key: 'referral:afterDetails', choices: results(context, false).choices! } });
        }),
        on: { CHOICE: afterResults, TEXT: otherPlace },
      },
    },
  });
}
