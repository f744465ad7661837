import { RpcError, TransportError } from '../core/rpc-client';

/**
 * Bitcoin Core's refusals of a transaction (sendrawtransaction, testmempoolaccept reject reasons) in words for the
 * user, each saying what happened and that nothing was sent. Messages and codes as Core v29 gives them
 * (../shared/bitcoin-core-v29/README.md, send topic).
 */
export interface BroadcastRefusal {
  reason: 'min-fee' | 'mempool-full' | 'dust' | 'missing-inputs' | 'already-confirmed' | 'conflict' | 'fee-too-high' | 'bad-signature' | 'too-large' | 'non-standard' | 'refused';
  message: string;
}

export function explainBroadcastError(error: unknown): BroadcastRefusal {
  if (!(error instanceof RpcError)) {
    return { reason: 'refused', message: `Bitcoin Core did not take the transaction (${error instanceof Error ? error.message : String(error)}). Nothing was sent.` };
  }
  return explainRejectReason(error.message, error.code);
}

/** A reject reason or error message of Core (with its code when it came as an RPC error). */
export function explainRejectReason(text: string, code?: number): BroadcastRefusal {
  const m = text.toLowerCase();
  const detail = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  if (m.includes('min relay fee not met')) {
    return { reason: 'min-fee', message: `Bitcoin Core refused the transaction: its fee is below the minimum relay fee (${detail}). Nothing was sent; review it again with a higher fee rate.` };
  }
  if (m.includes('mempool min fee not met')) {
    return { reason: 'mempool-full', message: `Bitcoin Core’s mempool is full and takes only transactions paying more (${detail}). Nothing was sent; choose a higher fee rate.` };
  }
  if (m.includes('dust')) return { reason: 'dust', message: 'Bitcoin Core refused the transaction: an output is below the dust limit. Nothing was sent.' };
  if (m.includes('missingorspent') || m.includes('missing-inputs') || m.includes('missing inputs')) {
    return { reason: 'missing-inputs', message: 'One of the outputs this transaction spends is already spent or unknown to the node (another send may have used it). Nothing was sent; review the send again so the wallet picks other coins.' };
  }
  if (m.includes('already in utxo set') || m.includes('txn-already-known') || m.includes('already in block chain')) {
    return { reason: 'already-confirmed', message: 'This transaction is already in the block chain.' };
  }
  if (m.includes('rejecting replacement') || m.includes('txn-mempool-conflict') || m.includes('conflict')) {
    return { reason: 'conflict', message: `The transaction conflicts with another one in the mempool that spends the same coins and pays at least as much (${detail}). Nothing was sent.` };
  }
  if (m.includes('fee exceeds maximum') || m.includes('max-fee-exceeded') || m.includes('absurdly-high-fee') || (code === -8 && m.includes('fee rates larger'))) {
    return { reason: 'fee-too-high', message: 'The fee is above the maximum Bitcoin Core accepts (maxfeerate). Nothing was sent; choose a lower fee rate.' };
  }
  if (m.includes('script-verify') || m.includes('signature')) {
    return { reason: 'bad-signature', message: `Bitcoin Core found a signature that does not verify (${detail}). Nothing was sent.` };
  }
  if (m.includes('tx-size')) return { reason: 'too-large', message: 'The transaction is larger than Bitcoin Core relays. Nothing was sent.' };
  if (m.includes('scriptpubkey') || m.includes('non-final') || m.includes('multi-op-return') || m.includes('version')) {
    return { reason: 'non-standard', message: `Bitcoin Core considers the transaction non-standard (${detail}) and does not relay it. Nothing was sent.` };
  }
  return { reason: 'refused', message: `Bitcoin Core refused the transaction (${detail}). Nothing was sent.` };
}

/** A transport failure means the outcome of a broadcast is not known until the node is asked again. */
export const isTransportFailure = (error: unknown): boolean => error instanceof TransportError;
