import { describe, expect, it } from 'vitest';
import { RpcError, type RpcClient } from '../../../main/services/core/rpc-client';
import { changeLocks } from '../../../main/services/safety/core-locks';
import { holdingOutputs, planLocks } from '../../../main/services/safety/lock-plan';

const K = (n: number): string => `${n.toString(16).padStart(64, '0')}:0`;

/** A fake Core wallet: lockunspent as v29 checks it (every output first, then all at once). */
function fakeCore(opts: { spent?: Set<string>; locked?: Set<string>; refuseAll?: RpcError } = {}) {
  const locked = opts.locked ?? new Set<string>();
  const calls: unknown[][] = [];
  const rpc = {
    async walletCall(method: string, params: unknown[]) {
      calls.push([method, ...params]);
      if (opts.refuseAll) throw opts.refuseAll;
      const [unlock, outs] = params as [boolean, { txid: string; vout: number }[]];
      const keys = outs.map((o) => `${o.txid}:${o.vout}`);
      for (const k of keys) {
        if (opts.spent?.has(k)) throw new RpcError(-8, 'Invalid parameter, expected unspent output', 500, method);
        if (unlock && !locked.has(k)) throw new RpcError(-8, 'Invalid parameter, expected locked output', 500, method);
      }
      for (const k of keys) (unlock ? locked.delete(k) : locked.add(k));
      return true;
    },
  } as unknown as RpcClient;
  return { rpc, calls, locked };
}

describe('lock plan', () => {
  it('locks what holds units, releases only our own locks on outputs that no longer do', () => {
    const plan = planLocks({ wanted: new Set([K(1), K(2), K(3)]), coreLocks: new Set([K(2), K(4), K(5), K(6)]), ours: new Set([K(2), K(4), K(7)]) });
    expect(plan.lock.sort()).toEqual([K(1), K(3)]);
    expect(plan.unlock).toEqual([K(4)]); // K(5), K(6): someone else's locks; K(7): no longer locked in Core
    expect([...plan.oursStanding].sort()).toEqual([K(2), K(4)]);
  });

  it('an output holds when a row has units or an unknown quantity, not when every row says zero', () => {
    const rows = [
      { assetId: 1, txid: K(1).slice(0, 64), vout: 0, qty: '0' },
      { assetId: 2, txid: K(1).slice(0, 64), vout: 0, qty: null },
      { assetId: 1, txid: K(2).slice(0, 64), vout: 0, qty: '0' },
      { assetId: 1, txid: K(3).slice(0, 64), vout: 0, qty: '12' },
      { assetId: 1, txid: K(4).slice(0, 64), vout: 0, qty: '12' }, // spent: not in the unspent set
    ];
    const held = holdingOutputs(rows as never, new Set([K(1), K(2), K(3)]), undefined);
    expect([...held].sort()).toEqual([K(1), K(3)]);
  });
});

describe('changeLocks', () => {
  it('locks 5,000 outputs persistently in 5 calls', async () => {
    const core = fakeCore();
    const keys = Array.from({ length: 5000 }, (_, i) => K(i + 1));
    const outcome = await changeLocks(core.rpc, keys, 'lock');
    expect(outcome.calls).toBe(5);
    expect(outcome.done).toHaveLength(5000);
    expect(core.locked.size).toBe(5000);
    expect(core.calls[0]![0]).toBe('lockunspent');
    expect(core.calls[0]![1]).toBe(false);
    expect(core.calls[0]![3]).toBe(true); // persistent
  });

  it('one spent output fails its whole call in Core: the call is split until it stands alone', async () => {
    const core = fakeCore({ spent: new Set([K(700)]) });
    const keys = Array.from({ length: 1000 }, (_, i) => K(i + 1));
    const outcome = await changeLocks(core.rpc, keys, 'lock');
    expect(outcome.gone).toEqual([K(700)]);
    expect(outcome.failed).toEqual([]);
    expect(outcome.done).toHaveLength(999);
    expect(outcome.calls).toBeLessThanOrEqual(1 + 2 * 10);
  });

  it('unlocks without the persistent flag (Core erases persistent locks on unlock) and treats already-unlocked as done', async () => {
    const core = fakeCore({ locked: new Set([K(1), K(2)]) });
    const outcome = await changeLocks(core.rpc, [K(1), K(2), K(3)], 'unlock');
    expect(core.calls[0]).toHaveLength(3);
    expect(outcome.done.sort()).toEqual([K(1), K(2)]);
    expect(outcome.gone).toEqual([K(3)]);
    expect(core.locked.size).toBe(0);
  });

  it('a Core without persistent locks is reported in words for every output, not retried one by one', async () => {
    const core = fakeCore({ refuseAll: new RpcError(-1, 'lockunspent unlock ( [{"txid":"hex","vout":n},...] )\n\nUpdates list…', 500, 'lockunspent') });
    const outcome = await changeLocks(core.rpc, [K(1), K(2), K(3)], 'lock');
    expect(outcome.calls).toBe(1);
    expect(outcome.failed).toHaveLength(3);
    expect(outcome.failed[0]!.message).toMatch(/needs version 23 or later/);
  });
});
