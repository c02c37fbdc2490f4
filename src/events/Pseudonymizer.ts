import { createHmac } from 'node:crypto';
import type { Channel } from '../domain/Channel.js';
import { Quarter } from './Quarter.js';

/**
 * Turns platform ids into keys that cannot be turned back without the secret (design.md, rule 1).
 * The conversation key is HMAC-SHA256 of `channel:platformId`. Monitoring events get a second,
 * shorter pseudonym under a key that changes every quarter, so counts of unique users work within
 * a quarter but no one can be followed from one quarter to the next. Quarters are counted in Nairobi
 * time, as reports are, so a report's quarter never mixes two keys.
 */
export class Pseudonymizer {
  private readonly quarterKeys = new Map<string, Buffer>();

  constructor(private readonly secret: string) {}

  conversationKey(channel: Channel, platformId: string): string {
    return createHmac('sha256', this.secret).update(`${channel}:${platformId}`).digest('hex');
  }

  quarterSubject(conversationKey: string, at: Date): string {
    const quarter = Quarter.of(at);
    let key = this.quarterKeys.get(quarter);
    if (!key) {
      key = createHmac('sha256', this.secret).update(`quarter:${quarter}`).digest();
      this.quarterKeys.set(quarter, key);
    }
    return createHmac('sha256', key).update(conversationKey).digest('hex').slice(0, 16);
  }
}
