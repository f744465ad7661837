// The injectable SHA-256: Node's native hash (installed by the main process and the vector dispatch) must
// give exactly what the pure-JS default gives, including on reused scratch buffers and subarrays.
import * as nodeCrypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex, calcAssetHash, setSha256Implementation, sha256FromNodeCrypto } from '../../../shared/coinspark/index.js';
import { sha256 } from '../../../shared/coinspark/sha256.js';

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('setSha256Implementation', () => {
  afterEach(() => setSha256Implementation(null));

  it('native and pure-JS SHA-256 agree on any length and on subarrays', () => {
    const native = sha256FromNodeCrypto(nodeCrypto);
    for (const n of [0, 1, 55, 56, 63, 64, 65, 300, 1000, 5000]) {
      const big = randomBytes(n + 7, n);
      const view = big.subarray(3, 3 + n);
      setSha256Implementation(null);
      const js = bytesToHex(sha256(view));
      expect(bytesToHex(native(view))).toBe(js);
      setSha256Implementation(native);
      expect(bytesToHex(sha256(view))).toBe(js);
    }
  });

  it('returns plain 32-byte Uint8Arrays either way, and the asset hash does not change', () => {
    const fields = {
      name: 'Name',
      issuer: 'Issuer',
      description: 'x'.repeat(500),
      units: null,
      issueDate: null,
      expiryDate: null,
      interestRate: 1.5,
      multiple: null,
      contractContent: randomBytes(2000, 7),
    };
    const js = calcAssetHash(fields);
    setSha256Implementation(sha256FromNodeCrypto(nodeCrypto));
    const native = calcAssetHash(fields);
    expect(native.constructor).toBe(Uint8Array);
    expect(native.length).toBe(32);
    expect(bytesToHex(native)).toBe(bytesToHex(js));
  });
});
