#!/usr/bin/env node
// `npm test`: typecheck, lint, xss-scan, unit + HTTP (SQLite), the same on PostgreSQL, browser suite.
// Missing PostgreSQL (TEST_DATABASE_URL) or Chromium skip their suites with a message, unless
// REQUIRE_ALL=1, when a missing prerequisite fails the run.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const requireAll = process.env.REQUIRE_ALL === '1';
const results = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
const bin = (name) => join('node_modules', '.bin', name);

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ name, status: ok ? 'ok' : 'FAILED', seconds: (Date.now() - started) / 1000 });
  return ok;
}

function files(dir, pattern) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out.sort();
}

/** Runs node's test runner, echoing its output and counting its results. */
function nodeTests(name, testFiles, env = {}) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name} (${testFiles.length} files)`);
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => {
      const count = (word) => Number(new RegExp(`^ℹ ${word} (\\d+)`, 'm').exec(out)?.[1] ?? 0);
      const passed = count('pass');
      const failed = count('fail') + count('cancelled');
      const skipped = count('skipped') + count('todo');
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += skipped;
      const ok = code === 0 && failed === 0 && passed > 0;
      results.push({ name, status: ok ? 'ok' : 'FAILED', seconds: (Date.now() - started) / 1000, detail: `${passed} passed, ${failed} failed, ${skipped} skipped` });
      resolve(ok);
    });
  });
}

function skip(name, why) {
  if (requireAll) {
    console.log(`\n=== ${name}\nREQUIRE_ALL=1 but ${why}: failing.`);
    results.push({ name, status: 'FAILED', seconds: 0, detail: why });
    totals.failed += 1;
    return false;
  }
  console.log(`\n=== ${name}\nskipped: ${why}. Set it up to run this suite (see README).`);
  results.push({ name, status: 'skipped', seconds: 0, detail: why });
  return true;
}

let ok = true;
const tsVersion = JSON.parse(readFileSync('node_modules/typescript/package.json', 'utf8')).version;
if (!tsVersion.startsWith('5.')) {
  console.log(`xss-scan needs TypeScript 5.x (found ${tsVersion}); under other versions it reports nothing.`);
  ok = false;
}
ok = step('typecheck', bin('tsc'), ['--noEmit', '-p', '.']) && ok;
ok = step('lint', bin('eslint'), ['.', '--max-warnings=0']) && ok;
{
  // xss-scan must both exit 0 and say it checked the files: a crash under the wrong TypeScript exits 0 silently.
  console.log('\n=== xss-scan');
  const started = Date.now();
  const r = spawnSync(bin('xss-scan'), ['--cwd', '.'], { encoding: 'utf8' });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  const clean = r.status === 0 && /No XSS vulnerabilities found in \d+ files/.test(r.stdout ?? '');
  results.push({ name: 'xss-scan', status: clean ? 'ok' : 'FAILED', seconds: (Date.now() - started) / 1000 });
  ok = clean && ok;
}

const unitAndHttp = [...files('src', /\.test\.tsx?$/), ...files('test/http', /\.test\.tsx?$/)];
ok = (await nodeTests('unit and HTTP tests on SQLite', unitAndHttp)) && ok;

if (process.env.TEST_DATABASE_URL) {
  ok = (await nodeTests('unit and HTTP tests on PostgreSQL', unitAndHttp, { TEST_DB: 'postgres' })) && ok;
} else {
  ok = skip('PostgreSQL suite', 'TEST_DATABASE_URL is not set') && ok;
}

const browserFiles = files('test/browser', /\.test\.tsx?$/);
if (!existsSync('/usr/bin/chromium')) {
  ok = skip('browser suite', 'Chromium was not found at /usr/bin/chromium') && ok;
} else if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
  ok = skip('browser suite', 'Java (for the Nu Html Checker) was not found') && ok;
} else if (browserFiles.length > 0) {
  ok = (await nodeTests('browser suite (Chromium, axe-core, Nu Html Checker)', browserFiles)) && ok;
}

console.log('\n=== Summary');
for (const r of results) console.log(`${r.status.padEnd(8)} ${r.name}${r.detail ? ` — ${r.detail}` : ''} (${r.seconds.toFixed(1)} s)`);
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
