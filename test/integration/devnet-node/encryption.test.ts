// Wallet encryption as Bitcoin Core v29 answers it (issue #13: "encrypted wallets ask for the
// passphrase"): -15 in the wrong state, -14 for a wrong passphrase, -8 for an empty one, -13 for
// signing while locked; a locked wallet still makes addresses and funds transactions, and `send`
// hands back an unsigned PSBT; the unlock expires; unload/load and restarts lock it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rpc, TestNode, Utxo, rpcError, startTestNode } from './helpers.js';

const LOCKED = { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' };
const WRONG = { code: -14, message: 'Error: The wallet passphrase entered was incorrect.' };
const EMPTY = { code: -8, message: 'passphrase cannot be empty' };

interface WalletInfo {
  unlocked_until?: number;
  keypoolsize_hd_internal: number;
  paytxfee: number;
}

describe('devnet wallet encryption', () => {
  let t: TestNode;
  let rpc: Rpc;
  let payee: string;
  const E = 'enc';

  beforeAll(async () => {
    t = await startTestNode();
    rpc = t.rpc;
    await rpc('createwallet', [E]);
    payee = await rpc<string>('getnewaddress', [], 'w');
    const a = await rpc<string>('getnewaddress', [], E);
    await rpc('sendtoaddress', [a, 1], 'w');
    await rpc('sendtoaddress', [a, 0.5], 'w');
    await rpc('generatetoaddress', [1, t.mineTo]);
  });
  afterAll(() => t?.close());

  it('refuses the passphrase RPCs on an unencrypted wallet, and an empty passphrase', async () => {
    expect(Object.keys(await rpc<WalletInfo>('getwalletinfo', [], E))).not.toContain('unlocked_until');
    expect(await rpcError(rpc('walletlock', [], E))).toEqual({ code: -15, message: 'Error: running with an unencrypted wallet, but walletlock was called.' });
    expect(await rpcError(rpc('walletpassphrase', ['p', 60], E))).toEqual({ code: -15, message: 'Error: running with an unencrypted wallet, but walletpassphrase was called.' });
    expect(await rpcError(rpc('walletpassphrasechange', ['p', 'q'], E))).toEqual({
      code: -15,
      message: 'Error: running with an unencrypted wallet, but walletpassphrasechange was called.',
    });
    expect(await rpcError(rpc('encryptwallet', [''], E))).toEqual(EMPTY);
  });

  it('encrypts with a new HD seed for new addresses, locked until walletpassphrase', async () => {
    const before = await rpc<{ hdmasterfingerprint: string }>('getaddressinfo', [await rpc<string>('getnewaddress', [], E)], E);
    expect(await rpc('encryptwallet', ['pass-1'], E)).toBe(
      'wallet encrypted; The keypool has been flushed and a new HD seed was generated. You need to make a new backup with the backupwallet RPC.',
    );
    expect(await rpcError(rpc('encryptwallet', ['pass-1'], E))).toEqual({ code: -15, message: 'Error: running with an encrypted wallet, but encryptwallet was called.' });
    const info = await rpc<WalletInfo>('getwalletinfo', [], E);
    expect(info.unlocked_until).toBe(0);
    // key order as Core: unlocked_until right after keypoolsize_hd_internal
    const keys = Object.keys(info);
    expect(keys[keys.indexOf('keypoolsize_hd_internal') + 1]).toBe('unlocked_until');
    // addresses and change addresses still come while locked, from the new seed
    const after = await rpc<{ hdmasterfingerprint: string; hdkeypath: string }>('getaddressinfo', [await rpc<string>('getnewaddress', [], E)], E);
    expect(after.hdmasterfingerprint).not.toBe(before.hdmasterfingerprint);
    expect(after.hdkeypath).toBe('m/84h/1h/0h/0/0');
    expect(await rpc<string>('getrawchangeaddress', [], E)).toMatch(/^bcrt1q/);
  });

  it('funds while locked but refuses to sign (-13); send answers an unsigned PSBT and broadcasts nothing', async () => {
    expect(await rpc<Utxo[]>('listunspent', [], E)).toHaveLength(2);
    const raw = await rpc<string>('createrawtransaction', [[], [{ [payee]: 0.1 }]]);
    const funded = await rpc<{ hex: string; fee: number }>('fundrawtransaction', [raw], E);
    expect(funded.fee).toBeGreaterThan(0);
    expect(await rpcError(rpc('signrawtransactionwithwallet', [funded.hex], E))).toEqual(LOCKED);
    const psbt = await rpc<{ psbt: string }>('walletcreatefundedpsbt', [[], [{ [payee]: 0.1 }]], E);
    expect(await rpcError(rpc('walletprocesspsbt', [psbt.psbt], E))).toEqual(LOCKED);
    expect(await rpcError(rpc('walletprocesspsbt', [psbt.psbt, true], E))).toEqual(LOCKED);
    expect(await rpc<{ complete: boolean }>('walletprocesspsbt', [psbt.psbt, false], E)).toMatchObject({ complete: false });
    expect(await rpcError(rpc('sendtoaddress', [payee, 0.1], E))).toEqual(LOCKED);
    expect(await rpcError(rpc('sendmany', ['', { [payee]: 0.1 }], E))).toEqual(LOCKED);
    const mempool = await rpc<string[]>('getrawmempool');
    const sent = await rpc<Record<string, unknown>>('send', [[{ [payee]: 0.1 }]], E);
    expect(Object.keys(sent)).toEqual(['psbt', 'complete']);
    expect(sent.complete).toBe(false);
    const decoded = await rpc<{ inputs: { partial_signatures?: unknown; final_scriptwitness?: unknown }[] }>('decodepsbt', [sent.psbt]);
    expect(decoded.inputs.every((i) => !i.partial_signatures && !i.final_scriptwitness)).toBe(true);
    expect(await rpc('getrawmempool')).toEqual(mempool);
  });

  it('unlocks with the right passphrase only, signs while unlocked, and locks again with walletlock', async () => {
    expect(await rpcError(rpc('walletpassphrase', ['wrong', 60], E))).toEqual(WRONG);
    expect(await rpcError(rpc('walletpassphrase', ['', 60], E))).toEqual(EMPTY);
    expect(await rpcError(rpc('walletpassphrase', ['pass-1', -1], E))).toEqual({ code: -8, message: 'Timeout cannot be negative.' });
    const now = Math.floor(Date.now() / 1000);
    expect(await rpc('walletpassphrase', ['pass-1', 60], E)).toBeNull();
    const until = (await rpc<WalletInfo>('getwalletinfo', [], E)).unlocked_until!;
    expect(until).toBeGreaterThanOrEqual(now + 60);
    expect(until).toBeLessThanOrEqual(now + 62);
    const txid = await rpc<string>('sendtoaddress', [payee, 0.1], E);
    expect(await rpc<string[]>('getrawmempool')).toContain(txid);
    const sent = await rpc<{ txid: string; complete: boolean }>('send', [[{ [payee]: 0.05 }]], E);
    expect(sent.complete).toBe(true);
    expect(await rpc('walletlock', [], E)).toBeNull();
    expect(await rpc('walletlock', [], E)).toBeNull();
    expect((await rpc<WalletInfo>('getwalletinfo', [], E)).unlocked_until).toBe(0);
    expect(await rpcError(rpc('sendtoaddress', [payee, 0.1], E))).toEqual(LOCKED);
    expect(await rpcError(rpc('bumpfee', [txid], E))).toEqual(LOCKED);
  });

  it('changes the passphrase only with the old one, keeping the wallet locked', async () => {
    expect(await rpcError(rpc('walletpassphrasechange', ['wrong', 'pass-2'], E))).toEqual(WRONG);
    expect(await rpcError(rpc('walletpassphrasechange', ['pass-1', ''], E))).toEqual(EMPTY);
    expect(await rpc('walletpassphrasechange', ['pass-1', 'pass-2'], E)).toBeNull();
    expect((await rpc<WalletInfo>('getwalletinfo', [], E)).unlocked_until).toBe(0);
    expect(await rpcError(rpc('walletpassphrase', ['pass-1', 60], E))).toEqual(WRONG);
    expect(await rpc('walletpassphrase', ['pass-2', 60], E)).toBeNull();
  });

  it('locks again when the timeout expires, on unloadwallet/loadwallet and on a restart', async () => {
    await rpc('walletpassphrase', ['pass-2', 1], E);
    expect((await rpc<WalletInfo>('getwalletinfo', [], E)).unlocked_until).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await rpc<WalletInfo>('getwalletinfo', [], E)).unlocked_until).toBe(0);
    expect(await rpcError(rpc('sendtoaddress', [payee, 0.1], E))).toEqual(LOCKED);
    await rpc('walletpassphrase', ['pass-2', 600], E);
    await rpc('unloadwallet', [E]);
    await rpc('loadwallet', [E]);
    expect((await rpc<WalletInfo>('getwalletinfo', [], E)).unlocked_until).toBe(0);
    await rpc('walletpassphrase', ['pass-2', 600], E);
    await t.node.restart();
    expect((await rpc<WalletInfo>('getwalletinfo', [], E)).unlocked_until).toBe(0);
    expect(await rpcError(rpc('sendtoaddress', [payee, 0.1], E))).toEqual(LOCKED);
  });

  it('creates a wallet encrypted from the start (createwallet with a passphrase)', async () => {
    expect(await rpc('createwallet', { wallet_name: 'pwd', passphrase: 'pass-3' })).toEqual({ name: 'pwd' });
    expect((await rpc<WalletInfo>('getwalletinfo', [], 'pwd')).unlocked_until).toBe(0);
    const a = await rpc<string>('getnewaddress', [], 'pwd');
    await rpc('sendtoaddress', [a, 1], 'w');
    await rpc('generatetoaddress', [1, t.mineTo]);
    expect(await rpcError(rpc('sendtoaddress', [payee, 0.1], 'pwd'))).toEqual(LOCKED);
    await rpc('walletpassphrase', ['pass-3', 60], 'pwd');
    expect(await rpc<string>('sendtoaddress', [payee, 0.1], 'pwd')).toMatch(/^[0-9a-f]{64}$/);
    expect(await rpcError(rpc('createwallet', { wallet_name: 'nokeys', disable_private_keys: true, passphrase: 'x' }))).toMatchObject({ code: -4 });
  });
});

describe('devnet wallet encryption on a persisted data directory', () => {
  it('comes back encrypted and locked, with the same passphrase and both HD seeds', async () => {
    const { startDevnetNode } = await import('../../devnet/node/index.js');
    const { cli } = await import('./rpc-client.js');
    const t = await startTestNode({ persist: true });
    try {
      const before = await t.rpc<string>('getnewaddress', [], 'w');
      await t.rpc('encryptwallet', ['secret'], 'w');
      const after = await t.rpc<string>('getnewaddress', [], 'w');
      await t.rpc('walletpassphrase', ['secret', 600], 'w');
      await t.node.stop();
      const again = await startDevnetNode({ dataDir: t.dataDir, wallets: ['w'], persist: true });
      try {
        const rpc = cli(again.rpcUrl, { cookieFile: again.cookieFile });
        expect((await rpc<{ unlocked_until: number }>('getwalletinfo', [], 'w')).unlocked_until).toBe(0);
        expect(await rpcError(rpc('walletpassphrase', ['other', 60], 'w'))).toEqual(WRONG);
        await rpc('walletpassphrase', ['secret', 60], 'w');
        // keys of the first seed and of the one made by encryptwallet are both still the wallet's
        for (const a of [before, after]) expect((await rpc<{ ismine: boolean }>('getaddressinfo', [a], 'w')).ismine).toBe(true);
        const fps = await Promise.all([before, after].map(async (a) => (await rpc<{ hdmasterfingerprint: string }>('getaddressinfo', [a], 'w')).hdmasterfingerprint));
        expect(fps[0]).not.toBe(fps[1]);
        expect(await rpc<string>('sendtoaddress', [before, 1], 'w')).toMatch(/^[0-9a-f]{64}$/);
      } finally {
        await again.stop();
      }
    } finally {
      await t.close();
    }
  });
});
