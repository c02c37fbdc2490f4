import type { Channel } from '../domain/Channel.js';
import type { Inbound } from './Inbound.js';
import type { TurnResult } from './TurnResult.js';

/** What a channel needs of the engine: one turn for one user. */
export interface TurnHandler {
  handle(channel: Channel, platformId: string, inbound: Inbound): Promise<TurnResult>;
}
