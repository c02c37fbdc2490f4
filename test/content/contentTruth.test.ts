import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { Locale } from '../../src/domain/Locale.js';
import { readLocales } from '../../src/i18n/readLocales.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

/**
 * Content truth (issue 20): no text a child or a carer reads may promise what no source in
 * ../shared/facts.md backs, or lead them into harm. Every text of every locale file is read, in both
 * languages, and the directory's names and places with them, for:
 *   - anonymity: "you don't have to give your name", "anonymous", "bila kutaja jina", except in a
 *     sentence about the DCI line or Take It Down (the two services facts.md confirms anonymous);
 *   - legal immunity: "not a criminal", "the victim, not the criminal", "huna hatia", "si mhalifu"
 *     anywhere; "not in trouble" ("hauko matatani", "hutapata shida", "hataadhibiwa") in a text that
 *     speaks of the law or of images (as plain comfort after telling, it may stay);
 *   - confidentiality: "stays between us", "confidential", "kati yetu", and "siri" meaning privacy;
 *   - screenshots: a text that says "screenshot" or "picha ya skrini" must also say, in one sentence,
 *     never of a sexual picture;
 *   - phone numbers: digits that look like one (numbers come from the verified seeds as {{variables}});
 *   - laws: an Act (a "Sheria ya ...") that facts.md does not list, or with another year.
 *
 * To read another copy of the texts (an old version, say), point CONTENT_TRUTH_LOCALES at its
 * locales folder; CONTENT_TRUTH_SKIP=help,quiz leaves those namespaces out while someone rewrites them.
 * Both are for trying the rules; the suite itself reads every file of the project.
 */
const localesDir = process.env.CONTENT_TRUTH_LOCALES ?? projectPath('locales');
const skipped = new Set((process.env.CONTENT_TRUTH_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const seeds = loadSeeds(projectPath('seeds'));

interface Text {
  file: string;
  key: string;
  locale: Locale;
  text: string;
}

/** Every leaf of a namespace as "a.b.c" -> text (a list of words is read as one text). */
function leaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (Array.isArray(node)) return [[prefix, node.join('\n')]];
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [];
}

function readTexts(): Text[] {
  const resources = readLocales(localesDir);
  const texts: Text[] = [];
  for (const locale of Locale.options) {
    for (const ns of Object.keys(resources[locale]).sort()) {
      if (skipped.has(ns)) continue;
      for (const [key, text] of leaves(resources[locale][ns])) {
        texts.push({ file: `locales/${locale}/${ns}.json`, key, locale, text });
      }
    }
  }
  if (!skipped.has('referral-services')) {
    for (const service of seeds.referralServices) {
      for (const locale of Locale.options) {
        for (const field of ['name', 'where'] as const) {
          texts.push({ file: `seeds/referral-services.json (${locale})`, key: `${service.id}.${field}`, locale, text: service[field][locale] });
        }
      }
    }
  }
  return texts;
}

/** Sentences, bullets and lines: a promise and what backs it must stand in the same one. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|[\n•;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// --- anonymity -----------------------------------------------------------------------------------

const noName: Record<Locale, RegExp> = {
  en: /\b(?:(?:don't|do not|doesn't|does not|won't|will not|needn't)\s+(?:have|need)\s+to\s+(?:give|say|tell|share)\s+(?:them\s+|us\s+)?(?:your|a|their)\s+name|without\s+(?:giving\s+|saying\s+|telling\s+|sharing\s+)?(?:your|a|their)\s+(?:own\s+)?name|no\s+name\s+(?:is\s+)?needed|anonymous(?:ly)?|stay\s+nameless)\b/i,
  sw: /\b(?:(?:huhitaji|hahitaji|hamhitaji|si\s+lazima(?:\s+u)?)\s*(?:ku)?(?:taja|toa|sema|seme)\s+jina|bila\s+(?:ku)?(?:taja|toa|sema)\s+jina|bila\s+kujitaja|bila\s+jina\s+lako|kutotaja\s+jina|kutokutaja\s+jina)/i,
};
/** facts.md confirms anonymity for these two only: the DCI "Fichua kwa DCI" line and Take It Down. */
const anonymityBacked = /\{\{dciHotline\}\}|\bDCI\b|Fichua|Take It Down/i;

function anonymity(t: Text): string[] {
  return sentences(t.text)
    .filter((s) => noName[t.locale].test(s) && !anonymityBacked.test(s))
    .map((s) => `promises anonymity no source backs (only the DCI line and Take It Down are confirmed): "${s}"`);
}

// --- legal immunity ------------------------------------------------------------------------------

const immunityAnywhere: Record<Locale, RegExp> = {
  en: /\bnot\s+(?:a|the)\s+criminals?\b|\bvictim,?\s+not\s+(?:a|the)\s+criminal\b|\bnot\s+guilty\b|\bnot\s+breaking\s+(?:the|any)\s+law\b|\bdid\s+not\s+break\s+the\s+law\b/i,
  sw: /\b(?:huna|hana|hamna|hawana|sina|hatuna)\s+hatia\b|\b(?:wewe|yeye|nyinyi|wao)?\s*(?:si|sio|siyo)\s+(?:mhalifu|wahalifu)\b|\bhajavunja\s+sheria\b|\bhujavunja\s+sheria\b/i,
};
const notInTrouble: Record<Locale, RegExp> = {
  en: /\b(?:not|never|won't|will\s+not)\s+(?:be\s+|get\s+)?in\s+(?:any\s+)?trouble\b|\b(?:isn't|aren't|wasn't)\s+in\s+(?:any\s+)?trouble\b/i,
  sw: /\b(?:hauko|hayuko|hamko|hawako)\s+matatani\b|\b(?:hutapata|hatapata|hamtapata|hawatapata)\s+shida\b|\b(?:hutaadhibiwa|hataadhibiwa|hamtaadhibiwa)\b/i,
};
/** Words that make "not in trouble" read as a promise about the law, or about a picture. */
const lawOrImage: Record<Locale, RegExp> = {
  en: /\b(?:law|laws|legal|illegal|crime|crimes|criminal|offence|offences|police|arrest|court|jail|prison|photos?|pictures?|images?|videos?|nudes?|naked|sexual|porn|selfies?|pics?)\b/i,
  sw: /(?:sheria|haramu|uhalifu|jinai|mhalifu|polisi|mahakama|jela|picha|video|ponografia|uchi|ngono)/i,
};

function immunity(t: Text): string[] {
  const found: string[] = [];
  for (const s of sentences(t.text)) {
    if (immunityAnywhere[t.locale].test(s)) found.push(`promises legal immunity (facts.md: do not): "${s}"`);
  }
  // A screenshot ("picha ya skrini") is proof the child keeps, not an image the law is about.
  const withoutScreenshots = t.text.replace(/picha\s+(?:ya|za)\s+skrini/gi, 'screenshot');
  if (lawOrImage[t.locale].test(withoutScreenshots)) {
    for (const s of sentences(t.text)) {
      if (notInTrouble[t.locale].test(s)) found.push(`says "not in trouble" in a text about the law or images: "${s}"`);
    }
  }
  return found;
}

// --- confidentiality -----------------------------------------------------------------------------

const confidential: Record<Locale, RegExp> = {
  en: /\b(?:stays?|remains?|kept|keep\s+it|is\s+kept)\s+between\s+(?:us|you\s+and\s+me)\b|\bbetween\s+you\s+and\s+me\b|\bconfidential(?:ly|ity)?\b|\bin\s+confidence\b/i,
  sw: /\bkati\s+yetu\b|\bkati\s+yako\s+na\s+mimi\b|\busiri\b/i,
};
const siri = /\bsiri\b/i;
/** "siri" in these senses is not about privacy: private parts, a secret code, the secrets that must be told. */
const siriNotPrivacy = [/sehemu\s+(?:zako\s+|zake\s+|zetu\s+)?za\s+siri/gi, /namba(?:ri)?\s+(?:yako\s+)?ya\s+siri/gi, /siri\s+(?:nzuri|mbaya)/gi];
/** A sentence about the bot or a help line: "siri" there promises confidentiality ("Ni bure na ni siri"). */
const serviceCue = /\bbure\b|\bhuduma\b|simu\s+ya\s+msaada|\{\{\w+\}\}|\bDCI\b|Take It Down|\bmshauri\b|\bdata\b|\bmipangilio\b|\bnina(?:hifadhi|kumbuka)\b|\bsihifadhi\b/i;
/** "siri" standing for privacy itself: "siri yako" (your privacy), "mambo yako ya siri" (your private things). */
const privacyPhrase = /\bsiri\s+(?:yako|yenu|zako|zenu)\b|\bmambo\s+(?:yako\s+|yenu\s+)?ya\s+siri\b/i;

function confidentiality(t: Text): string[] {
  const found = sentences(t.text)
    .filter((s) => confidential[t.locale].test(s))
    .map((s) => `promises confidentiality: "${s}"`);
  if (t.locale !== 'sw') return found;
  for (const s of sentences(t.text)) {
    const rest = siriNotPrivacy.reduce((x, r) => x.replace(r, ''), s);
    if (siri.test(rest) && (serviceCue.test(rest) || privacyPhrase.test(rest))) {
      found.push(`uses "siri" for privacy (write "faragha", and say what is and isn't kept): "${s}"`);
    }
  }
  return found;
}

// --- screenshots ---------------------------------------------------------------------------------

const screenshot: Record<Locale, RegExp> = {
  en: /screen\s?-?shot/i,
  sw: /screen\s?-?shot|picha\s+(?:ya|za)\s+skrini/i,
};
const negation: Record<Locale, RegExp> = {
  en: /\b(?:never|not|don't|do\s+not|no)\b/i,
  sw: /\b(?:kamwe|hapana|si)\b|\b(?:u|a|m|wa|tu|i|zi|ki|li|ku)si(?!ku\b)[a-z]{2,}\b/i,
};
const sexualImage: Record<Locale, RegExp> = {
  en: /\b(?:sexual|nudes?|naked|without\s+clothes|porn)\b/i,
  sw: /\b(?:ngono|uchi|ponografia)\b|bila\s+nguo/i,
};
/** The warning is about what to capture or keep: "never of", "never save", "not the sexual photo". */
const captureOrKeep: Record<Locale, RegExp> = {
  en: /\b(?:save|saving|keep|keeping|store|screenshots?|screen\s?-?shot)\b|\b(?:never|not)\s+(?:of|the|a|an)\b/i,
  sw: /hifadhi|wek[ae]|screenshot|skrini|\b(?:kamwe\s+)?si\s+(?:ya|za)\b|kamwe\s+si\b/i,
};

function screenshots(t: Text): string[] {
  if (!screenshot[t.locale].test(t.text)) return [];
  const warned = sentences(t.text).some(
    (s) => negation[t.locale].test(s) && sexualImage[t.locale].test(s) && captureOrKeep[t.locale].test(s),
  );
  return warned ? [] : [`says "screenshot" without "never of a sexual picture" in the same text: "${t.text.slice(0, 120).replace(/\s+/g, ' ')}..."`];
}

// --- phone numbers -------------------------------------------------------------------------------

const verifiedPhones = new Map<string, string>();
for (const service of seeds.nationalServices) {
  service.phones.forEach((phone, i) => {
    const variable = i === 0 ? service.id : `${service.id}${i === 1 ? 'Alt' : `Alt${i}`}`;
    verifiedPhones.set(phone.replace(/\D/g, ''), service.verified ? `{{${variable}}}` : '');
  });
}

function phoneNumbers(t: Text): string[] {
  const found: string[] = [];
  const plain = t.text.replace(/\{\{\s*[\w.]+\s*\}\}/g, ' ');
  for (const m of plain.matchAll(/(?<![\d,.])\+?\d(?:[\d]|[ -](?=\d)){1,16}(?![\d,])/g)) {
    const token = m[0];
    const digits = token.replace(/\D/g, '');
    const before = plain.slice(Math.max(0, m.index! - 4), m.index!);
    if (digits.length < 3) continue;
    if (/^(?:19|20)\d\d$/.test(token)) continue; // a year: the Marriage Act 2014
    if (/^\d{1,2}\s?-\s?\d{1,2}$/.test(token)) continue; // an age band: 13-15
    if (/Ksh\s?$/i.test(before)) continue; // money: Ksh 500
    const variable = verifiedPhones.get(digits);
    found.push(
      variable
        ? `types the number ${token}: write ${variable}, so the number comes from the verified seeds`
        : variable === ''
          ? `types ${token}, a number seeds/national-services.json marks unverified`
          : `types ${token}, which looks like a phone number and is not in the verified seeds`,
    );
  }
  return found;
}

// --- laws ----------------------------------------------------------------------------------------

/**
 * The laws ../shared/facts.md names, with the year it gives (null: no year given there). A text may
 * name a law only from this list, in English or as its Kiswahili name.
 */
const laws: { en: RegExp; sw: RegExp; year: string | null }[] = [
  { en: /Sexual Offences Act/g, sw: /Sheria ya Makosa ya Ngono/g, year: '2006' },
  { en: /Marriage Act/g, sw: /Sheria ya Ndoa/g, year: '2014' },
  { en: /Prohibition of (?:Female Genital Mutilation|FGM) Act/g, sw: /Sheria ya (?:Kupiga Marufuku|Kukataza) (?:Ukeketaji|Ukeketwaji)/g, year: '2011' },
  { en: /Children Act/g, sw: /Sheria ya Watoto/g, year: null },
  { en: /Computer Misuse and Cybercrimes Act/g, sw: /Sheria ya Matumizi Mabaya ya Kompyuta na Uhalifu wa Mtandaoni/g, year: '2018' },
  { en: /Data Protection Act/g, sw: /Sheria ya Ulinzi wa Data/g, year: '2019' },
];
/** A named law: "... Act" in English, a capitalised "Sheria ya X" in Kiswahili ("sheria ya familia" is a house rule). */
const namedLaw = { en: /\b(?:[A-Z][\w'-]*\s+)+Act\b/g, sw: /\bSheria\s+ya\s+(?!Kenya\b)[A-Z][\w'-]*(?:\s+(?:ya|wa|za|na)?\s*[A-Z][\w'-]*)*/g };

function lawNames(t: Text): string[] {
  const found: string[] = [];
  const covered: [number, number][] = [];
  for (const law of laws) {
    for (const lang of ['en', 'sw'] as const) {
      for (const m of t.text.matchAll(law[lang])) {
        covered.push([m.index!, m.index! + m[0].length]);
        const after = t.text.slice(m.index! + m[0].length, m.index! + m[0].length + 16);
        const year = /^\s*(?:ya\s+|of\s+)?(?:\(\w+ ?\w*\)\s*)?((?:19|20)\d\d)\b/.exec(after)?.[1];
        if (year && law.year && year !== law.year) found.push(`dates "${m[0]}" ${year}; facts.md gives ${law.year}`);
      }
    }
  }
  for (const lang of ['en', 'sw'] as const) {
    for (const m of t.text.matchAll(namedLaw[lang])) {
      const end = m.index! + m[0].length;
      if (!covered.some(([a, b]) => b === end || (m.index! >= a && m.index! < b) || (a >= m.index! && a < end))) {
        found.push(`names a law facts.md does not list: "${m[0].trim()}"`);
      }
    }
  }
  return found;
}

/** Take It Down is a website: a child who reads its name needs its address beside it (facts.md). */
function takeItDown(t: Text): string[] {
  return /Take It Down/i.test(t.text) && !t.text.includes('takeitdown.ncmec.org') ? ['names Take It Down without its address, takeitdown.ncmec.org'] : [];
}

// --- the suite -----------------------------------------------------------------------------------

const texts = readTexts();
const files = [...new Set(texts.map((t) => t.file))];
const rules: [string, (t: Text) => string[]][] = [
  ['promises no anonymity that no source backs', anonymity],
  ['promises no legal immunity', immunity],
  ['promises no confidentiality', confidentiality],
  ['never says "screenshot" without "never of a sexual picture"', screenshots],
  ['types no phone number', phoneNumbers],
  ['names only the laws facts.md lists, with their years', lawNames],
  ['names Take It Down with its address', takeItDown],
];

describe('content truth: what every text promises is backed by ../shared/facts.md', () => {
  it('reads texts in both languages', () => {
    expect(texts.filter((t) => t.locale === 'en').length).toBeGreaterThan(500);
    expect(texts.filter((t) => t.locale === 'sw').length).toBeGreaterThan(500);
  });

  describe.each(files)('%s', (file) => {
    it.each(rules)('%s', (_name, rule) => {
      const findings = texts.filter((t) => t.file === file).flatMap((t) => rule(t).map((f) => `${t.key}: ${f}`));
      expect(findings).toEqual([]);
    });
  });
});

describe('content truth rules catch what they are for', () => {
  const sample = (text: string, locale: Locale = 'en'): Text => ({ file: 'sample', key: 'k', locale, text });

  it('asks for Take It Down\'s address wherever it is named', () => {
    expect(takeItDown(sample('Use Take It Down to remove the photo.'))).toHaveLength(1);
    expect(takeItDown(sample('Use Take It Down (takeitdown.ncmec.org) to remove the photo.'))).toEqual([]);
  });

  it('refuses the old promises and accepts what facts.md supports', () => {
    expect(anonymity(sample('Call {{childHelpline}}. You don\'t have to give your name.'))).toHaveLength(1);
    expect(anonymity(sample('Report it without giving your name: {{dciHotline}}, free.'))).toEqual([]);
    expect(anonymity(sample('Piga {{childHelpline}}. Huhitaji kutaja jina lako.', 'sw'))).toHaveLength(1);
    expect(immunity(sample('If someone pushed you into sending a photo, you are not a criminal.'))).toHaveLength(1);
    expect(immunity(sample('Sending a photo? You are not in trouble.'))).toHaveLength(1);
    expect(immunity(sample('Telling is brave. You are not in trouble for telling.'))).toEqual([]);
    expect(immunity(sample('Si kosa lako, na huna hatia.', 'sw'))).toHaveLength(1);
    expect(confidentiality(sample('What you tell me stays between us.'))).toHaveLength(1);
    expect(confidentiality(sample('Ni bure na ni siri.', 'sw'))).toHaveLength(1);
    expect(confidentiality(sample('Siri mbaya lazima zisemwe. Anataka muwe na siri.', 'sw'))).toEqual([]);
    expect(confidentiality(sample('Zaidi kuhusu siri yako:', 'sw'))).toHaveLength(1);
    expect(screenshots(sample('Take screenshots of the chat.'))).toHaveLength(1);
    expect(screenshots(sample('Take screenshots of the messages and the profile, never of a sexual picture.'))).toEqual([]);
    expect(screenshots(sample('Take screenshots. Don\'t pass on a nude.'))).toHaveLength(1);
    expect(phoneNumbers(sample('Call 116 or 0799 873 107. Pay no Ksh 500 fee, aged 13-15, since 2014.'))).toHaveLength(2);
    expect(lawNames(sample('The Marriage Act 2014 and the Prohibition of FGM Act 2011 apply.'))).toEqual([]);
    expect(lawNames(sample('The Marriage Act 2012 and the Child Protection Act say so.'))).toHaveLength(2);
  });
});
