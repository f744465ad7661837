import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBlockHex, parseTxHex } from '../../../main/services/core/raw-tx';

interface FixtureTx {
  txid: string;
  size: number;
  weight: number;
  hex: string;
  vin: { txid?: string; vout?: number }[];
  vout: { value: number; script: string }[];
}
const fixture = JSON.parse(fs.readFileSync(new URL('./fixtures/sample-block.json', import.meta.url), 'utf8')) as { hash: string; hex: string; txs: FixtureTx[] };

describe('raw transaction and block parsing (Core v29 recording)', () => {
  it('reads every transaction of the block with its txid', () => {
    const block = parseBlockHex(fixture.hex);
    expect(block).not.toBeNull();
    expect(block!.hash).toBe(fixture.hash);
    expect(block!.txs.map((t) => t.txid)).toEqual(fixture.txs.map((t) => t.txid));
  });

  it('counts offsets in the non-witness serialization', () => {
    const block = parseBlockHex(fixture.hex)!;
    // stripped size = (weight - size) / 3 (BIP 141)
    const stripped = fixture.txs.map((t) => (t.weight - t.size) / 3);
    let offset = 81; // 80-byte header + 1-byte count
    block.txs.forEach((tx, i) => {
      expect(tx.nonWitnessSize).toBe(stripped[i]);
      expect(tx.size).toBe(fixture.txs[i]!.size);
      expect(tx.offset).toBe(offset);
      offset += stripped[i]!;
    });
    // at least one witness transaction, so the two serializations really differ
    expect(fixture.txs.some((t) => t.size * 4 !== t.weight)).toBe(true);
  });

  it('reads inputs and outputs of each transaction', () => {
    for (const t of fixture.txs) {
      const tx = parseTxHex(t.hex)!;
      expect(tx.txid).toBe(t.txid);
      expect(tx.outputs.map((o) => Buffer.from(o.script).toString('hex'))).toEqual(t.vout.map((o) => o.script));
      expect(tx.outputs.map((o) => o.value)).toEqual(t.vout.map((o) => BigInt(Math.round(o.value * 1e8))));
      if (t.vin.every((i) => typeof i.txid === "string")) expect(tx.inputs).toEqual(t.vin);
      else expect(tx.inputs).toEqual([{ txid: '0'.repeat(64), vout: 0xffffffff }]); // coinbase
    }
  });

  it('refuses malformed bytes', () => {
    const hex = fixture.txs[1]!.hex;
    expect(parseTxHex(hex.slice(0, -2))).toBeNull();
    expect(parseTxHex(`${hex}00`)).toBeNull();
    expect(parseTxHex('zz')).toBeNull();
    expect(parseBlockHex(fixture.hex.slice(0, 200))).toBeNull();
  });
});
