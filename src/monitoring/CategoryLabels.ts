import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectPath } from '../app/projectPath.js';

/** Words for the closed-set ids that several breakdowns share (age bands, channels, languages...). */
const words: Record<string, string> = {
  age10_12: 'Ages 10-12',
  age13_15: 'Ages 13-15',
  age16_17: 'Ages 16-17',
  mixed: 'Mixed ages (10-17)',
  caregiver: 'Caregivers',
  patron: 'Club patrons',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  console: 'Console (terminal)',
  en: 'English',
  sw: 'Kiswahili',
  sheng: 'Sheng',
  medical: 'Medical care',
  counselling: 'Counselling',
  police: 'Police',
  shelter: 'A safe place to stay',
  child_protection: 'Child protection',
  legal: 'Legal help',
  self_harm: 'Self-harm',
  sexual_abuse: 'Sexual abuse',
  sextortion: 'Sextortion',
  grooming: 'Grooming',
  exploitation_trafficking: 'Exploitation or trafficking',
  harmful_practice: 'Child marriage or FGM',
  danger_now: 'Danger now',
  violence: 'Violence',
  bullying: 'Bullying',
  distress: 'Distress',
  unspecified: 'Unspecified',
  not_recorded: 'not recorded',
  total: 'total',
};

const CountyList = z.object({ counties: z.array(z.object({ code: z.string(), name: z.string() })) });
const ServiceList = z.object({
  services: z.array(
    z.object({ name: z.object({ en: z.string() }), phones: z.array(z.string()).optional(), reportingOption: z.string().optional(), verified: z.boolean().optional() }).passthrough(),
  ),
});
const LessonTitles = z.record(z.string(), z.unknown());

/**
 * The words a report shows for a category id: "Ages 10-12" for age10_12, "047 Nairobi" for a county,
 * a lesson's English title with its audience. Counties, help lines and lesson titles come from the
 * seeds and locales, so nothing is typed twice; an id nobody named is shown as it is.
 */
export class CategoryLabels {
  constructor(
    private readonly counties: ReadonlyMap<string, string> = new Map(),
    private readonly options: ReadonlyMap<string, string> = new Map(),
    private readonly lessons: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** Read the names from seeds/ and locales/en once; a missing lesson file only leaves ids. */
  static load(): CategoryLabels {
    const counties = CountyList.parse(JSON.parse(readFileSync(projectPath('seeds/counties.json'), 'utf8'))).counties;
    const services = ServiceList.parse(JSON.parse(readFileSync(projectPath('seeds/national-services.json'), 'utf8'))).services;
    const options = new Map<string, string>();
    for (const s of services) {
      if (s.reportingOption && s.verified) options.set(s.reportingOption, `${s.phones?.length ? `${s.phones.join(' / ')}: ` : ''}${s.name.en}`);
    }
    const lessons = new Map<string, string>();
    const dir = projectPath('locales/en');
    for (const file of readdirSync(dir).filter((name) => /^lessons-[a-z0-9_]+\.json$/.test(name))) {
      const audience = file.slice('lessons-'.length, -'.json'.length);
      const parsed = LessonTitles.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
      if (!parsed.success) continue;
      for (const [id, lesson] of Object.entries(parsed.data)) {
        const title = (lesson as { title?: unknown } | null)?.title;
        if (typeof title === 'string') lessons.set(id, `${title} (${words[audience] ?? audience})`);
      }
    }
    return new CategoryLabels(new Map(counties.map((c) => [c.code, c.name])), options, lessons);
  }

  /** The words for `key` in the breakdown `breakdownId` ("age_band", "county", "week"...). */
  label(breakdownId: string, key: string): string {
    if (breakdownId === 'county') return `${key} ${this.counties.get(key) ?? ''}`.trim();
    if (breakdownId === 'option') return this.options.get(key) ?? key;
    if (breakdownId === 'lesson') return this.lessons.get(key) ?? key;
    if (breakdownId === 'week') return key;
    return words[key] ?? key;
  }
}
