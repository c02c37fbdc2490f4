/** A problem with monitoring input (a targets file, a setting, an option): one line, naming what is wrong. */
export class MonitoringError extends Error {
  override readonly name = 'MonitoringError';
}
