/**
 * The fields of the asset specification JSON (asset-web-page.md §4) checked and normalised: required fields
 * present and non-blank, numbers accepted as JSON numbers or numeric strings, absolute http(s) URLs for the
 * contract and the trackers (a tracker URL without a scheme gets `http://`, as SparkBit does).
 */
export interface AssetSpec {
  name: string;
  nameShort: string;
  issuer: string;
  description: string;
  units: string;
  multiple: number;
  issueDate: string | null;
  expiryDate: string | null;
  interestRate: number | null;
  format: string | null;
  format1: string | null;
  contractUrl: string;
  trackerUrls: string[];
  iconUrl: string | null;
  imageUrl: string | null;
}

export type SpecResult = { ok: true; spec: AssetSpec } | { ok: false; reason: string };

const MAX_URL_LENGTH = 2048;
const MAX_TRACKERS = 16;

function isBlank(s: string): boolean {
  return s.replace(/[\t\n\r ]/g, '') === '';
}

/** A JSON number or a numeric string, as a finite double; undefined when absent, null when not numeric. */
export function readNumber(v: unknown): number | null | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && /^[\s]*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[\s]*$/.test(v)) {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function optString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * An absolute http(s) URL of at most MAX_URL_LENGTH characters as stored, or null. The limit applies to the URL
 * after normalisation, which is what is kept: percent-encoding makes it longer (one 'é' becomes '%C3%A9', an IDN
 * host its punycode), so checking the text as given let a 2,000-character page field become a 12,000-character URL.
 */
export function absoluteHttpUrl(text: string): string | null {
  // A cheap bound before parsing: only stripped tabs/newlines or dot segments could shrink a text of over three
  // times the limit to a URL within it, and no honest page needs that.
  if (text.length > MAX_URL_LENGTH * 3) return null;
  try {
    const u = new URL(text.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (!u.hostname) return null;
    return u.href.length <= MAX_URL_LENGTH ? u.href : null;
  } catch {
    return null;
  }
}

/** Tracker URLs: string or array of strings; `http://` prepended to scheme-less entries; kept otherwise as given. */
export function normaliseTrackerUrls(v: unknown): string[] | null {
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : null;
  if (list === null || list.length === 0 || list.length > MAX_TRACKERS) return null;
  const out: string[] = [];
  for (const entry of list) {
    if (typeof entry !== 'string' || isBlank(entry)) return null;
    const trimmed = entry.trim();
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
    const url = absoluteHttpUrl(withScheme);
    if (url === null) return null;
    if (!out.includes(url)) out.push(url);
  }
  return out;
}

export function checkSpec(json: Record<string, unknown>): SpecResult {
  const missing: string[] = [];
  const text = (key: string): string => {
    const v = json[key];
    if (typeof v !== 'string' || isBlank(v)) {
      missing.push(v === undefined ? key : `${key} (${typeof v === 'string' ? 'blank' : `not a string`})`);
      return '';
    }
    return v;
  };
  const name = text('name');
  const nameShort = text('name_short');
  const issuer = text('issuer');
  const description = text('description');
  const units = text('units');
  const multiple = readNumber(json['multiple']);
  if (multiple === undefined) missing.push('multiple');
  else if (multiple === null) missing.push('multiple (not a number)');
  let contractUrl: string | null = null;
  if (typeof json['contract_url'] !== 'string' || isBlank(json['contract_url'])) missing.push('contract_url');
  else {
    contractUrl = absoluteHttpUrl(json['contract_url']);
    if (contractUrl === null) missing.push('contract_url (not an absolute http(s) URL)');
  }
  let trackerUrls: string[] | null = null;
  if (json['coinspark_tracker_url'] === undefined) missing.push('coinspark_tracker_url');
  else {
    trackerUrls = normaliseTrackerUrls(json['coinspark_tracker_url']);
    if (trackerUrls === null) missing.push('coinspark_tracker_url (not a valid URL or list of URLs)');
  }
  if (missing.length > 0 || contractUrl === null || trackerUrls === null || typeof multiple !== 'number')
    return { ok: false, reason: `required field${missing.length > 1 ? 's' : ''} missing or invalid: ${missing.join(', ')}` };
  const interest = readNumber(json['interest_rate']);
  const icon = optString(json['icon_url']);
  const image = optString(json['image_url']);
  return {
    ok: true,
    spec: {
      name,
      nameShort,
      issuer,
      description,
      units,
      multiple,
      issueDate: optString(json['issue_date']),
      expiryDate: optString(json['expiry_date']),
      interestRate: typeof interest === 'number' ? interest : null,
      format: optString(json['format']),
      format1: optString(json['format_1']),
      contractUrl,
      trackerUrls,
      iconUrl: icon === null ? null : absoluteHttpUrl(icon),
      imageUrl: image === null ? null : absoluteHttpUrl(image),
    },
  };
}
