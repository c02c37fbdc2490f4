import { z } from 'zod';

/**
 * The help situations a question about a word can lead to ("what is sextortion?" goes to
 * threatens_pictures). A closed set, so that the crisis seeds and the help guide cannot drift apart
 * without start-up or the type checker saying so.
 */
export const HelpTopic = z.enum([
  'danger_now',
  'asks_pictures',
  'threatens_pictures',
  'asks_meet',
  'sent_sexual',
  'touched',
  'forced',
  'gifts_for_sex',
  'marriage_cut',
  'friend_told',
  'child_disclosed',
  'child_online',
  'child_practice',
]);
/** One help situation id. */
export type HelpTopic = z.infer<typeof HelpTopic>;
