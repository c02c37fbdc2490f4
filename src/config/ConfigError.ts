/** A configuration value that cannot be used. One line: the variable and what is expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
