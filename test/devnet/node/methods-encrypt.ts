// Wallet encryption RPCs: encryptwallet, walletpassphrase, walletlock, walletpassphrasechange, with
// Bitcoin Core v29's checks in its order and its error codes (-15 wrong state, -14 wrong
// passphrase, -8 empty passphrase or negative timeout, -16 nothing to encrypt).
import { walletFor } from './methods-wallet.js';
import { MethodDef, RpcError } from './rpc.js';
import { NodeState } from './state.js';
import { Wallet } from './wallet.js';

/** Core clamps the unlock time (a libevent limit on some systems). */
const MAX_SLEEP_TIME = 100_000_000;

const unencrypted = (method: string): RpcError => new RpcError(-15, `Error: running with an unencrypted wallet, but ${method} was called.`);

function incorrect(passphrase: string): RpcError {
  if (!passphrase.includes('\0')) return new RpcError(-14, 'Error: The wallet passphrase entered was incorrect.');
  return new RpcError(
    -14,
    'Error: The wallet passphrase entered is incorrect. It contains a null character (ie - a zero byte). If the passphrase was set with a version of this software prior to 25.0, please try again with only the characters up to — but not including — the first null character. If this is successful, please set a new passphrase to avoid this issue in the future.',
  );
}

export function encryptMethods(S: NodeState): Record<string, MethodDef> {
  const W = (ctx: Parameters<MethodDef['run']>[1]): Wallet => walletFor(S, ctx);
  return {
    encryptwallet: {
      args: [{ name: 'passphrase', type: 'str', required: true }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        if (w.opts.disablePrivateKeys) throw new RpcError(-16, 'Error: wallet does not contain private keys, nothing to encrypt.');
        if (w.crypt.encrypted) throw new RpcError(-15, 'Error: running with an encrypted wallet, but encryptwallet was called.');
        const pass = p.str(0);
        if (pass === '') throw new RpcError(-8, 'passphrase cannot be empty');
        w.encrypt(pass);
        return 'wallet encrypted; The keypool has been flushed and a new HD seed was generated. You need to make a new backup with the backupwallet RPC.';
      },
    },
    walletpassphrase: {
      args: [{ name: 'passphrase', type: 'str', required: true }, { name: 'timeout', type: 'num', required: true }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        if (!w.crypt.encrypted) throw unencrypted('walletpassphrase');
        const pass = p.str(0);
        const timeout = p.int(1);
        if (timeout < 0) throw new RpcError(-8, 'Timeout cannot be negative.');
        if (pass === '') throw new RpcError(-8, 'passphrase cannot be empty');
        if (!w.crypt.unlock(pass, Math.min(timeout, MAX_SLEEP_TIME))) throw incorrect(pass);
        return null;
      },
    },
    walletlock: {
      args: [],
      wallet: true,
      run: (_p, ctx) => {
        const w = W(ctx);
        if (!w.crypt.encrypted) throw unencrypted('walletlock');
        w.crypt.lock();
        return null;
      },
    },
    walletpassphrasechange: {
      args: [{ name: 'oldpassphrase', type: 'str', required: true }, { name: 'newpassphrase', type: 'str', required: true }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        if (!w.crypt.encrypted) throw unencrypted('walletpassphrasechange');
        const oldPass = p.str(0);
        const newPass = p.str(1);
        if (oldPass === '' || newPass === '') throw new RpcError(-8, 'passphrase cannot be empty');
        if (!w.crypt.change(oldPass, newPass)) throw incorrect(oldPass);
        return null;
      },
    },
  };
}
