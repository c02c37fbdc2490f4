import type { NationalService } from './NationalService.js';

/**
 * The locale variables that carry phone numbers: `{{childHelpline}}` is 116, `{{police}}` 999 and
 * `{{policeAlt}}` 112. Only verified entries give a variable, so an unverified number can never
 * reach a user; a string that used one would show its raw `{{name}}`, which the locale tests catch.
 */
export function directoryVariables(services: NationalService[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const service of services) {
    if (!service.verified) continue;
    service.phones.forEach((phone, i) => {
      vars[i === 0 ? service.id : `${service.id}${i === 1 ? 'Alt' : `Alt${i}`}`] = phone;
    });
  }
  return vars;
}
