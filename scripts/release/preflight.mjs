// First job of the release workflow (before any install): what kind of run this is, and a refusal when a release
// could not be what it claims. Plain Node, no dependencies.
//   node scripts/release/preflight.mjs                 plan the run (GITHUB_OUTPUT: release, sign, version, label)
//   node scripts/release/preflight.mjs --secrets mac   refuse a signed build whose signing secrets are missing
//   release  a version tag was pushed: sign, verify, publish a draft release
//   sign     release, or a dry run that asked to be signed (never published either way)
//   label    how the artefacts are named: '' for a release, 'dry-run', or 'UNSIGNED-dry-run'
import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @returns {{ release: boolean, sign: boolean, version: string, label: string, errors: string[] }} */
export function plan(env, pkg, identity) {
  const errors = [];
  const version = String(pkg.version ?? '');
  const release = env.GITHUB_EVENT_NAME === 'push' && env.GITHUB_REF_TYPE === 'tag';
  const dryRun = env.GITHUB_EVENT_NAME === 'workflow_dispatch';
  if (!release && !dryRun) errors.push(`a release starts from a pushed version tag or a manual dry run, not from ${env.GITHUB_EVENT_NAME ?? 'nothing'}`);
  const sign = release || (dryRun && env.INPUT_SIGN === 'true');
  if (release) {
    if (env.GITHUB_REF_NAME !== `v${version}`) errors.push(`the tag ${env.GITHUB_REF_NAME} is not v${version}, the version in package.json`);
    const feed = `${identity.feed.owner}/${identity.feed.repo}`.toLowerCase();
    if ((env.GITHUB_REPOSITORY ?? '').toLowerCase() !== feed) {
      errors.push(`this repository (${env.GITHUB_REPOSITORY}) is not the update feed the app reads (${feed}): change release-identity.json and electron-builder.yml together`);
    }
  }
  if (sign) {
    if (!identity.appleTeamId) errors.push('release-identity.json has no appleTeamId: the macOS updater could not check our signature');
    if (!identity.updateSigningPublicKey) errors.push('release-identity.json has no updateSigningPublicKey: run `npm run release:keygen -- --out <file>`');
  }
  if (sign && identity.updateSigningPublicKey) {
    const problem = signingKeyProblem(env.UPDATE_SIGNING_KEY, identity.updateSigningPublicKey);
    if (problem) errors.push(problem);
  }
  const label = release ? '' : sign ? 'dry-run' : 'UNSIGNED-dry-run';
  return { release, sign, version, label, errors };
}

/** Why the UPDATE_SIGNING_KEY secret cannot sign this release's checksums, or null when it can. */
export function signingKeyProblem(pem, committedSpki) {
  if (!pem) return 'the repository secret UPDATE_SIGNING_KEY is not set';
  let spki;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') return `UPDATE_SIGNING_KEY is an ${key.asymmetricKeyType} key, not Ed25519`;
    spki = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    return 'UPDATE_SIGNING_KEY is not a PEM private key';
  }
  return spki === committedSpki ? null : 'UPDATE_SIGNING_KEY is not the key whose public half is committed in release-identity.json';
}

/** Names of the repository secrets a signed build for `target` needs and does not have. */
export function missingSigningSecrets(target, env) {
  const has = (name) => typeof env[name] === 'string' && env[name].length > 0;
  const missing = (names) => names.filter((n) => !has(n));
  if (target === 'mac') {
    const certificate = missing(['MAC_CSC_LINK', 'MAC_CSC_KEY_PASSWORD']);
    const apiKey = missing(['APPLE_API_KEY_P8', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']);
    const appleId = missing(['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD']);
    const notarisation = apiKey.length === 0 || appleId.length === 0 ? [] : [`${apiKey.join(' + ')} (or ${appleId.join(' + ')})`];
    return [...certificate, ...notarisation];
  }
  if (target === 'win') return missing(['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']);
  return [];
}

function main() {
  const secretsFor = process.argv.indexOf('--secrets');
  if (secretsFor >= 0) {
    const target = process.argv[secretsFor + 1];
    const missing = missingSigningSecrets(target, process.env);
    for (const m of missing) console.error(`::error::signed ${target} build refused: the repository secret ${m} is not set`);
    if (missing.length === 0) console.log(`signing material for ${target}: present`);
    return missing.length === 0 ? 0 : 1;
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const identity = JSON.parse(fs.readFileSync(path.join(root, 'main', 'services', 'updates', 'release-identity.json'), 'utf8'));
  const result = plan(process.env, pkg, identity);
  for (const e of result.errors) console.error(`::error::${e}`);
  if (result.errors.length > 0) return 1;
  const lines = [`release=${result.release}`, `sign=${result.sign}`, `version=${result.version}`, `label=${result.label}`];
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
  const kind = result.release ? `release v${result.version} (signed, published as a draft)` : result.sign ? 'signed dry run (not published)' : 'UNSIGNED dry run (not published)';
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### ${kind}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
