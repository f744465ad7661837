// The optional real-software suite's harness (`npm run test:core`): a throwaway real bitcoind with a funded
// wallet, the real coinsparkd and its PHP front ends following it, and a cleanup that releases all of it (pids,
// shared memory, folders) even when a test fails. Skips with a reason where the programs are absent.
export { findCoreBinaries, type Availability, type CoreBinaries } from './binaries.js';
export { startBitcoind, type BitcoindOptions, type RealBitcoind } from './bitcoind.js';
export { startCoinsparkd, type CoinsparkdOptions, type RealCoinsparkd } from './coinsparkd.js';
export { Cleanup, freePort, shmemKeysInUse, sleep, waitFor } from './processes.js';
