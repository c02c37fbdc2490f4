import { z } from 'zod';

/** The reporting options whose showing is counted (help_viewed): the lines the Plan's indicators name. */
export const ReportingOption = z.enum(['116', '1195', '999_112', 'dci']);
export type ReportingOption = z.infer<typeof ReportingOption>;
