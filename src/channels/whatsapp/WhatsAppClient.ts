import type { Message, WAState } from 'whatsapp-web.js';

/**
 * The part of a whatsapp-web.js message the channel reads. A Pick of the library's own type, so a
 * change there breaks the build rather than the bot. `downloadMedia` is deliberately left out: the
 * channel cannot fetch media even by mistake (design.md, rule 6). `location` is only set on
 * location messages, whatever the library's type says.
 */
export type WhatsAppMessage = Pick<Message, 'from' | 'author' | 'body' | 'type' | 'hasMedia' | 'isStatus' | 'fromMe' | 'broadcast'> & {
  location?: Message['location'] | undefined;
};

/** A message the bot sent: only its id is kept, to delete it on "erase this chat". */
export type SentMessage = Pick<Message, 'id'>;

/** What deleting one of the bot's own messages needs. */
export type DeletableMessage = Pick<Message, 'delete'>;

/**
 * The part of whatsapp-web.js's Client the channel uses. The real Client is assigned to it in
 * createWhatsAppClient, so the compiler checks the library against this contract; the tests'
 * fake implements the same type.
 */
export interface WhatsAppClient {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'authenticated' | 'ready', listener: () => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'disconnected', listener: (reason: WAState | 'LOGOUT') => void): unknown;
  on(event: 'message', listener: (message: WhatsAppMessage) => void): unknown;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  sendMessage(chatId: string, content: string, options?: { linkPreview?: boolean }): Promise<SentMessage>;
  getMessageById(messageId: string): Promise<DeletableMessage | null | undefined>;
}
