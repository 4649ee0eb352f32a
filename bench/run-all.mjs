// Runs every benchmark of the project one after another and prints their figures as one table at the end
// (figure, value, baseline, ratio, target). `npm run bench` builds first, then runs this.
import { spawn } from 'node:child_process';

// `--quick`: small sizes, to check the scripts run (the figures then mean nothing).
const QUICK = process.argv.includes('--quick');
const SCRIPTS = QUICK
  ? [
      ['rows-page.mjs', '20000'],
      ['api-workloads.mjs', '2000', '2', '20000'],
      ['insert-ceiling.mjs', '5', '20', '5'],
      ['import.mjs', '5000', '2000'],
      ['realtime.mjs', '10', '20', '2'],
      ['crowd.mjs', '200', '10', '10'],
      ['pipeline.mjs', '5000'],
      ['mixed-load.mjs', '6', '10'],
      ['row-index-cap.mjs', '2000', '100'],
      ['formulas.mjs', '20000'],
      ['links.mjs', '200', '2000', '10', '5'],
      ['views.mjs', '20000'],
      ['search.mjs', '20000'],
      ['first-load.mjs', '923f57c', '1'],
    ]
  : [
      ['rows-page.mjs'],
      ['api-workloads.mjs'],
      ['insert-ceiling.mjs'],
      ['import.mjs'],
      ['realtime.mjs'],
      ['crowd.mjs'],
      ['pipeline.mjs'],
      ['mixed-load.mjs'],
      ['row-index-cap.mjs'],
      ['formulas.mjs'],
      ['links.mjs'],
      ['views.mjs'],
      ['search.mjs'],
      ['first-load.mjs'],
    ];
const HEADER = /^\|\s*figure\s*\|/;

function run(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [new URL(script, import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const rows = [];
let failed = 0;
for (const [script, ...args] of SCRIPTS) {
  process.stdout.write(`\n=== ${script} ===\n`);
  const { code, out } = await run(script, args);
  if (code !== 0) failed += 1;
  // Each script prints "| figure | value | baseline | ratio | target |" tables; keep their data rows.
  let inTable = false;
  for (const line of out.split('\n')) {
    if (HEADER.test(line)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !line.startsWith('|---')) rows.push(`| ${script.replace('.mjs', '')} |${line.slice(1)}`);
  }
  if (code !== 0) rows.push(`| ${script.replace('.mjs', '')} | FAILED (exit ${code}) | | | | |`);
}
console.log('\n| bench | figure | value | baseline | ratio | target |\n|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
process.exitCode = failed ? 1 : 0;
