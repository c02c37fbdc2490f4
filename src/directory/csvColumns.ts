/**
 * The columns of the referral directory's spreadsheet, in order. Lists (needs, phones) are
 * separated by ";" inside a cell; `verified` is yes or no; an empty cell is "none".
 */
export const csvColumns = [
  'id',
  'county',
  'needs',
  'kind',
  'name_en',
  'name_sw',
  'where_en',
  'where_sw',
  'phones',
  'hours',
  'cost',
  'source',
  'verified',
  'last_verified',
  'latitude',
  'longitude',
] as const;
