import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A golden transcript: `# comment` lines, `> input` lines (as typed into transcript mode) and, after
 * each input, its recorded `< output` line. Written by `npm run transcripts:record`, read by the tests.
 */
export class TranscriptFile {
  constructor(
    readonly lines: { kind: '#' | '>' | '<'; text: string }[],
    readonly file: string,
  ) {}

  static read(file: string): TranscriptFile {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => {
        const kind = l[0];
        if (kind !== '#' && kind !== '>' && kind !== '<') throw new Error(`${file}: a line must start with #, > or <: ${l}`);
        return { kind, text: l.slice(2) } as const;
      });
    return new TranscriptFile(lines, file);
  }

  get inputs(): string[] {
    return this.lines.filter((l) => l.kind === '>').map((l) => l.text);
  }

  get outputs(): string[] {
    return this.lines.filter((l) => l.kind === '<').map((l) => l.text);
  }

  /** Write the file again with `outputs` recorded under their inputs. */
  record(outputs: string[]): void {
    let next = 0;
    const text = this.lines
      .filter((l) => l.kind !== '<')
      .flatMap((l) => (l.kind === '>' ? [`> ${l.text}`, `< ${outputs[next++] ?? ''}`] : [`# ${l.text}`]))
      .join('\n');
    writeFileSync(this.file, `${text}\n`);
  }
}
