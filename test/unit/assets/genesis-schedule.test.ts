import { describe, expect, it } from 'vitest';
import { newAssetRow } from '../../../shared/model/asset-lists';
import { nextGenesisAttempt, wantsGenesis } from '../../../main/services/sync/genesis-fetch';

const now = new Date('2026-03-01T00:00:00Z');
const inSeconds = (iso: string | null) => (iso === null ? 0 : (Date.parse(iso) - now.getTime()) / 1000);

describe('genesis fetching schedule (wallet-behaviour.md §4.1, SparkBit)', () => {
  it('retries at once below 10 failures, every 600 s below 20, then daily; a missing block too (not every tick for ever)', () => {
    expect(nextGenesisAttempt('TX_NOT_FOUND', 1, now)).toBeNull();
    expect(nextGenesisAttempt('GENESIS_NOT_FOUND', 9, now)).toBeNull();
    expect(inSeconds(nextGenesisAttempt('TX_NOT_FOUND', 10, now))).toBe(600);
    expect(inSeconds(nextGenesisAttempt('GENESIS_NOT_FOUND', 19, now))).toBe(600);
    expect(inSeconds(nextGenesisAttempt('TX_NOT_FOUND', 20, now))).toBe(86_400);
    expect(nextGenesisAttempt('BLOCK_NOT_FOUND', 3, now)).toBeNull();
    expect(inSeconds(nextGenesisAttempt('BLOCK_NOT_FOUND', 12, now))).toBe(600);
    expect(inSeconds(nextGenesisAttempt('BLOCK_NOT_FOUND', 500, now))).toBe(86_400);
  });

  it('selects rows without a genesis, skips hidden genesis rows and rows not yet due', () => {
    const ref = { blockNum: 1, txOffset: 81, txIDPrefix: 'abcd' };
    expect(wantsGenesis(newAssetRow(1, { fromSource: 'manual', assetRef: ref }, now), now)).toBe(true);
    expect(wantsGenesis(newAssetRow(1, { fromSource: 'manual', assetRef: ref, isVisible: false }, now), now)).toBe(true);
    expect(wantsGenesis(newAssetRow(1, { fromSource: 'genesis', genTxId: 'a'.repeat(64), isVisible: false }, now), now)).toBe(false);
    expect(wantsGenesis(newAssetRow(1, { fromSource: 'transfer', assetRef: ref, nextCheck: '2026-03-01T00:10:00.000Z' }, now), now)).toBe(false);
    const genesis = { qtyMantissa: 1, qtyExponent: 0, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false, domainName: 'x.com', usePrefix: false, pagePath: '', assetHash: '', assetHashLen: 0, metadataHex: '' };
    expect(wantsGenesis(newAssetRow(1, { fromSource: 'manual', assetRef: ref, genTxId: 'a'.repeat(64), genesis }, now), now)).toBe(false);
  });
});
