import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { servicesFromCsv } from '../../src/directory/servicesFromCsv.js';
import { servicesToCsv } from '../../src/directory/servicesToCsv.js';
import { staleEntries } from '../../src/directory/staleEntries.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

const { referralServices } = loadSeeds(projectPath('seeds'));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function directory(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', projectPath('src/directory/directoryCommand.ts'), ...args], {
    cwd: projectPath(''),
    encoding: 'utf8',
  });
}

describe('the directory spreadsheet', () => {
  it('exports and imports the same directory', () => {
    const { services, errors } = servicesFromCsv(servicesToCsv(referralServices));
    expect(errors).toEqual([]);
    expect(services).toEqual(referralServices);
  });

  it('reports every bad row at once, with its row number, id and column', () => {
    const lines = servicesToCsv(referralServices.slice(0, 5)).trimEnd().split('\n');
    lines[2] = lines[2]!.replace(',047,', ',048,');
    lines[3] = lines[3]!.replace(',yes,', ',maybe,');
    lines[4] = lines[1]!;
    const { errors } = servicesFromCsv(`${lines.join('\n')}\n`);
    expect(errors).toEqual([
      'row 3 (id knh_nairobi) › county: a county code from 001 to 047',
      expect.stringMatching(/^row 4 \(id coptic_nairobi\) › verified \(yes or no\): /),
      'row 5 (id gvrc_nairobi_womens): the same id as row 2',
    ]);
  });

  it('refuses a spreadsheet without the expected columns', () => {
    expect(servicesFromCsv('id,name\nx,y\n').errors[0]).toMatch(/^missing columns: county, needs/);
  });

  it('imports through the command only when every row is valid, and then the seeds still load', () => {
    const seeds = mkdtempSync(path.join(tmpdir(), 'directory-'));
    dirs.push(seeds);
    cpSync(projectPath('seeds'), seeds, { recursive: true });
    const before = readFileSync(path.join(seeds, 'referral-services.json'), 'utf8');
    const csv = path.join(seeds, 'edited.csv');

    writeFileSync(csv, servicesToCsv(referralServices).replace('Kenyatta National Hospital,', 'Kenyatta National Hospital,,'));
    const bad = directory('import', csv, '--seeds', seeds);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/problem\(s\); nothing was changed/);
    expect(readFileSync(path.join(seeds, 'referral-services.json'), 'utf8')).toBe(before);

    const edited = referralServices.map((s) => (s.id === 'police_047' ? { ...s, phones: ['0800 722 203'] } : s));
    writeFileSync(csv, servicesToCsv(edited));
    const good = directory('import', csv, '--seeds', seeds);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(loadSeeds(seeds).referralServices.find((s) => s.id === 'police_047')?.phones).toEqual(['0800 722 203']);
  });

  it('lists entries never verified, or verified over a year ago', () => {
    const now = staleEntries(referralServices, new Date('2026-12-01'));
    expect(now.every((e) => e.reason.startsWith('not verified'))).toBe(true);
    expect(now.map((e) => e.id)).toContain('cpc_garissa');
    const later = staleEntries(referralServices, new Date('2028-01-01'));
    expect(later).toHaveLength(referralServices.length);
    const run = directory('check', '--today', '2026-12-01');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${now.length} of ${referralServices.length} entries need checking`);
  });
});
