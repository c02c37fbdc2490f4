/**
 * What a dialog machine receives. The engine has already handled commands (help, menu, stop...),
 * media, crisis detection, and turned numbered or label replies into CHOICE.
 * TEXT carries what the user typed: a machine may look at it but must never keep it in context.
 */
export type DialogEvent =
  | { type: 'CHOICE'; id: string }
  | { type: 'TEXT'; text: string }
  | { type: 'LOCATION'; latitude: number; longitude: number };
