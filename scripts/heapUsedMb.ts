import v8 from 'node:v8';
import vm from 'node:vm';

/** A full collection where the flag can be set at run time; otherwise nothing (heap figures get noisier). */
const gc: () => void = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return () => {};
  }
})();

/** The heap in use after two full collections, in MB: what the benchmarks compare before and after. */
export function heapUsedMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
