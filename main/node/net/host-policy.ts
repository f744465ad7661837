import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { Network } from '../../../shared/model/settings';
import { isForbiddenAddress } from './address-policy';

/**
 * Where a URL may take the wallet. On mainnet and testnet the host name is resolved with DNS and every address
 * that is not globally routable is refused; the address that passed the check is the one connected to (no
 * second lookup, so no DNS-rebinding gap). On regtest the devnet host map sends asset domains to local ports,
 * loopback is allowed (the devnet's node, trackers and issuer host live there) but other private ranges stay
 * refused, so a "redirect to a private address" is still caught on the devnet.
 */
export interface NetPolicy {
  network: Network;
  /** Domain → "127.0.0.1:port" or "http://127.0.0.1:port"; honoured on regtest only. */
  hostMap?: Record<string, string> | undefined;
  /** DNS resolution, replaceable in tests. */
  lookup?: (hostname: string) => Promise<{ address: string; family: number }[]>;
}

export interface ResolvedTarget {
  protocol: 'http:' | 'https:';
  /** The checked IP address to connect to. */
  address: string;
  family: 4 | 6;
  port: number;
  /** Original host name: Host header and TLS server name. */
  hostname: string;
  /** Key for per-host concurrency limits. */
  hostKey: string;
}

export type ResolveResult = { ok: true; target: ResolvedTarget } | { ok: false; kind: 'scheme' | 'refused-address' | 'dns'; message: string };

const defaultLookup = async (hostname: string) => dns.lookup(hostname, { all: true, verbatim: true });

function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.');
}

function addressAllowed(address: string, network: Network): boolean {
  if (!isForbiddenAddress(address)) return true;
  return network === 'regtest' && isLoopback(address);
}

function mapHost(url: URL, policy: NetPolicy): { protocol: string; host: string; port: number } | null {
  if (policy.network !== 'regtest' || !policy.hostMap) return null;
  const entry = policy.hostMap[url.hostname.toLowerCase()];
  if (entry === undefined) return null;
  const withScheme = entry.includes('://') ? entry : `${url.protocol}//${entry}`;
  let target: URL;
  try {
    target = new URL(withScheme);
  } catch {
    return null;
  }
  const defaultPort = target.protocol === 'https:' ? 443 : 80;
  return { protocol: target.protocol, host: target.hostname, port: target.port ? Number(target.port) : defaultPort };
}

export async function resolveTarget(url: URL, policy: NetPolicy): Promise<ResolveResult> {
  const mapped = mapHost(url, policy);
  const protocol = mapped?.protocol ?? url.protocol;
  if (protocol !== 'http:' && protocol !== 'https:') return { ok: false, kind: 'scheme', message: `${protocol} URLs are not fetched` };
  const host = (mapped?.host ?? url.hostname).replace(/^\[|\]$/g, '');
  const port = mapped?.port ?? (url.port ? Number(url.port) : protocol === 'https:' ? 443 : 80);
  let candidates: { address: string; family: number }[];
  const literal = isIP(host);
  if (literal) {
    candidates = [{ address: host, family: literal }];
  } else {
    try {
      candidates = await (policy.lookup ?? defaultLookup)(host);
    } catch (e) {
      return { ok: false, kind: 'dns', message: `cannot resolve ${host}: ${(e as Error).message}` };
    }
  }
  const allowed = candidates.find((c) => addressAllowed(c.address, policy.network));
  if (!allowed) {
    const shown = candidates.map((c) => c.address).join(', ') || 'no address';
    return { ok: false, kind: 'refused-address', message: `${url.hostname} resolves to a local or private address (${shown}); refused` };
  }
  return {
    ok: true,
    target: {
      protocol: protocol as 'http:' | 'https:',
      address: allowed.address,
      family: allowed.family === 6 ? 6 : 4,
      port,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      hostKey: `${url.hostname.toLowerCase()}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`,
    },
  };
}
