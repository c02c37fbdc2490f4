import path from 'node:path';
import { createDialogs } from '../../dialogs/createDialogs.js';
import { checkDataDir } from '../config/checkDataDir.js';
import type { Config } from '../config/Config.js';
import type { Channel } from '../domain/Channel.js';
import { createCrisisDetector } from '../crisis/createCrisisDetector.js';
import { PlaceFinder } from '../referral/PlaceFinder.js';
import { readLocales } from '../i18n/readLocales.js';
import { Translator } from '../i18n/Translator.js';
import { loadOrCreateSecret } from '../events/loadOrCreateSecret.js';
import { Pseudonymizer } from '../events/Pseudonymizer.js';
import { CommandMatcher } from '../runtime/CommandMatcher.js';
import { Engine } from '../runtime/Engine.js';
import { errorFields } from '../runtime/errorFields.js';
import { Outbox } from '../runtime/Outbox.js';
import { QuizBank } from '../quiz/QuizBank.js';
import { patronFailuresFile } from '../quiz/patronFailuresFile.js';
import { QuizHub } from '../quiz/QuizHub.js';
import { RedisQuizRelay } from '../quiz/RedisQuizRelay.js';
import { RedisQuizRooms } from '../quiz/RedisQuizRooms.js';
import type { Logger } from '../runtime/Logger.js';
import type { QuizAddress } from '../quiz/QuizDeliveries.js';
import type { QuizPush } from '../../dialogs/shared/QuizPush.js';
import { directoryVariables } from '../seeds/directoryVariables.js';
import { loadSeeds } from '../seeds/loadSeeds.js';
import type { EventLog } from '../storage/EventLog.js';
import { FileEventLog } from '../storage/FileEventLog.js';
import { LowdbSessionStore } from '../storage/LowdbSessionStore.js';
import { MemoryEventLog } from '../storage/MemoryEventLog.js';
import { MemorySessionStore } from '../storage/MemorySessionStore.js';
import { RedisSessionStore } from '../storage/RedisSessionStore.js';
import { RedisFloodGuard } from '../storage/RedisFloodGuard.js';
import { PostgresEventLog } from '../storage/PostgresEventLog.js';
import { ConfigError } from '../config/ConfigError.js';
import type { SessionStore } from '../storage/SessionStore.js';
import { projectPath } from './projectPath.js';

export interface App {
  engine: Engine;
  store: SessionStore;
  events: EventLog;
  translator: Translator;
  quiz: QuizHub;
  /** Channels register here how to reach a chat that did not just write (a quiz question). */
  outbox: Outbox;
  /**
   * A person's pseudonym, as the engine computes it (HMAC of channel and platform id under the
   * secret): for a channel that must tell the quiz hub who pressed a button in a group.
   */
  pseudonymOf(channel: Channel, platformId: string): string;
  /** Connect to the servers the configuration names (REDIS_URL, DATABASE_URL); resolves at once without any. */
  ready(): Promise<void>;
  /** Write out everything pending. Call before the process exits. */
  close(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  /** `memory` keeps nothing on disk (tests); `files` is the embedded default under DATA_DIR. */
  storage: 'memory' | 'files';
  /** Where a one-off notice for the operator goes (the generated secret); the log by default. */
  notice?: (line: string) => void;
  clock?: () => Date;
  /** For the quiz hub's timers and codes; tests pass their own. */
  schedule?: (ms: number, run: () => void) => () => void;
  random?: () => number;
  seedsDir?: string;
  localesDir?: string;
}

/**
 * The composition root: seeds and locales validated, stores opened, the engine wired. Everything
 * that can be wrong in files or settings fails here, at start-up, with a message that names it.
 */
export function createApp(config: Config, options: AppOptions): App {
  const seedsDir = options.seedsDir ?? projectPath('seeds');
  const seeds = loadSeeds(seedsDir);
  const translator = new Translator(readLocales(options.localesDir ?? projectPath('locales')), {
    ...directoryVariables(seeds.nationalServices),
    sessionDays: config.SESSION_DAYS,
  });
  const warn = (line: string) => options.logger.warn({}, line);
  const files = options.storage === 'files';
  if (files) checkDataDir(config.DATA_DIR);
  // Shared servers when the settings name them (README, "Scale out"), else files under DATA_DIR.
  const redis = config.REDIS_URL ? new RedisSessionStore({ url: config.REDIS_URL, ttlSeconds: config.SESSION_DAYS * 86_400, warn }) : undefined;
  const database = config.DATABASE_URL
    ? new PostgresEventLog({ url: config.DATABASE_URL, migrations: projectPath('migrations'), spoolFile: path.join(config.DATA_DIR, 'events-spool.jsonl'), warn })
    : undefined;
  // Files for both (the default): a turn's events are written only once its session is, so a turn redone
  // after a crash is never counted twice. With Redis, each session write is done when it returns.
  const fileEvents = files && !database ? new FileEventLog(path.join(config.DATA_DIR, 'events'), { warn, flushDelayMs: redis ? 1_000 : null }) : undefined;
  const events: EventLog = database ?? fileEvents ?? new MemoryEventLog();
  const store: SessionStore =
    redis ??
    (files
      ? new LowdbSessionStore(path.join(config.DATA_DIR, 'sessions'), { warn, ...(fileEvents ? { beforeWrite: () => fileEvents.seal() } : {}) })
      : new MemorySessionStore());
  const secret = files
    ? loadOrCreateSecret(config.PSEUDONYM_SECRET, config.DATA_DIR, options.notice ?? ((line) => options.logger.info({}, line)))
    : (config.PSEUDONYM_SECRET ?? 'a test secret that is only ever used in memory');
  const bank = new QuizBank(seeds.lessons, seeds.quiz);
  const quiz = new QuizHub({
    bank,
    nicknames: seeds.quiz.nicknames,
    patronCodes: config.PATRON_CODES,
    sessionMinutes: config.QUIZ_SESSION_MINUTES,
    whatsappNumber: config.WHATSAPP_NUMBER,
    onGuessing: () => options.logger.warn({}, 'many wrong quiz join codes in a minute: joining paused for a minute'),
    onPatronGuessing: () => options.logger.warn({}, 'many wrong patron codes in a minute: patron codes paused for a minute'),
    onFailure: (error) => options.logger.error(errorFields(error), 'a club quiz timer could not be handled'),
    ...(files && !redis ? { patronFailures: patronFailuresFile(path.join(config.DATA_DIR, 'patron-failures.json'), warn) } : {}),
    // With Redis, live quizzes (and patron-code failures) are shared by every instance.
    ...(config.REDIS_URL
      ? { rooms: () => new RedisQuizRooms({ url: config.REDIS_URL!, secret, pendingMs: config.QUIZ_SESSION_MINUTES * 60_000, warn, ...(options.clock ? { clock: options.clock } : {}) }) }
      : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const pseudonyms = new Pseudonymizer(secret);
  // With several instances, a flooding chat is counted by all of them together.
  const sharedFlood = config.REDIS_URL ? new RedisFloodGuard({ url: config.REDIS_URL }) : undefined;
  const engine = new Engine({
    dialogs: createDialogs(seeds, bank),
    quiz,
    store,
    events,
    translator,
    pseudonyms,
    crisis: createCrisisDetector(seeds, seedsDir),
    helpGuide: seeds.helpGuide,
    places: new PlaceFinder(seeds.counties),
    commands: new CommandMatcher(translator),
    logger: options.logger,
    defaultLocale: config.DEFAULT_LOCALE,
    sessionDays: config.SESSION_DAYS,
    ...(sharedFlood ? { sharedFlood } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const outbox = new Outbox();
  const deliverHere = async (address: QuizAddress, push: QuizPush) => {
    try {
      const result = await engine.handle(address.channel, address.platformId, { type: 'quiz', push });
      await outbox.send(address.channel, address.platformId, result);
    } catch (error) {
      options.logger.error(errorFields(error), 'a quiz message could not be delivered');
    }
  };
  // A chat only another instance can reach (WhatsApp Web's) gets its quiz pushes through Redis.
  const relay = config.REDIS_URL ? new RedisQuizRelay({ url: config.REDIS_URL, secret, warn }) : undefined;
  quiz.connect(async (address, push) => {
    if (relay && !outbox.has(address.channel)) {
      await relay.send(address, push).catch((error: unknown) => options.logger.error(errorFields(error), 'a quiz message could not be passed to another instance'));
      return;
    }
    await deliverHere(address, push);
  });
  return {
    engine,
    store,
    events,
    translator,
    quiz,
    outbox,
    pseudonymOf: (channel, platformId) => pseudonyms.conversationKey(channel, platformId),
    ready: async () => {
      try {
        await store.connect?.();
      } catch (error) {
        throw new ConfigError(`REDIS_URL: could not connect to the session store (${(error as Error).message}). Check that Redis runs there, or unset REDIS_URL to keep sessions in files.`);
      }
      await sharedFlood?.open();
      // Pushes for chats this instance reaches, passed on by the others.
      await relay?.listen((channel) => outbox.has(channel), deliverHere);
      try {
        await events.connect?.();
      } catch (error) {
        throw new ConfigError(`DATABASE_URL: could not set up the monitoring database (${(error as Error).message}). Check that PostgreSQL runs there and the user may create tables, or unset DATABASE_URL to keep events in files.`);
      }
    },
    close: async () => {
      await quiz.stop();
      await quiz.settled();
      await engine.idle();
      await quiz.close();
      await relay?.close();
      await sharedFlood?.close();
      await store.flush();
      await events.flush();
      await store.close?.();
      await events.close?.();
    },
  };
}
