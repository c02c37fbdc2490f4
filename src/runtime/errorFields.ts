/**
 * What may be logged about a failure: its type and where in our code it arose. Never its message:
 * an error can quote a chat id, a phone number, what someone wrote, or a token in a URL.
 */
export function errorFields(error: unknown): { err: string; where?: string } {
  if (!(error instanceof Error)) return { err: typeof error };
  const frame = error.stack?.split('\n').find((line) => line.includes('/src/') || line.includes('/dialogs/'));
  const where = frame
    ?.trim()
    .replace(/^at /, '')
    .replace(/^.*?\((.*)\)$/, '$1')
    .replace(/^.*\/(dialogs|src)\//, '$1/');
  return where ? { err: error.name, where } : { err: error.name };
}
