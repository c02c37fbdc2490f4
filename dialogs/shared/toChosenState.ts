/**
 * One CHOICE transition per id, each to the state of the same name: the shape of every list of
 * places to go (the main menu, privacy and settings), written once.
 */
export function toChosenState<T extends string>(ids: readonly T[]) {
  return ids.map((id) => ({ guard: { type: 'chose' as const, params: { id } }, target: id }));
}
