import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudWebhook } from '../../../../src/channels/whatsapp/cloud/cloudInbound.js';
import type { CloudOutgoing } from '../../../../src/channels/whatsapp/cloud/renderForCloud.js';
import { WhatsAppCloudChannel } from '../../../../src/channels/whatsapp/cloud/WhatsAppCloudChannel.js';
import { RedisServer } from '../../../support/redisServer.js';
import { createTestApp } from '../../../support/testApp.js';

/* Two Cloud API channels on one Redis, as two instances behind a load balancer: Meta delivers a
 * message again, and the second delivery reaches the other instance. It is answered once. */

let redis: RedisServer;
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => redis?.stop());

const phoneNumberId = '106540352242922';
const webhook = (id: string, from: string, body: string): CloudWebhook => ({
  object: 'whatsapp_business_account',
  entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: phoneNumberId }, messages: [{ id, from, type: 'text', text: { body } }] } }] }],
});

describe('WhatsApp Cloud API on a shared store', () => {
  it('answers a message delivered to two instances once, and each of two different messages', async () => {
    const app = createTestApp({ REDIS_URL: redis.url });
    await app.ready();
    const sent: { to: string; message: CloudOutgoing }[] = [];
    const sender = { send: async (to: string, message: CloudOutgoing) => (sent.push({ to, message }), `wamid.${sent.length}`), markRead: async () => {} };
    const instance = () => new WhatsAppCloudChannel({ engine: app.engine, translator: app.translator, logger: app.logger, sender, phoneNumberId, claim: (id, ttl) => app.store.claim!(id, ttl) });
    const [a, b] = [instance(), instance()];
    try {
      a.receive(webhook('wamid.same', '254700000111', 'hi'));
      b.receive(webhook('wamid.same', '254700000111', 'hi'));
      await Promise.all([a.idle(5_000), b.idle(5_000)]);
      expect(sent.filter((s) => s.to === '254700000111')).toHaveLength(2); // the welcome and the language question, once
      expect(a.stats.handled + b.stats.handled).toBe(1);
      expect(a.stats.duplicates + b.stats.duplicates).toBe(1);
      b.receive(webhook('wamid.other', '254700000111', 'English'));
      await b.idle(5_000);
      expect(sent.filter((s) => s.to === '254700000111')).toHaveLength(3);
    } finally {
      await app.close();
    }
  });
});
