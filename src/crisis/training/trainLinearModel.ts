import { type Head, LinearModel } from '../LinearModel.js';
import type { Features } from '../hashedFeatures.js';

/** A training example: its features, and for each head the class it belongs to (or null: not trained on). */
export interface Example {
  features: Features;
  labels: Record<string, string | null>;
}

export interface TrainOptions {
  dims: number;
  heads: Record<string, string[]>;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/**
 * Multinomial logistic regression per head, by AdaGrad over shuffled examples (a seeded shuffle, so
 * the same data always gives the same model). Classes are weighted by the square root of their
 * rarity, so that a small situation is not drowned by a large one.
 */
export function trainLinearModel(examples: Example[], options: TrainOptions, trainedOn = ''): LinearModel {
  const random = seededRandom(options.seed);
  const heads: Record<string, Head> = {};
  for (const [name, classes] of Object.entries(options.heads)) {
    const k = classes.length;
    const weights = new Float32Array(options.dims * k);
    const squares = new Float32Array(options.dims * k);
    const bias = new Float64Array(k);
    const biasSquares = new Float64Array(k);
    const labelled = examples.filter((e) => e.labels[name] != null);
    const counts = classes.map((c) => labelled.filter((e) => e.labels[name] === c).length);
    const classWeight = counts.map((n) => (n === 0 ? 0 : Math.sqrt(labelled.length / (k * n))));
    const order = labelled.map((_, i) => i);
    const logits = new Float64Array(k);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffle(order, random);
      for (const i of order) {
        const { features, labels } = labelled[i]!;
        const target = classes.indexOf(labels[name]!);
        logits.set(bias);
        for (let f = 0; f < features.index.length; f++) {
          const row = features.index[f]! * k;
          const x = features.value[f]!;
          for (let c = 0; c < k; c++) logits[c]! += weights[row + c]! * x;
        }
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, logits[c]!);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += logits[c] = Math.exp(logits[c]! - max);
        const w = classWeight[target]!;
        for (let c = 0; c < k; c++) {
          const g = (logits[c]! / sum - (c === target ? 1 : 0)) * w;
          if (g === 0) continue;
          biasSquares[c]! += g * g;
          bias[c]! -= (options.learningRate * g) / Math.sqrt(biasSquares[c]! + 1e-8);
          for (let f = 0; f < features.index.length; f++) {
            const at = features.index[f]! * k + c;
            const grad = g * features.value[f]! + options.l2 * weights[at]!;
            squares[at]! += grad * grad;
            weights[at]! -= (options.learningRate * grad) / Math.sqrt(squares[at]! + 1e-8);
          }
        }
      }
    }
    heads[name] = { classes, bias, weights };
  }
  return new LinearModel(options.dims, heads, {}, trainedOn);
}

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
