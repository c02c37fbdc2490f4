import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { DialogId } from '../../src/domain/DialogId.js';
import { Locale } from '../../src/domain/Locale.js';
import type { SessionRecord } from '../../src/runtime/SessionRecord.js';
import { withGlobalChoices } from '../../src/runtime/withGlobalChoices.js';
import { dialogs, leafStateIds, valueId, walk } from '../support/dialogWalk.js';
import { createTestApp } from '../support/testApp.js';

describe.each(DialogId.options)('dialog machine %s', (id) => {
  const machine = dialogs[id] as AnyStateMachine;
  const reached = walk(id, machine);
  const waiting = reached.filter((r) => r.snapshot.status === 'active');

  it('reaches every one of its states', () => {
    const seen = new Set(reached.map((r) => valueId(r.snapshot.value)));
    expect([...seen].sort()).toEqual(leafStateIds(machine.root).sort());
  });

  it('has no dead ends: every waiting state asks something, and every choice it offers leads somewhere', () => {
    expect(waiting.length).toBeGreaterThan(0);
    for (const { snapshot } of waiting) {
      const prompt = snapshot.context.prompt;
      expect(prompt, `state ${valueId(snapshot.value)} asks nothing`).not.toBeNull();
      expect((prompt?.choices?.length ?? 0) > 0 || prompt?.acceptsText).toBe(true);
      for (const choice of prompt?.choices ?? []) {
        const can = machine.resolveState({ value: snapshot.value as never, context: snapshot.context }).can({
          type: 'CHOICE',
          id: choice.id,
        });
        expect(can, `${valueId(snapshot.value)} offers ${choice.id} but has no transition for it`).toBe(true);
      }
    }
  });

  it('ends only in known places', () => {
    const ends = reached.filter((r) => r.snapshot.status === 'done');
    for (const { snapshot } of ends) {
      expect([...DialogId.options, 'resume', 'erase', 'eraseChat', 'end']).toContain(snapshot.output?.next);
    }
  });

  it('renders every prompt and choice in both languages, with every variable filled in', () => {
    const app = createTestApp();
    const prompts = new Map(waiting.map(({ snapshot }) => [JSON.stringify(snapshot.context.prompt), snapshot.context.prompt!]));
    for (const prompt of prompts.values()) {
      for (const locale of Locale.options) {
        const texts = [
          app.translator.render(locale, prompt),
          ...withGlobalChoices(prompt.choices ?? [], id).map((c) => app.translator.label(locale, c)),
        ];
        for (const text of texts) {
          expect(text.length, `${locale}: ${prompt.key}`).toBeGreaterThan(0);
          expect(text, `${locale}: ${prompt.key}`).not.toMatch(/\{\{|\}\}/);
        }
      }
    }
  });

  it('from every state, through the engine: help shows the numbers and goes back; menu and crisis work', async () => {
    const app = createTestApp();
    const key = app.keyOf('user');
    const send = (text: string) => app.engine.handle('console', 'user', { type: 'text', text });
    const choose = (choice: string) => app.engine.handle('console', 'user', { type: 'choice', id: choice });
    const unique = new Map(
      waiting.map((r) => [JSON.stringify([r.snapshot.value, r.snapshot.context.prompt?.key, r.snapshot.context.audience]), r]),
    );
    for (const { snapshot, input } of unique.values()) {
      const record: SessionRecord = {
        v: 1,
        locale: 'en',
        audience: input.audience ?? (id === 'onboarding' ? null : 'age13_15'),
        dialog: { id, snapshot: machine.getPersistedSnapshot(machine.resolveState(snapshot as never)) as never },
        resume: [],
        day: '2026-11-28',
      };
      const where = `${id} ${valueId(snapshot.value)}`;
      const promptKey = snapshot.context.prompt!.key;

      await app.store.set(key, record);
      const help = await send('help');
      expect(help.messages[0]?.key, where).toBe('help:now');
      expect(help.messages[0]?.text).toContain('116');
      expect(help.messages[0]?.text).toContain('999');
      if (id !== 'help') {
        const back = await choose('back');
        expect(back.messages.at(-1)?.key, `${where}: back after help`).toBe(promptKey);
      }

      // An interrupt: what to do now for the situation first, its steps, and the way back to this very question.
      await app.store.set(key, record);
      const crisis = await send('he raped me last night');
      const adult = record.audience === 'caregiver' || record.audience === 'patron';
      expect(crisis.messages[0]?.key, where).toBe(adult ? 'help:urgent.child_disclosed' : 'help:urgent.touched');
      expect(crisis.messages[0]?.text, where).toMatch(/999|1195|116/);
      expect(crisis.events.find((e) => e.type === 'crisis_detected'), where).toMatchObject({ tier: 'interrupt', situation: 'sexual_abuse' });
      if (id !== 'help') {
        const back = await choose('back');
        expect(back.messages.at(-1)?.key, `${where}: back after an interrupt`).toBe(promptKey);
      }

      // A check-in, where the question takes no typed answer: "no, carry on" comes back to this very question.
      await app.store.set(key, record);
      const unsure = await send('i feel so sad and alone');
      if (snapshot.context.prompt?.acceptsText) {
        // Help's "tell me in your own words" answers what it cannot place itself.
        if (id === 'help') expect(unsure.messages.at(-1)?.key, where).toMatch(/^help:describe\.unsure/);
        else expect(unsure.messages.at(-1)?.key, `${where}: typed text is the answer here`).not.toMatch(/^help:/);
      } else {
        expect(unsure.messages.at(-1)?.key, where).toBe(adult ? 'help:checkin.questionAdult' : 'help:checkin.question');
        expect(unsure.events.find((e) => e.type === 'crisis_detected'), where).toMatchObject({ tier: 'checkin' });
        const carryOn = await send(id === 'help' ? 'No, carry on' : 'back');
        expect(carryOn.messages.at(-1)?.key, `${where}: carry on after a check-in`).toBe(id === 'help' ? 'menu:title' : promptKey);
      }

      await app.store.set(key, record);
      const menu = await send('menu');
      expect(menu.messages.at(-1)?.key, where).toBe(record.audience ? 'menu:title' : promptKey);

      await app.store.set(key, record);
      const offered = (await choose('no-such-choice')).messages.at(-1)!;
      expect(offered.key, where).toBe('common:notUnderstood');
      expect(offered.choices.map((c) => c.id), `${where}: help is one step away`).toContain(id === 'help' ? 'menu' : 'help');
    }
  });
});
