import { z } from 'zod';
import { Audience } from '../domain/Audience.js';
import { Need } from '../domain/Need.js';
import { Situation } from '../crisis/Situation.js';

const id = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a lower-case id such as asks_pictures');

/**
 * seeds/help-guide.json: how "Get help" is organised. Groups ("something happened online") are shown
 * to the audiences listed; each situation names the directory services its steps mention, so the
 * steps can only ever show verified numbers, and each one shown is counted. The steps themselves are
 * text, in locales/<language>/help.json under situation.<id>.steps.
 */
export const HelpGuide = z.strictObject({
  /** The first screen's lines: the ordinary one, and the shorter one shown when crisis detection opened help. */
  now: z.strictObject({ services: z.array(z.string()).min(1), crisisServices: z.array(z.string()).min(1) }),
  /**
   * The page that answers each situation crisis detection can see in a message. A situation not
   * listed (unspecified) gets the general screen. An adult gets the page's `forAdults` instead.
   */
  detected: z.partialRecord(Situation, id),
  /** The page for a child who writes about another child (a friend, a sibling). */
  aboutAFriend: id,
  groups: z
    .array(
      z.strictObject({
        id,
        audiences: z.array(Audience).min(1),
        situations: z.array(id).min(1),
      }),
    )
    .min(1),
  situations: z
    .array(
      z.strictObject({
        id,
        services: z.array(z.string()).min(1, 'every situation says whom to call'),
        /** The help to look for nearby from this page ("find places near me"). */
        need: Need,
        /** The page for an adult who asks about this (a parent asking about sextortion gets child_online). */
        forAdults: id.optional(),
        /** True when crisis detection can open this page: it then starts with help:urgent.<id>, what to do right now. */
        urgent: z.boolean().optional(),
      }),
    )
    .min(1),
});
export type HelpGuide = z.infer<typeof HelpGuide>;
