/** A data file or store that cannot be read or written. The message names the file and the problem. */
export class StorageError extends Error {
  override name = 'StorageError';
}
