/**
 * Who a send may go to, checked the same way in the renderer (inline, as the user types) and in main (before
 * anything is built): wallet-behaviour.md §7.2 (bitcoin: a bitcoin or CoinSpark address, flags ignored),
 * §8.1 (assets: only a CoinSpark address with the assets flag) and §8.3 (migration: the same).
 */
import { ADDRESS_FLAG_ASSETS } from '../coinspark/constants';
import { decodeAddress } from '../coinspark/address';
import { decodeBitcoinAddress, NETWORK_NAMES, type AddressKind } from '../bitcoin/address';
import type { Network } from '../model/settings';

export type SendPurpose = 'asset' | 'bitcoin' | 'migration';

export type RecipientProblemReason = 'empty' | 'not-an-address' | 'damaged-coinspark' | 'wrong-network' | 'no-assets-flag' | 'plain-bitcoin-for-assets';

export interface RecipientOk {
  ok: true;
  /** The bitcoin address paid (embedded in the CoinSpark address, or the one typed). */
  bitcoinAddress: string;
  kind: AddressKind;
  script: Uint8Array;
  /** Present when a CoinSpark address was given. */
  coinspark: { flags: number; paymentRef: bigint } | null;
}

export interface RecipientProblem {
  ok: false;
  reason: RecipientProblemReason;
  /** What is wrong, in words for the user. */
  message: string;
}

export type RecipientCheck = RecipientOk | RecipientProblem;

const problem = (reason: RecipientProblemReason, message: string): RecipientProblem => ({ ok: false, reason, message });

function networkWords(networks: Network[]): string {
  return networks.map((n) => NETWORK_NAMES[n]).join(' or ');
}

/** Checks `text` as the recipient of a send of `purpose` on `network`. */
export function checkRecipient(text: string, network: Network, purpose: SendPurpose): RecipientCheck {
  const trimmed = text.trim();
  if (trimmed === '') return problem('empty', 'Enter the recipient’s address.');
  const forAssets = purpose !== 'bitcoin';

  const plain = decodeBitcoinAddress(trimmed);
  if (plain) {
    if (!plain.networks.includes(network)) {
      return problem('wrong-network', `This is a ${networkWords(plain.networks)} address, but the wallet is on ${NETWORK_NAMES[network]}.`);
    }
    if (forAssets) {
      return problem(
        'plain-bitcoin-for-assets',
        'This is a plain bitcoin address. Assets can only be sent to a CoinSpark address (it starts with “s”) whose assets flag is set: a wallet that does not know CoinSpark could lose them.',
      );
    }
    return { ok: true, bitcoinAddress: trimmed, kind: plain.kind, script: plain.script, coinspark: null };
  }

  if (trimmed.startsWith('s')) {
    const decoded = decodeAddress(trimmed);
    if (decoded.ok) {
      const inner = decodeBitcoinAddress(decoded.value.bitcoinAddress);
      if (!inner || !inner.base58) {
        return problem('damaged-coinspark', 'This CoinSpark address is damaged: the bitcoin address inside it fails its checksum. Check it for a typing error.');
      }
      if (!inner.networks.includes(network)) {
        return problem('wrong-network', `This CoinSpark address holds a ${networkWords(inner.networks)} address, but the wallet is on ${NETWORK_NAMES[network]}.`);
      }
      const flags = decoded.value.addressFlags;
      if (forAssets && (flags & ADDRESS_FLAG_ASSETS) === 0) {
        return problem(
          'no-assets-flag',
          'This CoinSpark address does not accept assets (its assets flag is not set), so the receiving wallet could lose them. Ask the recipient for a CoinSpark address from a wallet that holds assets.',
        );
      }
      return { ok: true, bitcoinAddress: decoded.value.bitcoinAddress, kind: inner.kind, script: inner.script, coinspark: { flags, paymentRef: decoded.value.paymentRef } };
    }
  }
  return problem(
    'not-an-address',
    forAssets ? 'This is not a CoinSpark address. Assets go to a CoinSpark address, which starts with “s”.' : 'This is neither a bitcoin address nor a CoinSpark address.',
  );
}
