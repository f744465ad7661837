// Re-exports used by the RPC modules (keeps their import lists short).
export * from './bitcoin.js';
export { sha256 } from '@noble/hashes/sha2.js';
