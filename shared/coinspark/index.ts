/**
 * CoinSpark 2.1 protocol library (spec: protocol.md). Pure TypeScript: Uint8Array bytes, bigint
 * quantities/satoshis, numbers for indexes, counts and asset-reference fields (all < 2^32).
 * Decoders never throw on bad bytes: they return `Decoded<T>` = `{ ok: true, value } | { ok: false, error }`.
 *
 * Usage
 * -----
 * Reading a transaction (wallet sync, tracker):
 *   const tx = readTransactionMetadata(outputScripts, countInputs);
 *   // tx.genesis / tx.transfers / tx.paymentRef / tx.message (null when absent or invalid),
 *   // tx.outputsRegular, tx.metadata (first OP_RETURN push), tx.opReturnIndex
 *
 * Genesis transaction:
 *   const g = decodeGenesis(metadata);                         // Decoded<Genesis>
 *   const minFee = calcGenesisMinFee(outputsSatoshis, outputsRegular);
 *   const units = fee >= minFee ? applyGenesis(g.value, outputsRegular) : zeros;
 *   const url = calcAssetURL(g.value, vin0TxId, vin0Vout);   // asset web page (null on a bad txid)
 *   genesisTxOutputQty(scripts, outputsSatoshis, fee)          // all of the above in one call
 *   genesisQty(g), calcCharge/calcNet/calcGross(g, qty), genesisQtyFor(desired, rounding),
 *   genesisChargeFlatFor(desired, rounding), calcGenesisHashLen(g, 40), encodeGenesis(g, 40)
 *
 * Transfer transaction, per asset held in its inputs:
 *   const t = decodeTransfers(metadata, countInputs, countOutputs);  // Decoded<Transfer[]>
 *   const list = t.ok ? t.value : [];
 *   const minFee = calcTransfersMinFee(list, countInputs, outputsSatoshis, outputsRegular);
 *   const out = fee >= minFee ? applyTransfers(list, assetRef, genesis, inputBalances, outputsRegular)
 *                             : applyNoTransfers(inputBalances, outputsRegular);
 *   defaultOutputs(list, countInputs, outputsRegular)          // outputs that may receive units by default
 *   transferTxOutputQty(genesis, assetRef, inputBalances, scripts, outputsSatoshis, fee)  // one call
 *   genesisSetsAsideTransfers(metadata)   // §2.4: a list beside a genesis moves nothing (as the tracker reads it)
 *   encodeTransfers(list, countInputs, countOutputs, 40)
 *
 * Asset references `{ blockNum, txOffset, txIDPrefix: '7f25' }` (prefix = first 4 hex digits of the txid):
 *   decodeAssetRefText('456789-65432-9599'), encodeAssetRefText(ref), assetRefKey(ref),
 *   assetRefsMatch(a, b), compareAssetRefs(a, b), assetRefFromGenesisTx(block, offset, txid) (null on a
 *   bad txid), DEFAULT_ROUTE_ASSET_REF.
 * Asset hash: calcAssetHash({ name, issuer, … , contractContent }) then genesisHashMatches(genesis, hash).
 *   SHA-256 is pure JS by default; on Node install the native one once at start-up:
 *   setSha256Implementation(sha256FromNodeCrypto(await import('node:crypto'))).
 * Addresses: encodeAddress({ bitcoinAddress, addressFlags, paymentRef }), decodeAddress('s…').
 * Payment references: encodePaymentRef(ref, 40), decodePaymentRef(metadata), randomPaymentRef(fill).
 * Messages: decodeMessage(metadata, countOutputs), encodeMessage, messageServerURL, calcMessageHash.
 * Scripts: scriptToMetadata, metadataToScript, scriptsToMetadata, scriptIsRegular, appendMetadata,
 *   metadataMaxAppendLen. Encode with metadataMaxLen 40 (RECOMMENDED_METADATA_MAX_LEN).
 * Hex: bytesToHex, hexToBytes (null on bad hex), hexToBytesInto.
 *
 * Amounts: the API takes and returns bigint. applyTransfersNumber / applyNoTransfersNumber /
 * calcTransfersMinFeeNumber / calcNetNumber are exact number variants for hot loops (null when an
 * amount would leave the exact range); applyTransfers uses them internally when that is safe.
 * decodeAddressNumber is decodeAddress with the payment reference as a number (always exact: < 2^52).
 * TransferTable holds a transfer list as columns of numbers: table.decode(metadata, nIn, nOut), then
 * table.minFee / table.apply / table.defaultOutputs, with no object per transfer (for applying many lists).
 */
export * from './result.js';
export * from './constants.js';
export { bytesToHex, byteToHex, hexToBytes, hexToBytesInto, bytesEqual, concatBytes, copyBytes } from './bytes.js';
export * from './assetref.js';
export * from './mantissa.js';
export { parseIPv4, shrinkDomain, expandDomain } from './domain.js';
export * from './genesis.js';
export * from './transfer.js';
export { TransferTable } from './transfer-table.js';
export * from './paymentref.js';
export * from './address.js';
export * from './assethash.js';
export { setSha256Implementation, sha256FromNodeCrypto, type Sha256Fn, type NodeCryptoLike } from './sha256.js';
export * from './message.js';
export * from './metadata.js';
export * from './script.js';
export * from './tx.js';
