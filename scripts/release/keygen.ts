// Makes the release signing key (Ed25519): its public half goes into release-identity.json (and so into every
// build), its private half into a new file that only you can read, for the repository secret UPDATE_SIGNING_KEY.
//
//   npm run release:keygen -- --out <file>
//
// Once a release has shipped with a key, apps in the field trust only that key: keep the private key backed up
// offline. Replacing it (--replace) means installed copies refuse every later update until reinstalled by hand.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const IDENTITY_FILE = fileURLToPath(new URL('../../main/services/updates/release-identity.json', import.meta.url));

export function newSigningKey(): { privatePem: string; publicSpki: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicSpki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

function main(argv: string[]): number {
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (!out) {
    console.error('usage: npm run release:keygen -- --out <file for the private key> [--replace]');
    return 2;
  }
  const identity = JSON.parse(fs.readFileSync(IDENTITY_FILE, 'utf8')) as Record<string, unknown>;
  if (identity.updateSigningPublicKey && !argv.includes('--replace')) {
    console.error('release-identity.json already has a signing key. Installed copies trust only that key; pass --replace only if you mean to cut them off from updates.');
    return 1;
  }
  if (fs.existsSync(out)) {
    console.error(`${out} exists; not overwriting it.`);
    return 1;
  }
  const key = newSigningKey();
  fs.writeFileSync(out, key.privatePem, { mode: 0o600, flag: 'wx' });
  identity.updateSigningPublicKey = key.publicSpki;
  fs.writeFileSync(IDENTITY_FILE, `${JSON.stringify(identity, null, 2)}\n`);
  console.log(`Private key written to ${path.resolve(out)} (readable only by you).`);
  console.log(`Public key written to ${path.relative(process.cwd(), IDENTITY_FILE)}: commit it.`);
  console.log('Now: gh secret set UPDATE_SIGNING_KEY < ' + out);
  console.log('Then keep an offline backup of the file and delete it from this machine.');
  console.log('Public key (PEM), for anyone checking SHA256SUMS.txt.sig with openssl:');
  console.log(`-----BEGIN PUBLIC KEY-----\n${key.publicSpki}\n-----END PUBLIC KEY-----`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
