// Wallet encryption as the RPCs see it: a passphrase (kept only as a salted PBKDF2 hash), locked or
// unlocked until a time. The devnet keeps keys in memory either way; what it emulates is Core's
// behaviour: signing needs the wallet unlocked (-13), a wrong passphrase is -14, the unlock
// expires after its timeout, unload/load and restarts lock it again.
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const ITERATIONS = 10_000;

export interface StoredCrypt {
  salt: string;
  hash: string;
}

export class WalletCrypt {
  private secret: { salt: Buffer; hash: Buffer } | null = null;
  /** unix seconds of the relock (Core's nRelockTime), 0 while locked */
  private relockTime = 0;
  private relockAtMs = 0;

  get encrypted(): boolean {
    return this.secret !== null;
  }

  /** Encrypted and not unlocked (an unencrypted wallet is never locked). */
  get locked(): boolean {
    if (!this.secret) return false;
    if (this.relockAtMs && Date.now() >= this.relockAtMs) this.lock();
    return this.relockTime === 0;
  }

  /** getwalletinfo's unlocked_until: the relock time, 0 while locked. */
  get unlockedUntil(): number {
    return this.locked ? 0 : this.relockTime;
  }

  private derive(passphrase: string, salt: Buffer): Buffer {
    return pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, ITERATIONS, 32, 'sha512');
  }

  /** encryptwallet: set the passphrase; the wallet is locked afterwards. */
  encrypt(passphrase: string): void {
    const salt = randomBytes(16);
    this.secret = { salt, hash: this.derive(passphrase, salt) };
    this.lock();
  }

  matches(passphrase: string): boolean {
    if (!this.secret) return false;
    return timingSafeEqual(this.derive(passphrase, this.secret.salt), this.secret.hash);
  }

  /** walletpassphrase: false when the passphrase is wrong. */
  unlock(passphrase: string, seconds: number): boolean {
    if (!this.matches(passphrase)) return false;
    this.relockTime = Math.floor(Date.now() / 1000) + seconds;
    this.relockAtMs = Date.now() + seconds * 1000;
    return true;
  }

  lock(): void {
    this.relockTime = 0;
    this.relockAtMs = 0;
  }

  /** walletpassphrasechange: keeps the locked/unlocked state, false when the old passphrase is wrong. */
  change(oldPassphrase: string, newPassphrase: string): boolean {
    if (!this.matches(oldPassphrase)) return false;
    const salt = randomBytes(16);
    this.secret = { salt, hash: this.derive(newPassphrase, salt) };
    return true;
  }

  toJSON(): StoredCrypt | null {
    return this.secret ? { salt: this.secret.salt.toString('hex'), hash: this.secret.hash.toString('hex') } : null;
  }

  load(s: StoredCrypt | null | undefined): void {
    this.secret = s ? { salt: Buffer.from(s.salt, 'hex'), hash: Buffer.from(s.hash, 'hex') } : null;
    this.lock();
  }
}
