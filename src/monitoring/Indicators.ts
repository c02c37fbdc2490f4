import { Audience } from '../domain/Audience.js';
import { MessageLanguage, Situation } from '../crisis/Situation.js';
import { Channel } from '../domain/Channel.js';
import { Locale } from '../domain/Locale.js';
import { Need } from '../domain/Need.js';
import { ReportingOption } from '../domain/ReportingOption.js';

/**
 * The Plan's indicators, in report order, each with the breakdowns shown under its total. Every
 * breakdown of an indicator partitions its total (a "not recorded" category keeps it so), which is what
 * lets suppression reason about what could be recovered by subtraction. Labels say what is counted.
 * `keys` lists the categories always shown; a breakdown without keys shows the categories that occur.
 */
export interface IndicatorSpec {
  id: string;
  /** The full name, saying exactly what is counted: in the text report, the CSV and on hover. */
  label: string;
  /** A name short enough for a chart legend or a table cell. */
  short: string;
  /** Why a figure may be missing or zero, printed with it. */
  note?: string;
  /** A percentage taken over another indicator's count: shown only when that count is 5 or more, never summed. */
  averageOf?: string;
  breakdowns: { id: string; label: string; keys?: readonly string[] }[];
}

const childBands = ['age10_12', 'age13_15', 'age16_17'] as const;
const adultAudiences = ['caregiver', 'patron'] as const;
/** Interrupts and check-ins are broken down alike: by the situation read, the message's language, the week. */
const crisisBreakdowns: IndicatorSpec['breakdowns'] = [
  { id: 'situation', label: 'situation', keys: Situation.options },
  { id: 'language', label: 'message language', keys: MessageLanguage.options },
  { id: 'week', label: 'week starting' },
];
const withNotRecorded = (keys: readonly string[]) => [...keys, 'not_recorded'];

export const Indicators: IndicatorSpec[] = [
  {
    id: 'children_reached',
    label: 'Children reached (unique within the quarter, chose an age band 10-17)',
    short: 'Children reached',
    breakdowns: [
      { id: 'age_band', label: 'age band', keys: childBands },
      { id: 'channel', label: 'channel', keys: withNotRecorded(Channel.options) },
      { id: 'language', label: 'language chosen', keys: withNotRecorded(Locale.options) },
    ],
  },
  {
    id: 'caregivers_reached',
    label: 'Caregivers and patrons reached (unique within the quarter)',
    short: 'Caregivers and patrons reached',
    breakdowns: [
      { id: 'audience', label: 'audience', keys: adultAudiences },
      { id: 'channel', label: 'channel', keys: withNotRecorded(Channel.options) },
      { id: 'language', label: 'language chosen', keys: withNotRecorded(Locale.options) },
    ],
  },
  {
    id: 'conversations_started',
    label: 'Conversations started',
    short: 'Conversations started',
    breakdowns: [
      { id: 'channel', label: 'channel', keys: Channel.options },
      { id: 'week', label: 'week starting' },
    ],
  },
  {
    id: 'lessons_started',
    label: 'Lessons started',
    short: 'Lessons started',
    breakdowns: [
      { id: 'lesson', label: 'lesson' },
      { id: 'audience', label: 'audience', keys: Audience.options },
    ],
  },
  {
    id: 'lessons_completed',
    label: 'Lessons completed',
    short: 'Lessons completed',
    breakdowns: [
      { id: 'lesson', label: 'lesson' },
      { id: 'audience', label: 'audience', keys: Audience.options },
    ],
  },
  {
    id: 'reporting_options_shown',
    label: 'Reporting options shown (not cases reported)',
    short: 'Reporting options shown',
    breakdowns: [
      { id: 'option', label: 'option', keys: ReportingOption.options },
      { id: 'week', label: 'week starting' },
    ],
  },
  {
    id: 'referral_lookups',
    label: 'Referral directory look-ups',
    short: 'Referral look-ups',
    breakdowns: [
      { id: 'need', label: 'need', keys: Need.options },
      { id: 'county', label: 'county' },
      { id: 'week', label: 'week starting' },
    ],
  },
  {
    id: 'crisis_interrupts',
    label: 'Crisis interrupts (emergency guidance shown)',
    short: 'Crisis interrupts',
    note: 'situation as the detector read it; events from before December 2026 show as unspecified',
    breakdowns: crisisBreakdowns,
  },
  {
    id: 'crisis_checkins',
    label: 'Check-ins (a gentle question after a message that might be worrying)',
    short: 'Check-ins',
    breakdowns: crisisBreakdowns,
  },
  {
    id: 'quiz_sessions',
    label: 'Club quiz sessions held (forums)',
    short: 'Quiz sessions',
    breakdowns: [{ id: 'audience', label: 'age band', keys: ['age10_12', 'age13_15', 'age16_17', 'mixed'] }],
  },
  {
    id: 'quiz_participants',
    label: 'Children reached by club quizzes (sum over sessions)',
    short: 'Quiz participants',
    breakdowns: [{ id: 'audience', label: 'age band', keys: ['age10_12', 'age13_15', 'age16_17', 'mixed'] }],
  },
  {
    id: 'quiz_average_score',
    label: 'Average quiz score, % (weighted by participants)',
    short: 'Average quiz score, %',
    averageOf: 'quiz_participants',
    note: 'shown only with 5 or more participants',
    breakdowns: [],
  },
];
