// The release workflow's last word on a signed build, with the updater's own rules: every macOS update zip and
// .app, every Windows executable must carry our code signature (team / publisher from release-identity.json),
// exactly as an installed copy will demand before it accepts them as an update.
//
//   tsx scripts/release/verify-build.ts <files or .app folders...>
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemSignatureInspector } from '../../main/services/updates/inspect-signature';
import { releaseIdentity, type UpdatePlatform } from '../../main/services/updates/release-identity';
import { verifyCodeSignature } from '../../main/services/updates/verify-update';

async function main(files: string[]): Promise<number> {
  const platform: UpdatePlatform | null = process.platform === 'darwin' || process.platform === 'win32' ? process.platform : null;
  if (!platform) {
    console.error('::error::code signatures are checked on macOS and Windows only');
    return 2;
  }
  if (files.length === 0) {
    console.error('::error::no artefacts to check');
    return 2;
  }
  const deps = { identity: releaseIdentity(), platform, inspector: systemSignatureInspector() };
  let refused = 0;
  for (const file of files.map((f) => path.resolve(f))) {
    // Absolute, as the updater's downloads are: PowerShell reports the full path it checked, and the decision
    // refuses evidence about any other file.
    const verdict = await verifyCodeSignature(deps, file);
    if (verdict.accept) console.log(`signed as ours: ${path.basename(file)}`);
    else {
      refused++;
      console.error(`::error::${path.basename(file)}: ${verdict.reason}`);
    }
  }
  return refused === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
    console.error(`::error::${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
