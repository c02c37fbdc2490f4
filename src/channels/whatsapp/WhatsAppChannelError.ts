/** A WhatsApp problem that stops start-up; its message is shown as is, so it says what to do. */
export class WhatsAppChannelError extends Error {
  override readonly name = 'WhatsAppChannelError';
}
