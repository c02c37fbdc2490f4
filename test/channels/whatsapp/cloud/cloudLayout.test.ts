import { describe, expect, it } from 'vitest';
import type { Message } from '../../../../dialogs/shared/Message.js';
import { lessonKeys } from '../../../../dialogs/shared/lessonKeys.js';
import { toClientMessage } from '../../../../src/channels/whatsapp/cloud/CloudSender.js';
import { cloudLimits, renderForCloud } from '../../../../src/channels/whatsapp/cloud/renderForCloud.js';
import { DialogId } from '../../../../src/domain/DialogId.js';
import { Locale } from '../../../../src/domain/Locale.js';
import { Turn } from '../../../../src/runtime/turn/Turn.js';
import { dialogs, seeds, walk } from '../../../support/dialogWalk.js';
import { createTestApp } from '../../../support/testApp.js';

/* Every question any dialog can ask, laid out for the Cloud API in both languages: buttons or a
 * list wherever the platform allows, which is what the short labels in the locales are for. */

const { translator } = createTestApp();

/** Every question a dialog asks (each state of each walk), and every lesson check and club-quiz question from the seeds. */
function questions(): { where: string; dialog: DialogId; prompt: Message }[] {
  const found = new Map<string, { where: string; dialog: DialogId; prompt: Message }>();
  for (const id of DialogId.options) {
    for (const { snapshot } of walk(id, dialogs[id] as never)) {
      const prompt = snapshot.context.prompt;
      if (snapshot.status !== 'active' || !prompt?.choices?.length) continue;
      found.set(JSON.stringify([id, prompt]), { where: `${id} ${JSON.stringify(snapshot.value)}`, dialog: id, prompt });
    }
  }
  for (const [audience, lessons] of Object.entries(seeds.lessons.sets)) {
    for (const lesson of lessons) {
      const keys = lessonKeys(audience as never, lesson.id);
      for (const [kind, list, dialog] of [['check', lesson.checks, 'lessons'], ['quiz', lesson.quiz, 'quizPlayer']] as const) {
        for (const question of list) {
          const k = keys[kind](question.id);
          const choices = [...question.options.map((o) => ({ id: o.id, key: k.label(o.id) })), ...(kind === 'check' ? [{ id: 'leave', key: 'lessons:leave' }] : [])];
          found.set(k.question, { where: k.question, dialog, prompt: { key: k.question, choices } });
        }
      }
    }
  }
  return [...found.values()];
}

describe('the WhatsApp Cloud API layout of every question', () => {
  const all = questions();
  const words = (locale: Locale) => ({
    hint: translator.t(locale, 'common:hint.number'),
    listButton: translator.t(locale, 'common:listButton'),
    shareLocation: translator.t(locale, 'common:shareLocationBody'),
  });

  it.each(Locale.options)('shows buttons or a list for every question in %s, except long lists of places', (locale) => {
    expect(all.length).toBeGreaterThan(300);
    const numbered: string[] = [];
    let interactive = 0;
    for (const { where, dialog, prompt } of all) {
      const turn = new Turn('key', { channel: 'whatsapp', platformId: 'x' }, { v: 1, locale, audience: null, dialog: null, resume: [], day: '2026-12-01' }, translator);
      turn.say(prompt, dialog);
      const rendered = turn.messages[0]!;
      const out = renderForCloud(rendered, words(locale), 'v1');
      for (const message of out) expect(() => toClientMessage(message), where).not.toThrow();
      const last = out.filter((m) => m.kind !== 'location').at(-1)!;
      if (last.kind === 'buttons' || last.kind === 'list') {
        interactive++;
        continue;
      }
      // Numbered text is right only for more than ten choices, or names from seed data (a county) too long for a row.
      const fromSeeds = (prompt.choices ?? []).some((c) => 'label' in c && c.label.length > cloudLimits.rowTitle);
      if (rendered.choices.length <= cloudLimits.rows && !fromSeeds) numbered.push(`${where}: ${rendered.choices.map((c) => `${c.label} [${c.short ?? '-'}]`).join(' | ')}`);
    }
    expect(numbered).toEqual([]);
    expect(interactive).toBeGreaterThan(300);
  });

  it.each(Locale.options)('has short labels of at most 20 characters in %s, each different from its siblings', (locale) => {
    for (const { where, dialog, prompt } of all) {
      const turn = new Turn('key', { channel: 'whatsapp', platformId: 'x' }, { v: 1, locale, audience: null, dialog: null, resume: [], day: '2026-12-01' }, translator);
      turn.say(prompt, dialog);
      const shorts = turn.messages[0]!.choices.map((c) => c.short ?? c.label);
      for (const c of turn.messages[0]!.choices) if (c.short !== undefined) expect(c.short.length, `${where} ${c.id}: "${c.short}"`).toBeLessThanOrEqual(24);
      expect(new Set(shorts).size, `${where}: ${shorts.join(' | ')}`).toBe(shorts.length);
    }
  });
});
