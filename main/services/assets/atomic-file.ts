import fs from 'node:fs';
import path from 'node:path';

/**
 * Crash-safe whole-file writes: write a temporary file beside the target, fsync it, rename it over the target,
 * then fsync the directory so the rename itself survives a power cut. A reader therefore sees either the old
 * or the new file, never a torn one, whatever moment the process is killed at.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  syncDirectory(dir);
}

/** fsync of a directory, so that a rename in it survives a power cut. */
export function syncDirectory(dir: string): void {
  // Directories cannot be opened for fsync on Windows; there rename is already durable enough (MoveFileEx).
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories; the data file itself is already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Temporary files left by a process killed between write and rename: they are never the live file. */
export function removeStaleTemporaries(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix) && name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
}
