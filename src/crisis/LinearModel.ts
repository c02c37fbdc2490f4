import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { Features } from './hashedFeatures.js';

/** One softmax classifier over the shared hashed features: its classes, a bias and a weight per bucket and class. */
export interface Head {
  classes: string[];
  bias: Float64Array;
  /** dims × classes.length, bucket-major. */
  weights: Float32Array;
}

const StoredHead = z.strictObject({
  classes: z.array(z.string()).min(2),
  bias: z.array(z.number()),
  /** How an Int16 weight is turned back into a number. */
  scale: z.number().positive(),
  /** base64 of the kept entries: Uint32 bucket × classes + class, then Int16 weights, in two runs. */
  entries: z.string(),
  weights: z.string(),
});

const StoredModel = z.strictObject({
  format: z.literal(1),
  dims: z.number().int().positive(),
  /** What the model was trained on (a hash of the corpus, seeds and training options), to tell a stale file. */
  trainedOn: z.string(),
  /** Decision thresholds chosen by cross-validation on the training lots, never on the blind lot. */
  thresholds: z.record(z.string(), z.number()),
  heads: z.record(z.string(), StoredHead),
});

/**
 * A small linear model: one softmax head per question (tier, situation, who, language) over the
 * same hashed features, so one pass over a message answers them all. Stored gzipped with Int16
 * weights, dropping the ones too small to matter; in memory it is a Float32Array per head.
 * Written for this project because the npm classifiers that install offline are word-level
 * (no character n-grams, which carry typos and Sheng) or keep dense matrices far larger than this.
 */
export class LinearModel {
  constructor(
    readonly dims: number,
    readonly heads: Record<string, Head>,
    readonly thresholds: Record<string, number>,
    readonly trainedOn: string,
  ) {}

  /** The probabilities of each class of a head, in the head's class order. */
  predict(head: string, features: Features): Map<string, number> {
    const h = this.heads[head];
    if (!h) throw new Error(`the crisis model has no head "${head}"`);
    const k = h.classes.length;
    const logits = Array.from(h.bias);
    for (let f = 0; f < features.index.length; f++) {
      const row = features.index[f]! * k;
      const x = features.value[f]!;
      for (let c = 0; c < k; c++) logits[c]! += h.weights[row + c]! * x;
    }
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(l - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    return new Map(h.classes.map((c, i) => [c, exps[i]! / sum]));
  }

  /** Bytes of weights held in memory. */
  get memoryBytes(): number {
    return Object.values(this.heads).reduce((sum, h) => sum + h.weights.byteLength + h.bias.byteLength, 0);
  }

  serialize(): Buffer {
    const heads = Object.fromEntries(
      Object.entries(this.heads).map(([name, h]) => {
        const max = h.weights.reduce((m, w) => Math.max(m, Math.abs(w)), 1e-9);
        const scale = max / 32767;
        const entries: number[] = [];
        const values: number[] = [];
        h.weights.forEach((w, i) => {
          const q = Math.round(w / scale);
          if (Math.abs(q) >= 8) {
            entries.push(i);
            values.push(q);
          }
        });
        return [
          name,
          {
            classes: h.classes,
            bias: Array.from(h.bias),
            scale,
            entries: Buffer.from(Uint32Array.from(entries).buffer).toString('base64'),
            weights: Buffer.from(Int16Array.from(values).buffer).toString('base64'),
          },
        ];
      }),
    );
    const stored = { format: 1, dims: this.dims, trainedOn: this.trainedOn, thresholds: this.thresholds, heads };
    return gzipSync(JSON.stringify(stored), { level: 9 });
  }

  /** Read a model file; a damaged or foreign file is an error that says so. */
  static deserialize(data: Buffer): LinearModel {
    const stored = StoredModel.parse(JSON.parse(gunzipSync(data).toString('utf8')));
    const heads: Record<string, Head> = {};
    for (const [name, h] of Object.entries(stored.heads)) {
      const k = h.classes.length;
      const entries = new Uint32Array(bytes(h.entries).buffer);
      const values = new Int16Array(bytes(h.weights).buffer);
      if (entries.length !== values.length || h.bias.length !== k) throw new Error(`the crisis model's head "${name}" is damaged`);
      const weights = new Float32Array(stored.dims * k);
      entries.forEach((at, i) => {
        if (at >= weights.length) throw new Error(`the crisis model's head "${name}" is damaged`);
        weights[at] = values[i]! * h.scale;
      });
      heads[name] = { classes: h.classes, bias: Float64Array.from(h.bias), weights };
    }
    return new LinearModel(stored.dims, heads, stored.thresholds, stored.trainedOn);
  }
}

/** base64 to bytes in a fresh, aligned buffer (typed arrays need their own alignment). */
function bytes(base64: string): Uint8Array {
  const decoded = Buffer.from(base64, 'base64');
  const copy = new Uint8Array(decoded.length);
  copy.set(decoded);
  return copy;
}
