/** A dialog that failed during a turn: a machine error, or a snapshot that no longer restores. */
export class DialogError extends Error {
  override name = 'DialogError';

  constructor(
    message: string,
    readonly dialog: string,
    /** True when a stored snapshot no longer restores (a release changed its machine). */
    readonly stale = false,
  ) {
    super(message);
  }
}
