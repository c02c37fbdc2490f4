import type { DialogOutput } from './DialogIO.js';

/**
 * A machine's output is the `output` of the top-level final state it reached. XState passes that
 * state's output to the machine-level `output` as the done event; this hands it on, so each final
 * state says where to go next, right beside it.
 */
export function finalStateOutput({ event }: { event: unknown }): DialogOutput {
  const output = (event as { output?: DialogOutput }).output;
  if (!output) throw new Error('a final state of this dialog has no output');
  return output;
}
