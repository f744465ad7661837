// The sample world's assets: variety for the wallet and its UI (formats, multiples, interest, charges,
// contract types, tracker set-ups) and one of each broken case a wallet must recognise.
import type { IssuerFault } from '../issuer/host.js';
import { minimalPdf } from '../issuer/content.js';

/** How units reach the user's wallet (protocol.md §7.9). */
export type Move =
  /** an explicit transfer of `qty` units (before charges) to a user output */
  | { kind: 'transfer'; qty: bigint; confirmed: boolean }
  /** a default-route transfer sends every leftover to a user output (index 0); the issuer keeps `keep` by explicit transfer */
  | { kind: 'defaultRoute'; keep: bigint; confirmed: boolean }
  /** leftovers follow the "last regular output" rule to a user output; the issuer keeps `keep` (0: no metadata at all) */
  | { kind: 'lastOutput'; keep: bigint; confirmed: boolean };

/** What a correct wallet concludes about the asset when the world starts. */
export type ExpectedValidity = 'valid' | 'hashMismatch' | 'contractInvalid' | 'pageNotFound' | 'genesisInvalid';

export interface AssetPlan {
  key: string;
  domain: string;
  /** genesis page path; '' = derived from the genesis's first input (protocol.md §5.8) */
  pagePath: string;
  /** the hashed and display fields of the asset JSON (contract_url, trackers and icon are added by the builder) */
  spec: {
    name: string;
    name_short: string;
    issuer: string;
    description: string;
    units: string;
    multiple: number;
    format?: string;
    format_1?: string;
    issue_date?: string;
    expiry_date?: string;
    interest_rate?: number;
  };
  contract: { file: string; contentType: string; body: Uint8Array };
  iconRgb?: [number, number, number];
  qtyMantissa: number;
  qtyExponent: number;
  chargeFlatMantissa?: number;
  chargeFlatExponent?: number;
  chargeBasisPoints?: number;
  /** which trackers the JSON lists: both honest ones (array), one (a single string), or honest + lying */
  trackers: 'both' | 'single' | 'liar';
  moves: Move[];
  initialFault?: IssuerFault;
  /** pay less than the genesis minimum fee: the asset never comes into existence */
  underpaidGenesis?: boolean;
  expect: ExpectedValidity;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

export function sampleAssets(): AssetPlan[] {
  return [
    {
      key: 'gold',
      domain: 'gold.example',
      pagePath: 'gold',
      spec: {
        name: 'Devnet Gold Certificate',
        name_short: 'dGOLD',
        issuer: 'Gold Example Vaults Ltd',
        description: 'Each unit is a claim on one hundredth of a gram of allocated gold held in the Example vault.',
        units: '1 gram of gold',
        multiple: 0.01,
        format: '* g',
        format_1: '1 gram',
        issue_date: '2024-01-01',
      },
      contract: {
        file: 'gold-contract.pdf',
        contentType: 'application/pdf',
        body: minimalPdf('Gold Certificate Contract', [
          'Gold Example Vaults Ltd undertakes to deliver to the holder of 100 units',
          'one gram of gold of 999.9 fineness on presentation at its vault.',
          'This contract is part of the CoinSpark devnet sample world.',
        ]),
      },
      iconRgb: [212, 175, 55],
      qtyMantissa: 1,
      qtyExponent: 6,
      trackers: 'both',
      moves: [
        { kind: 'transfer', qty: 250_000n, confirmed: true },
        { kind: 'transfer', qty: 12_345n, confirmed: false },
      ],
      expect: 'valid',
    },
    {
      key: 'silver',
      domain: 'silver.example',
      pagePath: '',
      spec: {
        name: 'Silver Ounce Token',
        name_short: 'SILVER',
        issuer: 'Silver Example Mint',
        description: 'One unit is one troy ounce of silver. Transfers carry a small payment charge.',
        units: '1 troy ounce of silver',
        multiple: 1,
        format: '* oz',
        format_1: '1 ounce',
      },
      contract: {
        file: 'silver-terms.txt',
        contentType: 'text/plain; charset=utf-8',
        body: text('SILVER OUNCE TOKEN - TERMS\n\n1. One unit represents one troy ounce of fine silver.\n2. Each transfer is charged 5 units plus 0.2 per cent.\n'),
      },
      iconRgb: [192, 192, 200],
      qtyMantissa: 50,
      qtyExponent: 3,
      chargeFlatMantissa: 5,
      chargeFlatExponent: 0,
      chargeBasisPoints: 20,
      trackers: 'both',
      moves: [
        { kind: 'transfer', qty: 1_000n, confirmed: true },
        { kind: 'defaultRoute', keep: 40_000n, confirmed: true },
      ],
      expect: 'valid',
    },
    {
      key: 'acme',
      domain: 'acme-shares.example',
      pagePath: 'acme',
      spec: {
        name: 'ACME Corp. (Devnet) Ordinary Shares',
        name_short: 'ACME',
        issuer: 'ACME Corporation <Devnet>',
        description: 'One unit is one ordinary share of ACME Corp. (voting, dividend-bearing).',
        units: '1 share',
        multiple: 1,
        format: '* shares',
        format_1: '1 share',
      },
      contract: {
        file: 'acme-articles.txt',
        contentType: 'text/plain',
        body: text('ARTICLES OF ASSOCIATION (EXCERPT)\n\nEach share carries one vote and an equal right to dividends.\n'),
      },
      iconRgb: [200, 40, 40],
      qtyMantissa: 10,
      qtyExponent: 3,
      trackers: 'single',
      moves: [
        { kind: 'lastOutput', keep: 9_000n, confirmed: true },
        { kind: 'lastOutput', keep: 0n, confirmed: false },
      ],
      expect: 'valid',
    },
    {
      key: 'bond',
      domain: 'bonds.example',
      pagePath: 'bond5',
      spec: {
        name: 'Devnet 5% Savings Bond',
        name_short: 'BOND5',
        issuer: 'Example Treasury',
        description: 'A savings bond paying 5 per cent a year, compounded continuously in the displayed balance.',
        units: '1 euro',
        multiple: 0.001,
        format: '€ *',
        issue_date: '2024-01-01T00:00:00Z',
        expiry_date: '2034-01-01T00:00:00Z',
        interest_rate: 5,
      },
      contract: {
        file: 'bond-prospectus.pdf',
        contentType: 'application/pdf',
        body: minimalPdf('Savings Bond Prospectus', ['Interest: 5% per annum.', 'Maturity: 1 January 2034.']),
      },
      iconRgb: [40, 120, 200],
      qtyMantissa: 5,
      qtyExponent: 7,
      trackers: 'both',
      moves: [{ kind: 'transfer', qty: 1_000_000n, confirmed: true }],
      expect: 'valid',
    },
    {
      key: 'credit',
      domain: 'credit.example',
      pagePath: 'credit',
      spec: {
        name: 'Café Crédit (demurrage)',
        name_short: 'CAFE',
        issuer: 'Café Example',
        description: 'Store credit that loses 2 per cent of its value a year. Contract published as HTML, which wallets must refuse.',
        units: '1 coffee',
        multiple: 1,
        format: '* coffees',
        format_1: '1 coffee',
        issue_date: '2025-06-01',
        interest_rate: -2,
      },
      contract: {
        file: 'credit-terms.html',
        contentType: 'text/html; charset=utf-8',
        body: text('<!DOCTYPE html><html><body><h1>Terms</h1><p id="t">One unit buys one coffee.</p>' +
          '<script>document.getElementById("t").textContent = "One unit buys nothing.";</script></body></html>\n'),
      },
      iconRgb: [110, 70, 40],
      qtyMantissa: 1,
      qtyExponent: 3,
      trackers: 'both',
      moves: [{ kind: 'transfer', qty: 100n, confirmed: true }],
      expect: 'contractInvalid',
    },
    {
      key: 'tin',
      domain: 'tin.example',
      pagePath: 'tin',
      spec: {
        name: 'Tin Token',
        name_short: 'TIN',
        issuer: 'Tin Example Ltd',
        description: 'Starts with its page edited after issue (hash mismatch); clearing the fault restores the page.',
        units: '1 kilogram of tin',
        multiple: 1,
      },
      contract: { file: 'tin.txt', contentType: 'text/plain', body: text('One unit is one kilogram of tin.\n') },
      iconRgb: [150, 150, 140],
      qtyMantissa: 2,
      qtyExponent: 4,
      trackers: 'both',
      moves: [{ kind: 'transfer', qty: 500n, confirmed: true }],
      initialFault: { kind: 'hashMismatch' },
      expect: 'hashMismatch',
    },
    {
      key: 'copper',
      domain: 'copper.example',
      pagePath: 'copper',
      spec: {
        name: 'Copper Note',
        name_short: 'CU',
        issuer: 'Copper Example Co',
        description: 'Starts with its page missing (HTTP 404); clearing the fault publishes it.',
        units: '1 kilogram of copper',
        multiple: 0.1,
        format: '* kg',
      },
      contract: { file: 'copper.txt', contentType: 'text/plain', body: text('Ten units are one kilogram of copper.\n') },
      iconRgb: [184, 115, 51],
      qtyMantissa: 1,
      qtyExponent: 5,
      trackers: 'both',
      moves: [{ kind: 'transfer', qty: 7_500n, confirmed: true }],
      initialFault: { kind: 'notFound' },
      expect: 'pageNotFound',
    },
    {
      key: 'lead',
      domain: 'lead.example',
      pagePath: 'lead',
      spec: {
        name: 'Lead Coin',
        name_short: 'LEAD',
        issuer: 'Lead Example',
        description: 'A valid asset whose second tracker lies about quantities.',
        units: '1 ingot',
        multiple: 1,
      },
      contract: { file: 'lead.txt', contentType: 'text/plain', body: text('One unit is one lead ingot.\n') },
      iconRgb: [90, 90, 100],
      qtyMantissa: 3,
      qtyExponent: 3,
      trackers: 'liar',
      moves: [{ kind: 'transfer', qty: 300n, confirmed: true }],
      expect: 'valid',
    },
    {
      key: 'bogus',
      domain: 'bogus.example',
      pagePath: 'bogus',
      spec: {
        name: 'Bogus Bucks',
        name_short: 'BOGUS',
        issuer: 'Nobody',
        description: 'Its genesis paid less than the minimum fee, so no units were ever created.',
        units: '1 buck',
        multiple: 1,
      },
      contract: { file: 'bogus.txt', contentType: 'text/plain', body: text('Nothing.\n') },
      qtyMantissa: 1,
      qtyExponent: 4,
      trackers: 'both',
      moves: [],
      underpaidGenesis: true,
      expect: 'genesisInvalid',
    },
  ];
}
