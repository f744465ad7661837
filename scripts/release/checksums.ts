// The release's signed checksum list, made and checked with the same code the app uses to judge an update.
//
//   tsx scripts/release/checksums.ts write <list> <files...>       SHA-256 of each file, `sha256sum` format
//   tsx scripts/release/checksums.ts agree <list> <parts...>       every runner's own list agrees with <list>
//   tsx scripts/release/checksums.ts sign <list> <signature>       Ed25519 over the list's bytes, key from the
//                                                                  environment (UPDATE_SIGNING_KEY, PKCS#8 PEM)
//   tsx scripts/release/checksums.ts verify <list> <signature> <files...>
//                                                                  what the app will do: signature with the
//                                                                  committed public key, then each file's hash
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseIdentity } from '../../main/services/updates/release-identity';
import { decideChecksum, formatChecksums, parseChecksums, sha256File } from '../../main/services/updates/signed-checksums';

export async function writeChecksums(files: string[]): Promise<string> {
  const entries = await Promise.all(files.map(async (file) => ({ name: path.basename(file), sha256: await sha256File(file) })));
  return formatChecksums(entries);
}

/** Problems between the combined list and the lists each build runner wrote next to its files. */
export function disagreements(list: string, parts: string[]): string[] {
  const all = parseChecksums(list);
  if (typeof all === 'string') return [all];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const sums = parseChecksums(part);
    if (typeof sums === 'string') {
      problems.push(sums);
      continue;
    }
    for (const [name, sha] of sums) {
      seen.add(name);
      if (all.get(name) !== sha) problems.push(`${name}: ${all.has(name) ? 'changed between its build runner and the release' : 'built but missing from the release'}`);
    }
  }
  for (const name of all.keys()) if (!seen.has(name)) problems.push(`${name}: in the release but built by no runner`);
  return problems;
}

/** The private key, and a refusal unless its public half is the one committed in the release identity. */
export function signingKey(pem: string | undefined, committedSpki: string | null): KeyObject {
  if (!pem) throw new Error('UPDATE_SIGNING_KEY is not set: the checksum list cannot be signed.');
  const key = createPrivateKey(pem.includes('BEGIN') ? pem : Buffer.from(pem, 'base64').toString('utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`UPDATE_SIGNING_KEY is an ${key.asymmetricKeyType} key, not Ed25519.`);
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  if (!committedSpki) throw new Error('release-identity.json has no updateSigningPublicKey: run `npm run release:keygen` first.');
  if (spki !== committedSpki) throw new Error('UPDATE_SIGNING_KEY is not the key whose public half is in release-identity.json.');
  return key;
}

export function signList(list: Uint8Array, key: KeyObject): Uint8Array {
  return new Uint8Array(sign(null, list, key));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const identity = releaseIdentity();
  switch (command) {
    case 'write': {
      const [out, ...files] = args;
      if (!out || files.length === 0) break;
      fs.writeFileSync(out, await writeChecksums(files));
      console.log(`wrote ${out}: ${files.length} files`);
      return 0;
    }
    case 'agree': {
      const [list, ...parts] = args;
      if (!list || parts.length === 0) break;
      const problems = disagreements(fs.readFileSync(list, 'utf8'), parts.map((p) => fs.readFileSync(p, 'utf8')));
      for (const p of problems) console.error(`::error::${p}`);
      if (problems.length === 0) console.log(`${list} agrees with ${parts.length} runner lists`);
      return problems.length === 0 ? 0 : 1;
    }
    case 'sign': {
      const [list, out] = args;
      if (!list || !out) break;
      const key = signingKey(process.env.UPDATE_SIGNING_KEY, identity.updateSigningPublicKey);
      fs.writeFileSync(out, signList(fs.readFileSync(list), key));
      console.log(`signed ${list} -> ${out}`);
      return 0;
    }
    case 'verify': {
      const [list, sig, ...files] = args;
      if (!list || !sig || files.length === 0) break;
      const listBytes = fs.readFileSync(list);
      const signature = fs.readFileSync(sig);
      let failures = 0;
      for (const file of files) {
        const verdict = decideChecksum({ list: listBytes, signature, publicKeySpki: identity.updateSigningPublicKey, fileName: path.basename(file), fileSha256: await sha256File(file) });
        if (!verdict.accept) {
          failures++;
          console.error(`::error::${path.basename(file)}: ${verdict.reason}`);
        }
      }
      if (failures === 0) console.log(`${files.length} files match the signed ${path.basename(list)}`);
      return failures === 0 ? 0 : 1;
    }
  }
  console.error('usage: checksums.ts write <list> <files...> | agree <list> <parts...> | sign <list> <sig> | verify <list> <sig> <files...>');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`::error::${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
