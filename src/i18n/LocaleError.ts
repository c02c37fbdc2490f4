/** A locale file that cannot be used, or a key that does not exist. The message names which. */
export class LocaleError extends Error {
  override name = 'LocaleError';
}
