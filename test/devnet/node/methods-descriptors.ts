// listdescriptors and importdescriptors, enough for a watch-only wallet fed with another wallet's public
// descriptors (the hardware-wallet set-up): see wallet-watch.ts. Private descriptors are not listed.
import { descsum, tpub } from './bitcoin.js';
import { JsonNum, type JsonValue } from './json.js';
import { walletFor } from './methods-wallet.js';
import { RpcError, type MethodDef } from './rpc.js';
import type { NodeState } from './state.js';
import { ADDR_TYPES, PURPOSE, wrap } from './wallet-keys.js';
import { parseWatchDescriptor } from './wallet-watch.js';

const KEYPOOL = 1000;

const num = (v: JsonValue | undefined): number | undefined => (v instanceof JsonNum ? v.value : undefined);

export function descriptorMethods(S: NodeState): Record<string, MethodDef> {
  const C = S.chain;
  return {
    listdescriptors: {
      args: [{ name: 'private', type: 'bool' }],
      wallet: true,
      run: (p, ctx) => {
        const w = walletFor(S, ctx);
        if (p.bool(0, false)) throw new RpcError(-4, 'Can\'t get descriptor string.'); // the devnet never exports private keys
        const list: { desc: string; timestamp: number; active: boolean; internal: boolean; range: [number, number]; next: number; next_index: number }[] = [];
        if (w.hasKeys) {
          const hd = w.keychain.current;
          for (const type of ADDR_TYPES) {
            for (const internal of [false, true]) {
              const next = w.keychain.next.get(`${type}/${internal ? 1 : 0}`) ?? 0;
              const desc = descsum(wrap(type, `[${hd.fp}/${PURPOSE[type]}h/1h/0h]${tpub(hd.accounts.get(type)!)}/${internal ? 1 : 0}/*`));
              list.push({ desc, timestamp: w.birthtime, active: true, internal, range: [0, next + KEYPOOL - 1], next, next_index: next });
            }
          }
        }
        for (const d of w.keychain.watched) list.push({ desc: d.desc, timestamp: d.timestamp, active: d.active, internal: d.internal, range: d.range, next: d.next, next_index: d.next });
        list.sort((a, b) => (a.desc < b.desc ? -1 : a.desc > b.desc ? 1 : 0));
        return { wallet_name: w.name, descriptors: list };
      },
    },
    importdescriptors: {
      args: [{ name: 'requests', type: 'arr', required: true }],
      wallet: true,
      run: (p, ctx) => {
        const w = walletFor(S, ctx);
        let rescanFromGenesis = false;
        const results = p.arr(0).map((req) => {
          if (req === null || typeof req !== 'object' || Array.isArray(req) || req instanceof JsonNum) return { success: false, error: { code: -3, message: 'Expected type object' } };
          const r = req as Record<string, JsonValue>;
          if (typeof r.desc !== 'string') return { success: false, error: { code: -8, message: 'Descriptor not found.' } };
          if (w.hasKeys) return { success: false, error: { code: -4, message: 'Cannot import descriptor without private keys to a wallet with private keys enabled' } };
          const ts = r.timestamp === 'now' ? Math.floor(Date.now() / 1000) : num(r.timestamp);
          if (ts === undefined) return { success: false, error: { code: -8, message: 'Missing required timestamp field for key' } };
          if (ts === 0 || ts < Math.floor(Date.now() / 1000) - 3600) rescanFromGenesis = true;
          const rawRange = r.range;
          const range: [number, number] = Array.isArray(rawRange) ? [num(rawRange[0]) ?? 0, num(rawRange[1]) ?? KEYPOOL - 1] : rawRange instanceof JsonNum ? [0, rawRange.value] : [0, KEYPOOL - 1];
          const d = parseWatchDescriptor(r.desc, r.internal === true, range, r.active === true, ts);
          if (typeof d === 'string') return { success: false, error: { code: -5, message: d } };
          const next = num(r.next_index);
          if (next !== undefined) d.next = next;
          w.keychain.importWatched(d);
          return { success: true };
        });
        // The wallet sees the coins of what it imported: the chain from the start for an old timestamp, the mempool always.
        if (rescanFromGenesis) for (const b of C.active) b.txs.forEach((t, i) => w.syncTx(t, b.txids[i]!, b));
        for (const e of C.mempool.values()) w.syncTx(e.tx, e.txid);
        return results;
      },
    },
  };
}
