// Measuring helpers shared by the benchmark scripts.
import { performance } from 'node:perf_hooks';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The p-th percentile of an already sorted list. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Median wall time of `runs` calls of `fn` (ms), after one warm-up call. */
export async function timed(fn, runs = 25) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Median wall time (ms) of each of `fns`, called in turn `runs` times after one warm-up round, so a machine whose load
 * changes during the run slows them alike.
 */
export async function timedInterleaved(fns, runs = 25) {
  for (const fn of fns) await fn();
  const times = fns.map(() => []);
  for (let i = 0; i < runs; i += 1) {
    for (const [j, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      times[j].push(performance.now() - start);
    }
  }
  return times.map(median);
}

/** Completed calls per second with `concurrency` callers for `seconds`. */
export async function throughput(fn, seconds = 5, concurrency = 16) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await fn();
        done += 1;
      }
    }),
  );
  return done / seconds;
}

/** A JSON API call that throws on any non-2xx answer (string bodies are sent as JSON). */
export async function call(base, path, init = {}) {
  const json = typeof init.body === 'string' ? { 'Content-Type': 'application/json' } : {};
  const res = await fetch(base + path, { ...init, headers: { ...json, ...(init.headers ?? {}) } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.json();
}
