import type { Message } from './Message.js';

/** What `askFromAction` needs of an `enqueueActions` call. */
interface Enqueue {
  assign: (values: { prompt: Message }) => void;
  emit: (event: { type: 'say'; message: Message }) => void;
}

/**
 * The shared `ask` (say a question and keep it as the prompt), for actions that build their message
 * from an event: the quiz dialogs make a question out of what the quiz hub pushed.
 */
export function askFromAction(enqueue: Enqueue, message: Message): void {
  enqueue.assign({ prompt: message });
  enqueue.emit({ type: 'say', message });
}
