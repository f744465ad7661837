// Node-level RPCs: blockchain, mempool, raw transactions, mining, network, control.
import { addressToScript, bitcoin, classify, concat, descsum, fromHex, hash160, inferDescriptor, isHex, pushData, scriptAddress, scriptAsm, toHex } from './bitcoin.js';
import { BlockEntry, RejectError, Transaction, Tx } from './chain.js';
import { amt, JsonNum, JsonValue } from './json.js';
import { MethodDef, Params, RpcError, parseAmount } from './rpc.js';
import { NodeState } from './state.js';
import { DIFFICULTY, blockFee, blockJson, headerJson, txJson } from './txjson.js';


export function hashParam(p: Params, i: number, name: string): string {
  const v = p.str(i);
  if (v.length !== 64) throw new RpcError(-8, `${name} must be of length 64 (not ${v.length}, for '${v}')`);
  if (!isHex(v)) throw new RpcError(-8, `${name} must be hexadecimal string (not '${v}')`);
  return v.toLowerCase();
}

export function decodeTx(hex: string, tryWitness = true): Transaction | null {
  if (!isHex(hex) || hex.length === 0) return null;
  try {
    const tx = Tx.fromHex(hex);
    if (!tryWitness && tx.hasWitnesses()) return null;
    return tx;
  } catch {
    return null;
  }
}

/** The tx version of an unsigned tx with zero inputs can only be read without the segwit marker. */
export function decodeTxLenient(hex: string): Transaction | null {
  const t = decodeTx(hex);
  if (t) return t;
  if (!isHex(hex)) return null;
  // zero-input tx: bitcoinjs reads the 00 input count as the segwit marker
  try {
    const b = fromHex(hex);
    if (b.length < 10 || b[4] !== 0) return null;
    const tx = new Tx();
    const dv = new DataView(b.buffer, b.byteOffset);
    tx.version = dv.getInt32(0, true);
    let o = 5;
    const readVar = (): number => {
      const f = b[o++]!;
      if (f < 0xfd) return f;
      if (f === 0xfd) {
        const v = b[o]! | (b[o + 1]! << 8);
        o += 2;
        return v;
      }
      const v = dv.getUint32(o, true);
      o += 4;
      return v;
    };
    const nout = readVar();
    for (let i = 0; i < nout; i++) {
      const value = dv.getBigUint64(o, true);
      o += 8;
      const len = readVar();
      if (o + len > b.length) return null;
      tx.addOutput(b.slice(o, o + len), value);
      o += len;
    }
    if (o + 4 !== b.length) return null;
    tx.locktime = dv.getUint32(o, true);
    return tx;
  } catch {
    return null;
  }
}

export function chainMethods(S: NodeState): Record<string, MethodDef> {
  const C = S.chain;
  const block = (hash: string): BlockEntry => {
    const b = C.blocks.get(hash);
    if (!b) throw new RpcError(-5, 'Block not found');
    return b;
  };
  const verbosityOf = (v: JsonValue | undefined, dflt: number): number => {
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof JsonNum) return Number(v.text);
    throw new RpcError(-3, `JSON value of type ${typeof v === 'string' ? 'string' : Array.isArray(v) ? 'array' : 'object'} is not of expected type number`);
  };
  const mempoolEntryJson = (txid: string): Record<string, unknown> => {
    const e = C.mempool.get(txid)!;
    const anc = C.ancestors(txid);
    const desc = C.descendants(txid);
    const sum = (ids: Set<string>, f: (x: NonNullable<ReturnType<typeof C.mempool.get>>) => bigint | number): bigint =>
      [...ids].reduce((s, id) => s + BigInt(f(C.mempool.get(id)!)), 0n);
    const spentby: string[] = [];
    e.tx.outs.forEach((_o, n) => {
      const c = C.mempoolSpends.get(`${txid}:${n}`);
      if (c) spentby.push(c);
    });
    const rbf = [e, ...[...anc].map((a) => C.mempool.get(a)!)].some((x) => x.tx.ins.some((i) => i.sequence < 0xfffffffe));
    return {
      vsize: e.vsize,
      weight: e.weight,
      time: e.time,
      height: e.height,
      descendantcount: desc.size + 1,
      descendantsize: e.vsize + Number(sum(desc, (x) => x.vsize)),
      ancestorcount: anc.size + 1,
      ancestorsize: e.vsize + Number(sum(anc, (x) => x.vsize)),
      wtxid: e.wtxid,
      fees: { base: amt(e.fee), modified: amt(e.fee), ancestor: amt(e.fee + sum(anc, (x) => x.fee)), descendant: amt(e.fee + sum(desc, (x) => x.fee)) },
      depends: [...e.parents].sort(),
      spentby: spentby.sort(),
      'bip125-replaceable': rbf,
      unbroadcast: true,
    };
  };
  /** Core's BroadcastTransaction as sendrawtransaction uses it. */
  const send = (hex: string, maxFeeRate: bigint, maxBurn: bigint): string => {
    const tx = decodeTx(hex);
    if (!tx || tx.ins.length === 0) throw new RpcError(-22, 'TX decode failed. Make sure the tx has at least one input.');
    for (const o of tx.outs)
      if ((o.script[0] === 0x6a || o.script.length > 10_000) && o.value > maxBurn) throw new RpcError(-25, 'Unspendable output exceeds maximum configured by user (maxburnamount)');
    const txid = tx.getId();
    if (tx.outs.some((_o, n) => C.utxo.has(`${txid}:${n}`))) throw new RpcError(-27, 'Transaction outputs already in utxo set');
    if (C.mempool.has(txid)) return txid;
    try {
      C.acceptToMempool(tx, { maxFeeRate });
    } catch (e) {
      if (e instanceof RejectError) {
        if (e.reason === 'max-fee-exceeded') throw new RpcError(-25, e.details!);
        if (e.code === -27) throw new RpcError(-27, 'Transaction outputs already in utxo set');
        if (e.code === -25) throw new RpcError(-25, e.reason);
        throw new RpcError(-26, e.details ? `${e.reason}, ${e.details}` : e.reason);
      }
      throw e;
    }
    return txid;
  };
  /** Core's ParseFeeRate (BTC/kvB, below 1), default 0.10 BTC/kvB. */
  const maxFeeRateParam = (p: Params, i: number): bigint => {
    if (!p.has(i)) return 10_000_000n;
    const v = parseAmount(p.raw(i));
    if (v >= 100_000_000n) throw new RpcError(-8, 'Fee rates larger than or equal to 1BTC/kvB are not accepted');
    return v;
  };

  return {
    getblockchaininfo: {
      args: [],
      run: () => ({
        chain: 'regtest',
        blocks: C.height,
        headers: Math.max(...[...C.blocks.values()].filter((b) => b.failed === 'no').map((b) => b.height)),
        bestblockhash: C.tip.hash,
        bits: '207fffff',
        target: '7fffff0000000000000000000000000000000000000000000000000000000000',
        difficulty: DIFFICULTY,
        time: C.tip.time,
        mediantime: C.tip.mtp,
        verificationprogress: 1,
        initialblockdownload: false,
        chainwork: C.tip.chainwork.toString(16).padStart(64, '0'),
        size_on_disk: [...C.blocks.values()].reduce((s, b) => s + b.size + 8, 0),
        pruned: false,
        warnings: [],
      }),
    },
    getnetworkinfo: {
      args: [],
      run: () => ({
        version: 290300,
        subversion: '/Satoshi:29.3.0/',
        protocolversion: 70016,
        localservices: '0000000000000c09',
        localservicesnames: ['NETWORK', 'WITNESS', 'NETWORK_LIMITED', 'P2P_V2'],
        localrelay: true,
        timeoffset: 0,
        networkactive: true,
        connections: 0,
        connections_in: 0,
        connections_out: 0,
        networks: [
          ['ipv4', false], ['ipv6', false], ['onion', true], ['i2p', true], ['cjdns', true],
        ].map(([name, limited]) => ({ name, limited, reachable: !limited, proxy: '', proxy_randomize_credentials: false })),
        relayfee: amt(100),
        incrementalfee: amt(100),
        localaddresses: [],
        warnings: [],
      }),
    },
    getindexinfo: {
      args: [{ name: 'index_name', type: 'str' }],
      run: (p) => {
        const name = p.str(0, '');
        if (!S.txindex || (name && name !== 'txindex')) return {};
        return { txindex: { synced: true, best_block_height: C.height } };
      },
    },
    getconnectioncount: { args: [], run: () => 0 },
    ping: { args: [], run: () => null },
    getblockcount: { args: [], run: () => C.height },
    getbestblockhash: { args: [], run: () => C.tip.hash },
    getdifficulty: { args: [], run: () => DIFFICULTY },
    getchaintips: { args: [], run: () => C.chainTips() },
    uptime: { args: [], run: () => Math.floor(Date.now() / 1000) - S.startTime },
    getblockhash: {
      args: [{ name: 'height', type: 'num', required: true }],
      run: (p) => {
        const h = p.int(0);
        if (h < 0 || h > C.height) throw new RpcError(-8, 'Block height out of range');
        return C.active[h]!.hash;
      },
    },
    getblockheader: {
      args: [{ name: 'blockhash', type: 'str', required: true }, { name: 'verbose', type: 'bool' }],
      run: (p) => {
        const b = block(hashParam(p, 0, 'blockhash'));
        return p.bool(1, true) ? headerJson(C, b) : toHex(b.raw.subarray(0, 80));
      },
    },
    getblock: {
      args: [{ name: 'blockhash', type: 'str', required: true }, { name: 'verbosity|verbose', type: 'any' }],
      run: (p) => {
        const hash = hashParam(p, 0, 'blockhash');
        const v = verbosityOf(p.raw(1), 1);
        const b = block(hash);
        if (v <= 0) return toHex(b.raw);
        return blockJson(C, b, v);
      },
    },
    getrawtransaction: {
      args: [{ name: 'txid', type: 'str', required: true }, { name: 'verbosity|verbose', type: 'any' }, { name: 'blockhash', type: 'str' }],
      run: (p) => {
        const txid = hashParam(p, 0, 'parameter 1');
        if (txid === C.active[0]!.txids[0]) throw new RpcError(-5, 'The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved');
        const v = verbosityOf(p.raw(1), 0);
        let b: BlockEntry | undefined;
        let idx = -1;
        let tx: Transaction | undefined;
        let inMempool = false;
        if (p.has(2)) {
          const bh = hashParam(p, 2, 'parameter 3');
          b = C.blocks.get(bh);
          if (!b) throw new RpcError(-5, 'Block hash not found');
          idx = b.txids.indexOf(txid);
          if (idx < 0) throw new RpcError(-5, 'No such transaction found in the provided block. Use gettransaction for wallet transactions.');
          tx = b.txs[idx];
        } else {
          const st = C.txState(txid);
          if (st.kind === 'block' && !S.txindex)
            // without -txindex only the mempool is searched when no block is given
            throw new RpcError(-5, 'No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.');
          if (st.kind === 'block') {
            b = st.block;
            idx = st.index;
            tx = b.txs[idx];
          } else if (st.kind === 'mempool') {
            tx = st.entry.tx;
            inMempool = true;
          } else if (!S.txindex)
            throw new RpcError(-5, 'No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.');
          else throw new RpcError(-5, 'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.');
        }
        if (v <= 0) return tx!.toHex();
        const active = b ? C.isActive(b) : false;
        const withUndo = v >= 2 && b && active && b.undo && !inMempool;
        const j = txJson(tx!, { prevouts: withUndo && idx > 0 ? b!.undo![idx] : null, fee: withUndo ? blockFee(b!, idx) : undefined, hex: true });
        const out: Record<string, unknown> = p.has(2) ? { in_active_chain: active, ...j } : j;
        if (b) {
          out.blockhash = b.hash;
          out.confirmations = active ? C.confirmations(b) : 0;
          if (active) {
            out.time = b.time;
            out.blocktime = b.time;
          }
        }
        return out;
      },
    },
    gettxout: {
      args: [{ name: 'txid', type: 'str', required: true }, { name: 'n', type: 'num', required: true }, { name: 'include_mempool', type: 'bool' }],
      run: (p) => {
        const txid = hashParam(p, 0, 'txid');
        const n = p.int(1);
        const c = C.getCoin(txid, n, p.bool(2, true));
        if (!c) return null;
        return {
          bestblock: C.tip.hash,
          confirmations: c.mempool ? 0 : C.height - c.height + 1,
          value: amt(c.value),
          scriptPubKey: { asm: scriptAsm(c.script), desc: inferDescriptor(c.script), hex: toHex(c.script), address: scriptAddress(c.script), type: classify(c.script) },
          coinbase: c.coinbase,
        };
      },
    },
    getrawmempool: {
      args: [{ name: 'verbose', type: 'bool' }, { name: 'mempool_sequence', type: 'bool' }],
      run: (p) => {
        const verbose = p.bool(0, false);
        const seq = p.bool(1, false);
        if (verbose && seq) throw new RpcError(-8, 'Verbose results cannot contain mempool sequence values.');
        const ids = [...C.mempool.keys()];
        if (verbose) return Object.fromEntries(ids.map((id) => [id, mempoolEntryJson(id)]));
        if (seq) return { txids: ids, mempool_sequence: C.mempoolSequence };
        return ids;
      },
    },
    getmempoolentry: {
      args: [{ name: 'txid', type: 'str', required: true }],
      run: (p) => {
        const txid = hashParam(p, 0, 'parameter 1');
        if (!C.mempool.has(txid)) throw new RpcError(-5, 'Transaction not in mempool');
        return mempoolEntryJson(txid);
      },
    },
    getmempoolinfo: {
      args: [],
      run: () => {
        let bytes = 0;
        let fee = 0n;
        for (const e of C.mempool.values()) {
          bytes += e.vsize;
          fee += e.fee;
        }
        return {
          loaded: true, size: C.mempool.size, bytes, usage: C.mempool.size * 1056, total_fee: amt(fee), maxmempool: 300000000,
          mempoolminfee: amt(100), minrelaytxfee: amt(100), incrementalrelayfee: amt(100), unbroadcastcount: C.mempool.size, fullrbf: true,
        };
      },
    },
    estimatesmartfee: {
      args: [{ name: 'conf_target', type: 'num', required: true }, { name: 'estimate_mode', type: 'str' }],
      run: (p) => {
        const t = p.int(0);
        if (t < 1 || t > 1008) throw new RpcError(-8, 'Invalid conf_target, must be between 1 and 1008');
        const mode = p.str(1, 'economical').toLowerCase();
        if (!['unset', 'economical', 'conservative'].includes(mode)) throw new RpcError(-8, 'Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"');
        const e = C.fees.estimate(t);
        if (e.feeRate === null) return { errors: ['Insufficient data or no feerate found'], blocks: e.blocks };
        // never below the mempool's minimum or the relay minimum
        return { feerate: amt(e.feeRate < 100n ? 100n : e.feeRate), blocks: e.blocks };
      },
    },
    decoderawtransaction: {
      args: [{ name: 'hexstring', type: 'str', required: true }, { name: 'iswitness', type: 'bool' }],
      run: (p) => {
        const tx = decodeTxLenient(p.str(0));
        if (!tx) throw new RpcError(-22, 'TX decode failed');
        return txJson(tx);
      },
    },
    decodescript: {
      args: [{ name: 'hexstring', type: 'str', required: true }],
      run: (p) => {
        const h = p.str(0);
        if (!isHex(h)) throw new RpcError(-8, `argument must be hexadecimal string (not '${h}')`);
        const s = fromHex(h);
        const t = classify(s);
        const out: Record<string, unknown> = { asm: scriptAsm(s), desc: inferDescriptor(s), address: scriptAddress(s), type: t };
        const p2sh = (x: Uint8Array): string => scriptAddress(concat(fromHex('a914'), hash160(x), fromHex('87')))!;
        if (t !== 'nulldata' && t !== 'scripthash' && !t.startsWith('witness_v1') && t !== 'anchor') {
          out.p2sh = p2sh(s);
          if (!t.startsWith('witness_')) {
            const ws = t === 'pubkeyhash' ? concat(fromHex('0014'), s.subarray(3, 23)) : t === 'pubkey' ? concat(fromHex('0014'), hash160(s.subarray(1, s.length - 1))) : concat(fromHex('0020'), bitcoin.crypto.sha256(s));
            const inner = t === 'multisig' || t === 'nonstandard' ? inferDescriptor(s).split('#')[0]! : '';
            out.segwit = {
              asm: scriptAsm(ws),
              desc: t === 'multisig' ? descsumWsh(inner) : inferDescriptor(ws),
              hex: toHex(ws),
              address: scriptAddress(ws),
              type: classify(ws),
              'p2sh-segwit': p2sh(ws),
            };
          }
        }
        return out;
      },
    },
    createrawtransaction: {
      args: [
        { name: 'inputs', type: 'arr', required: true }, { name: 'outputs', type: 'any', required: true },
        { name: 'locktime', type: 'num' }, { name: 'replaceable', type: 'bool' },
      ],
      run: (p) => buildRawTx(p).toHex(),
    },
    testmempoolaccept: {
      args: [{ name: 'rawtxs', type: 'arr', required: true }, { name: 'maxfeerate', type: 'amount' }],
      run: (p) => {
        const raws = p.arr(0);
        if (raws.length < 1 || raws.length > 25) throw new RpcError(-8, 'Array must contain between 1 and 25 transactions.');
        const maxFeeRate = maxFeeRateParam(p, 1);
        const txs = raws.map((r) => {
          const tx = typeof r === 'string' ? decodeTx(r) : null;
          if (!tx) throw new RpcError(-22, 'TX decode failed: ' + (typeof r === 'string' ? r : '') + ' Make sure the tx has at least one input.');
          return tx;
        });
        const ids = (tx: Transaction): { txid: string; wtxid: string } => ({ txid: tx.getId(), wtxid: toRevHex(tx.getHash(true)) });
        // a package must be well formed (Core's IsWellFormedPackage) before anything is checked
        if (txs.length > 1) {
          const err = packageError(txs);
          if (err) return txs.map((tx) => ({ ...ids(tx), 'package-error': err }));
        }
        const parents = new Map<string, Transaction>();
        return txs.map((tx) => {
          const base = ids(tx);
          try {
            const e = C.acceptToMempool(tx, { maxFeeRate, testOnly: true, packageParents: parents });
            parents.set(base.txid, tx);
            return { ...base, allowed: true, vsize: e.vsize, fees: { base: amt(e.fee), 'effective-feerate': amt((e.fee * 1000n) / BigInt(e.vsize)), 'effective-includes': [e.wtxid] } };
          } catch (err) {
            if (!(err instanceof RejectError)) throw err;
            if (err.reason === 'max-fee-exceeded') return { ...base, allowed: false, 'reject-reason': 'max-fee-exceeded' };
            if (err.code === -25) return { ...base, allowed: false, 'reject-reason': 'missing-inputs' };
            return { ...base, allowed: false, 'reject-reason': err.reason, 'reject-details': err.details ? `${err.reason}, ${err.details}` : err.reason };
          }
        });
      },
    },
    sendrawtransaction: {
      args: [{ name: 'hexstring', type: 'str', required: true }, { name: 'maxfeerate', type: 'amount' }, { name: 'maxburnamount', type: 'amount' }],
      run: (p) => send(p.str(0), maxFeeRateParam(p, 1), p.has(2) ? parseAmount(p.raw(2)) : 0n),
    },
    generatetoaddress: {
      args: [{ name: 'nblocks', type: 'num', required: true }, { name: 'address', type: 'str', required: true }, { name: 'maxtries', type: 'num' }],
      run: (p) => {
        const n = p.int(0);
        const script = addressToScript(p.str(1));
        if (!script) throw new RpcError(-5, 'Error: Invalid address');
        const out: string[] = [];
        for (let i = 0; i < n; i++) out.push(C.mine(script).hash);
        return out;
      },
    },
    invalidateblock: {
      args: [{ name: 'blockhash', type: 'str', required: true }],
      run: (p) => {
        C.invalidateBlock(block(hashParam(p, 0, 'blockhash')));
        return null;
      },
    },
    reconsiderblock: {
      args: [{ name: 'blockhash', type: 'str', required: true }],
      run: (p) => {
        C.reconsiderBlock(block(hashParam(p, 0, 'blockhash')));
        return null;
      },
    },
    validateaddress: {
      args: [{ name: 'address', type: 'str', required: true }],
      run: (p) => validateAddress(p.str(0)),
    },
  };


}

const toRevHex = (b: Uint8Array): string => toHex(Uint8Array.from(b).reverse());

/** Core's IsWellFormedPackage: no duplicates, parents before children, no two spends of one coin. */
function packageError(txs: Transaction[]): string | null {
  const ids = txs.map((t) => t.getId());
  if (new Set(ids).size !== ids.length) return 'package-contains-duplicates';
  const later = new Set(ids);
  for (const tx of txs) {
    later.delete(tx.getId());
    if (tx.ins.some((i) => later.has(toRevHex(i.hash)))) return 'package-not-sorted';
  }
  const spent = new Set<string>();
  for (const tx of txs)
    for (const i of tx.ins) {
      const k = `${toRevHex(i.hash)}:${i.index}`;
      if (spent.has(k)) return 'conflict-in-package';
      spent.add(k);
    }
  return null;
}

const descsumWsh = (inner: string): string => descsum(`wsh(${inner})`);

export function validateAddress(a: string): Record<string, unknown> {
  const script = addressToScript(a);
  if (script) {
    const t = classify(script);
    const isW = t.startsWith('witness_');
    return {
      isvalid: true, address: a, scriptPubKey: toHex(script), isscript: t === 'scripthash' || t === 'witness_v0_scripthash' || t === 'witness_v1_taproot',
      iswitness: isW, witness_version: isW ? (script[0] === 0 ? 0 : script[0]! - 0x50) : undefined, witness_program: isW ? toHex(script.subarray(2)) : undefined,
    };
  }
  const { error, locations } = addressError(a);
  return { isvalid: false, error_locations: locations, error };
}

/** Core's DecodeDestination error strings (the common cases). */
export function addressError(a: string): { error: string; locations: number[] } {
  const lower = a.toLowerCase();
  const sep = lower.lastIndexOf('1');
  const hrp = sep > 0 ? lower.slice(0, sep) : '';
  if (hrp === 'bcrt' || hrp === 'bc' || hrp === 'tb') {
    if (hrp !== 'bcrt') return { error: 'Invalid or unsupported Segwit (Bech32) or Base58 encoding.', locations: [] };
    try {
      bitcoin.address.fromBech32(a);
      return { error: 'Invalid Bech32 address witness version', locations: [] };
    } catch {
      /* a checksum error: locate it below */
    }
    const loc = bech32ErrorLocation(a);
    return { error: 'Invalid Bech32 checksum', locations: loc };
  }
  try {
    bitcoin.address.fromBase58Check(a);
    return { error: 'Invalid or unsupported Base58-encoded address.', locations: [] };
  } catch {
    /* fallthrough */
  }
  if (/^[1-9A-HJ-NP-Za-km-z]+$/.test(a)) return { error: 'Invalid checksum or length of Base58 address (P2PKH or P2SH)', locations: [] };
  return { error: 'Invalid or unsupported Segwit (Bech32) or Base58 encoding.', locations: [] };
}

function bech32ErrorLocation(a: string): number[] {
  // Core locates up to two substitution errors; a single wrong character is the common case
  const CH = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const lower = a.toLowerCase();
  for (let i = lower.lastIndexOf('1') + 1; i < lower.length; i++)
    for (const c of CH) {
      if (c === lower[i]) continue;
      const cand = lower.slice(0, i) + c + lower.slice(i + 1);
      try {
        bitcoin.address.fromBech32(cand);
        return [i];
      } catch {
        /* try next */
      }
    }
  return [];
}


export function buildRawTx(p: Params, pos = { inputs: 0, outputs: 1, locktime: 2, replaceable: 3 }, rbfDefault = true): Transaction {
  const locktime = p.has(pos.locktime) ? p.int(pos.locktime) : 0;
  const rbf = pos.replaceable >= 0 ? p.bool(pos.replaceable, rbfDefault) : rbfDefault;
  return constructTransaction(p.arr(pos.inputs), p.raw(pos.outputs), locktime, rbf);
}

/** Core's ConstructTransaction (createrawtransaction, walletcreatefundedpsbt, send). */
export function constructTransaction(inputs: JsonValue[], outs: JsonValue | undefined, locktime: number, rbf: boolean): Transaction {
  const tx = new Tx();
  tx.version = 2;
  if (locktime < 0 || locktime > 0xffffffff) throw new RpcError(-8, 'Invalid parameter, locktime out of range');
  tx.locktime = locktime;
  for (const inp of inputs) {
    if (typeof inp !== 'object' || inp === null || Array.isArray(inp) || inp instanceof JsonNum) throw new RpcError(-3, 'Invalid parameter, expected object');
    const o = inp as Record<string, JsonValue>;
    const txid = typeof o.txid === 'string' ? o.txid : '';
    if (txid.length !== 64 || !isHex(txid)) throw new RpcError(-8, `txid must be of length 64 (not ${txid.length}, for '${txid}')`);
    if (!(o.vout instanceof JsonNum)) throw new RpcError(-8, 'Invalid parameter, missing vout key');
    const vout = Number(o.vout.text);
    if (vout < 0) throw new RpcError(-8, 'Invalid parameter, vout cannot be negative');
    const seq = o.sequence instanceof JsonNum ? Number(o.sequence.text) : rbf ? 0xfffffffd : locktime ? 0xfffffffe : 0xffffffff;
    tx.addInput(fromHex(txid).reverse(), vout, seq);
  }
  const pairs: [string, JsonValue][] = [];
  if (Array.isArray(outs)) for (const o of outs) {
    if (typeof o !== 'object' || o === null || Array.isArray(o) || o instanceof JsonNum) throw new RpcError(-8, 'Invalid parameter, key-value pair not an object as expected');
    const e = Object.entries(o as Record<string, JsonValue>);
    if (e.length !== 1) throw new RpcError(-8, 'Invalid parameter, key-value pair must contain exactly one key');
    pairs.push(e[0]!);
  }
  else if (outs && typeof outs === 'object' && !(outs instanceof JsonNum)) pairs.push(...Object.entries(outs as Record<string, JsonValue>));
  else throw new RpcError(-3, 'Wrong type passed:\n{\n    "Position 2 (outputs)": "JSON value of type ' + (outs === null || outs === undefined ? 'null' : typeof outs === 'string' ? 'string' : outs instanceof JsonNum ? 'number' : 'bool') + ' is not of expected type object"\n}');
  const seen = new Set<string>();
  let hasData = false;
  for (const [k, v] of pairs) {
    if (k === 'data') {
      if (hasData) throw new RpcError(-8, 'Invalid parameter, duplicate key: data');
      hasData = true;
      const d = typeof v === 'string' ? v : '';
      if (!isHex(d)) throw new RpcError(-8, `Data must be hexadecimal string (not '${d}')`);
      tx.addOutput(concat(Uint8Array.of(0x6a), pushData(fromHex(d))), 0n);
      continue;
    }
    const script = addressToScript(k);
    if (!script) throw new RpcError(-5, `Invalid Bitcoin address: ${k}`);
    if (seen.has(k)) throw new RpcError(-8, `Invalid parameter, duplicated address: ${k}`);
    seen.add(k);
    tx.addOutput(script, parseAmount(v));
  }
  return tx;
}
