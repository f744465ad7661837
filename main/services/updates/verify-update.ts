import path from 'node:path';
import { decideMacSignature, decideWindowsSignature } from './code-signature';
import type { SignatureInspector } from './inspect-signature';
import {
  CHECKSUM_FILE,
  CHECKSUM_SIGNATURE_FILE,
  releaseAssetUrl,
  type ReleaseIdentity,
  type UpdatePlatform,
} from './release-identity';
import { decideChecksum, MAX_CHECKSUM_FILE_BYTES, sha256File, SIGNATURE_BYTES, type Verdict } from './signed-checksums';

/**
 * The whole judgement on a downloaded update, in order: (1) the file is the kind this platform installs, (2) the
 * release's checksum list is signed with our key and gives this file's exact hash, (3) on macOS and Windows the
 * file's code signature is ours. Step 2 comes before 3 so that no byte we did not publish is ever unpacked or
 * handed to a signature tool. Any error on the way is a refusal.
 */
export interface VerifyDeps {
  identity: ReleaseIdentity;
  platform: UpdatePlatform;
  inspector: SignatureInspector;
  /** Downloads a file of the release (bounded by `maxBytes`); throws with a message the user can read. */
  fetchReleaseFile(url: string, maxBytes: number): Promise<Uint8Array>;
}

export type VerifiedUpdate = { accept: true; sha256: string } | { accept: false; reason: string };

/** What the updater downloads on each platform: the macOS zip (Squirrel), the NSIS installer, the AppImage. */
export const UPDATE_FILE_EXTENSION: Record<UpdatePlatform, string> = { darwin: '.zip', win32: '.exe', linux: '.AppImage' };

export async function verifyDownloadedUpdate(deps: VerifyDeps, update: { file: string; version: string }): Promise<VerifiedUpdate> {
  const fileName = path.basename(update.file);
  const extension = UPDATE_FILE_EXTENSION[deps.platform];
  if (!fileName.endsWith(extension)) return { accept: false, reason: `${fileName} is not a ${extension} file, the only kind this system installs.` };
  try {
    const [list, signature, sha256] = await Promise.all([
      deps.fetchReleaseFile(releaseAssetUrl(deps.identity, update.version, CHECKSUM_FILE), MAX_CHECKSUM_FILE_BYTES),
      deps.fetchReleaseFile(releaseAssetUrl(deps.identity, update.version, CHECKSUM_SIGNATURE_FILE), SIGNATURE_BYTES),
      sha256File(update.file),
    ]);
    const checksum = decideChecksum({ list, signature, publicKeySpki: deps.identity.updateSigningPublicKey, fileName, fileSha256: sha256 });
    if (!checksum.accept) return checksum;
    const signed = await verifyCodeSignature(deps, update.file);
    return signed.accept ? { accept: true, sha256 } : signed;
  } catch (error) {
    return { accept: false, reason: `The update could not be checked: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The operating system's code signature of an update file, or of a build artefact in the release workflow:
 * a macOS zip (unpacked, the .app inside judged) or .app bundle; a Windows executable. Linux files carry none.
 */
export async function verifyCodeSignature(deps: Pick<VerifyDeps, 'identity' | 'platform' | 'inspector'>, file: string): Promise<Verdict> {
  try {
    switch (deps.platform) {
      case 'darwin': {
        const evidence = file.endsWith('.zip') ? await deps.inspector.withMacArchive(file, (app) => deps.inspector.macApp(app)) : await deps.inspector.macApp(file);
        return decideMacSignature(evidence, deps.identity);
      }
      case 'win32':
        return decideWindowsSignature(await deps.inspector.windowsFile(file), file, deps.identity);
      case 'linux':
        return { accept: true };
    }
  } catch (error) {
    return { accept: false, reason: `The code signature could not be checked: ${error instanceof Error ? error.message : String(error)}` };
  }
}
