// Preloaded into the app by bench/mixed-load.mjs (node --expose-gc --require): every 2 s forces a full garbage
// collection and appends "<ms since epoch> <live heap MB>" to HEAP_PROBE_FILE. The live heap after a full GC is what a
// leak would grow; heap-used samples from /metrics also count garbage not yet collected.
'use strict';
const { appendFileSync } = require('node:fs');

const file = process.env.HEAP_PROBE_FILE;
if (file && typeof global.gc === 'function') {
  setInterval(() => {
    global.gc();
    appendFileSync(file, `${Date.now()} ${(process.memoryUsage().heapUsed / 1048576).toFixed(1)}\n`);
  }, 2000).unref();
}
