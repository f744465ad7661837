// Runs a command with a temporary directory of its own and fails if the command leaves anything in it.
//
//   node scripts/tmp-guard.mjs npm run test:steps
//
// `npm test` and `npm run demo` must leave no folders in the temporary directory (issue #16). Several test runs
// share this machine's /tmp at once, so a before/after listing of /tmp cannot say whose folder is whose; instead
// the command gets a fresh directory as TMPDIR (what os.tmpdir(), mkdtemp, Chromium and Playwright use), and
// whatever is still in it when the command ends was left there by the command. It is listed, then removed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/tmp-guard.mjs <command> [args…]');
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coinspark-tmp-guard-'));
const env = { ...process.env, TMPDIR: dir, TMP: dir, TEMP: dir };
// The command leads a process group of its own, and a signal to the guard (Ctrl+C, a kill, CI's time limit) goes
// to that whole group: npm and sh do not pass SIGTERM on to the processes under them, which would keep running.
const child = spawn(command, args, { stdio: 'inherit', env, detached: true });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  });
}

/**
 * The tools' own caches: one folder each that the tool reuses on every run (tsx's compile cache, Playwright's
 * transform cache, jiti's for Vite's config), not a folder per run. Outside the guard they stay in /tmp by the
 * tools' design; here they are removed with the rest and not counted.
 */
const TOOL_CACHES = [/^tsx-\d+$/, /^playwright-transform-cache-\d+$/, /^jiti$/];

/** What is left, one line per top-level entry: name, kind and how many files it holds. */
function leftovers() {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !(e.isDirectory() && TOOL_CACHES.some((re) => re.test(e.name))));
  return entries.map((entry) => {
    const full = path.join(dir, entry.name);
    if (!entry.isDirectory()) return `${entry.name} (file)`;
    let files = 0;
    try {
      files = fs.readdirSync(full, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).length;
    } catch {
      // unreadable inside: counted as empty
    }
    return `${entry.name}/ (folder, ${files} file${files === 1 ? '' : 's'})`;
  });
}

/** Whether any process of the command's group is still running (npm may end before what it started). */
function groupAlive() {
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

child.on('exit', async (code, signal) => {
  // What the command started may still be cleaning up (a demo stopping its network): wait for it, up to 60 s.
  for (let waited = 0; groupAlive() && waited < 60_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  const left = leftovers();
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    console.error(`\ntemporary directory: ${left.length} entr${left.length === 1 ? 'y was' : 'ies were'} left behind by \`${[command, ...args].join(' ')}\` (removed now):`);
    for (const line of left) console.error(`  ${line}`);
    console.error('A test or script that makes a temporary folder must remove it (test/support/temp-dir.ts does both).');
  } else {
    console.log('temporary directory: nothing left behind');
  }
  if (signal) process.kill(process.pid, signal);
  process.exit(code !== 0 ? (code ?? 1) : left.length > 0 ? 1 : 0);
});
