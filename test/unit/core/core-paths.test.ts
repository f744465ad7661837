import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cookieCandidates, defaultCoreDataDirs, findCookie, readCookie, readCoreConf } from '../../../main/services/core/core-paths';
import { amountToSats } from '../../../main/services/core/rpc-schemas';

describe('Bitcoin Core paths', () => {
  it('knows the default data directory of each OS', () => {
    expect(defaultCoreDataDirs('linux', {}, '/home/u')).toEqual(['/home/u/.bitcoin']);
    expect(defaultCoreDataDirs('darwin', {}, '/Users/u')).toEqual(['/Users/u/Library/Application Support/Bitcoin']);
    expect(defaultCoreDataDirs('win32', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toEqual([
      'C:\\Users\\u\\AppData\\Local\\Bitcoin',
      'C:\\Users\\u\\AppData\\Roaming\\Bitcoin',
    ]);
  });

  it('looks for the cookie in the network subdirectory', () => {
    expect(cookieCandidates('mainnet', '/d')).toEqual([path.join('/d', '.cookie')]);
    expect(cookieCandidates('regtest', '/d')).toEqual([path.join('/d', 'regtest', '.cookie')]);
    expect(cookieCandidates('testnet', '/d')).toEqual([path.join('/d', 'testnet3', '.cookie'), path.join('/d', 'testnet4', '.cookie')]);
  });

  it('finds and reads a cookie, and reads what bitcoin.conf says about RPC', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-'));
    try {
      expect(findCookie('testnet', dir, undefined)).toEqual({ file: null, looked: cookieCandidates('testnet', dir) });
      fs.mkdirSync(path.join(dir, 'testnet4'));
      fs.writeFileSync(path.join(dir, 'testnet4', '.cookie'), '__cookie__:abc123\n');
      const found = findCookie('testnet', dir, undefined);
      expect(found.file).toBe(path.join(dir, 'testnet4', '.cookie'));
      expect(readCookie(found.file!)).toEqual({ user: '__cookie__', password: 'abc123' });
      fs.writeFileSync(path.join(dir, 'bad'), 'nocolon');
      expect(() => readCookie(path.join(dir, 'bad'))).toThrow(/not a Bitcoin Core cookie/);

      fs.writeFileSync(path.join(dir, 'bitcoin.conf'), 'server=1 # on\nrpcport=1111\n[regtest]\nserver=0\nrpcport=2222\n[test]\nrpcport=3333\n');
      expect(readCoreConf('mainnet', dir)).toMatchObject({ server: true, rpcPort: 1111 });
      expect(readCoreConf('regtest', dir)).toMatchObject({ server: false, rpcPort: 2222 });
      expect(readCoreConf('testnet', dir)).toMatchObject({ server: true, rpcPort: 3333 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('converts JSON amounts to satoshis exactly', () => {
    expect(amountToSats(0.1)).toBe(10_000_000n);
    expect(amountToSats(20999999.9769)).toBe(2_099_999_997_690_000n);
    expect(amountToSats(0.00000001)).toBe(1n);
    expect(amountToSats(-0.0000141)).toBe(-1410n);
  });
});
