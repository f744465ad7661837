import { describe, expect, it } from 'vitest';
import { isForbiddenAddress, parseV6 } from '../../../main/node/net/address-policy';
import { resolveTarget } from '../../../main/node/net/host-policy';

describe('address policy', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '169.254.169.254', '100.64.0.1', '100.127.255.255', '0.0.0.0', '224.0.0.1', '239.255.255.250', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.1.2.3',
    '::ffff:7f00:1', '64:ff9b::a00:1', '2002:c0a8:0101::1', '::127.0.0.1', 'not-an-ip',
  ])('refuses %s', (a) => expect(isForbiddenAddress(a)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '172.15.255.255', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001::200e'])(
    'allows %s',
    (a) => expect(isForbiddenAddress(a)).toBe(false),
  );

  it('parses IPv6 forms to 8 groups', () => {
    expect(parseV6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseV6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseV6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseV6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseV6('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseV6('1::2::3')).toBeNull();
  });
});

describe('host resolution', () => {
  const lookupTo = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses names resolving only to private addresses on mainnet and testnet', async () => {
    for (const network of ['mainnet', 'testnet'] as const) {
      const r = await resolveTarget(new URL('http://issuer.example/x/'), { network, lookup: lookupTo('192.168.0.10', '::1') });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.kind).toBe('refused-address');
    }
  });

  it('connects to the public address that passed the check', async () => {
    const r = await resolveTarget(new URL('https://issuer.example/x/'), { network: 'mainnet', lookup: lookupTo('10.0.0.1', '93.184.216.34') });
    expect(r.ok && r.target).toMatchObject({ address: '93.184.216.34', port: 443, protocol: 'https:', hostname: 'issuer.example' });
  });

  it('refuses IP-literal URLs of private ranges, IPv6 included', async () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://[::1]/', 'http://[::ffff:192.168.0.1]/', 'http://169.254.169.254/latest/']) {
      const r = await resolveTarget(new URL(url), { network: 'mainnet' });
      expect(r.ok, url).toBe(false);
    }
  });

  it('applies the host map on regtest only', async () => {
    const hostMap = { 'gold.example': '127.0.0.1:4567' };
    const reg = await resolveTarget(new URL('http://gold.example/coinspark/gold/'), { network: 'regtest', hostMap });
    expect(reg.ok && reg.target).toMatchObject({ address: '127.0.0.1', port: 4567, hostname: 'gold.example' });
    const main = await resolveTarget(new URL('http://gold.example/coinspark/gold/'), { network: 'mainnet', hostMap, lookup: lookupTo('127.0.0.1') });
    expect(main.ok).toBe(false);
  });

  it('on regtest allows loopback but still refuses other private ranges', async () => {
    expect((await resolveTarget(new URL('http://127.0.0.1:1/'), { network: 'regtest' })).ok).toBe(true);
    expect((await resolveTarget(new URL('http://10.0.0.1/'), { network: 'regtest' })).ok).toBe(false);
  });

  it('refuses other schemes', async () => {
    const r = await resolveTarget(new URL('ftp://issuer.example/'), { network: 'mainnet', lookup: lookupTo('8.8.8.8') });
    expect(r.ok).toBe(false);
  });
});
