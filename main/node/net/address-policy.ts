import { isIP } from 'node:net';

/**
 * Which IP addresses an issuer or tracker URL may make the wallet connect to on mainnet/testnet. An asset page
 * is chosen by whoever issued the asset, so it must not be able to make the wallet probe the user's own network
 * (router admin pages, local services): every address that is not globally routable is refused.
 */

/** Parses dotted IPv4 to a 32-bit unsigned number, or null. */
function parseV4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const b = Number(p);
    if (b > 255) return null;
    n = n * 256 + b;
  }
  return n;
}

/** Parses IPv6 text (incl. embedded dotted IPv4 and a %zone) to 8 16-bit groups, or null. */
export function parseV6(text: string): number[] | null {
  let s = text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    s = s.slice(0, lastColon + 1) + '0'; // placeholder group, removed below
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = toGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const strip = (arr: number[]): number[] => (tail.length ? arr.slice(0, -1) : arr);
  let groups: number[];
  if (halves.length === 2) {
    const h = rest.length ? head : strip(head);
    const r = rest.length ? strip(rest) : [];
    const fill = 8 - tail.length - h.length - r.length;
    if (fill < 1) return null;
    groups = [...h, ...new Array<number>(fill).fill(0), ...r, ...tail];
  } else {
    groups = [...strip(head), ...tail];
  }
  return groups.length === 8 ? groups : null;
}

const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + broadcast
];

const V4_RANGES = V4_BLOCKED.map(([base, bits]) => {
  const b = parseV4(base) ?? 0;
  const size = 2 ** (32 - bits);
  return { start: b, end: b + size - 1 };
});

function v4Forbidden(n: number): boolean {
  return V4_RANGES.some((r) => n >= r.start && n <= r.end);
}

function v6Forbidden(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embeddedV4 = g6 * 65536 + g7;
  const zeros5 = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeros5 && g5 === 0 && g6 === 0 && (g7 === 0 || g7 === 1)) return true; // :: and ::1
  if (zeros5 && g5 === 0xffff) return v4Forbidden(embeddedV4); // IPv4-mapped ::ffff:a.b.c.d
  if (zeros5 && g5 === 0) return true; // deprecated IPv4-compatible ::a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4Forbidden(embeddedV4); // NAT64
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return true; // local-use NAT64
  if (g0 === 0x2002) return v4Forbidden(g1 * 65536 + g2); // 6to4 wraps an IPv4 address
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true; // site-local (deprecated) fec0::/10
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only 100::/64
  if (g0 === 0x2001 && g1 < 0x0200) return true; // 2001::/23 IETF protocol assignments (incl. Teredo)
  return false;
}

/** True when the address is not a plain, globally routable unicast address. Unparseable text is refused. */
export function isForbiddenAddress(address: string): boolean {
  const kind = isIP(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  if (kind === 4) {
    const n = parseV4(address);
    return n === null || v4Forbidden(n);
  }
  if (kind === 6) {
    const g = parseV6(address);
    return g === null || v6Forbidden(g);
  }
  return true;
}
