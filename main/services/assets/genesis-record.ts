import { bytesToHex, hexToBytes, type Genesis } from '../../../shared/coinspark/index';
import type { GenesisRecord } from '../../../shared/model/asset-lists';

/** Library genesis → storable record (hex bytes), keeping the raw metadata it came from. */
export function toGenesisRecord(genesis: Genesis, metadata: Uint8Array): GenesisRecord {
  return {
    qtyMantissa: genesis.qtyMantissa,
    qtyExponent: genesis.qtyExponent,
    chargeFlatMantissa: genesis.chargeFlatMantissa,
    chargeFlatExponent: genesis.chargeFlatExponent,
    chargeBasisPoints: genesis.chargeBasisPoints,
    useHttps: genesis.useHttps,
    domainName: genesis.domainName,
    usePrefix: genesis.usePrefix,
    pagePath: genesis.pagePath,
    assetHash: bytesToHex(genesis.assetHash),
    assetHashLen: genesis.assetHashLen,
    metadataHex: bytesToHex(metadata).slice(0, 160),
  };
}

/** Stored record → library genesis (for calcAssetURL, genesisHashMatches, qty…). */
export function fromGenesisRecord(record: GenesisRecord): Genesis {
  return {
    qtyMantissa: record.qtyMantissa,
    qtyExponent: record.qtyExponent,
    chargeFlatMantissa: record.chargeFlatMantissa,
    chargeFlatExponent: record.chargeFlatExponent,
    chargeBasisPoints: record.chargeBasisPoints,
    useHttps: record.useHttps,
    domainName: record.domainName,
    usePrefix: record.usePrefix,
    pagePath: record.pagePath,
    assetHash: hexToBytes(record.assetHash) ?? new Uint8Array(0),
    assetHashLen: record.assetHashLen,
  };
}
