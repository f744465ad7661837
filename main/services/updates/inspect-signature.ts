import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MacSignatureEvidence, WindowsSignatureEvidence } from './code-signature';

/**
 * Gathers code-signature evidence with the operating system's own tools; `code-signature.ts` decides. Every tool
 * is called by absolute path (no PATH lookup), with a time limit and an output cap; a tool that fails to run is an
 * error, which the caller turns into a refusal (never into "accepted").
 */
export interface SignatureInspector {
  /** Evidence for a macOS .app bundle. */
  macApp(appPath: string): Promise<MacSignatureEvidence>;
  /** Unpacks a macOS update zip into a private temporary folder, runs `use` on the one .app inside, then removes it. */
  withMacArchive<T>(zipPath: string, use: (appPath: string) => Promise<T>): Promise<T>;
  /** Evidence for a Windows executable (installer or the app itself). */
  windowsFile(file: string): Promise<WindowsSignatureEvidence>;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

const TOOL_TIMEOUT_MS = 180_000;
const MAX_OUTPUT = 1024 * 1024;

function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, windowsHide: true, env: env ?? process.env }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        // Not an exit status: the tool could not start, timed out, or printed too much.
        reject(new Error(`${path.basename(file)} did not run: ${error.message}`));
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** PowerShell prints the object as one JSON line; the file name reaches it through the environment, never the command. */
export const AUTHENTICODE_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '$s = Get-AuthenticodeSignature -LiteralPath $env:COINSPARK_SIGNED_FILE',
  '$subject = $null',
  'if ($s.SignerCertificate) { $subject = [string]$s.SignerCertificate.Subject }',
  '[pscustomobject]@{ status = [string]$s.Status; statusMessage = [string]$s.StatusMessage; subject = $subject; path = [string]$s.Path } | ConvertTo-Json -Compress',
].join('; ');

export function parseAuthenticodeOutput(stdout: string): WindowsSignatureEvidence {
  const data = JSON.parse(stdout.trim()) as Record<string, unknown>;
  const str = (k: string): string => {
    const value = data[k];
    if (typeof value !== 'string') throw new Error(`Get-AuthenticodeSignature gave no ${k}`);
    return value;
  };
  const subject = data.subject;
  return { status: str('status'), statusMessage: str('statusMessage'), path: str('path'), subject: typeof subject === 'string' ? subject : null };
}

export function systemSignatureInspector(): SignatureInspector {
  return {
    async macApp(appPath) {
      const verify = await run('/usr/bin/codesign', ['--verify', '--deep', '--strict', '--verbose=2', appPath]);
      const display = await run('/usr/bin/codesign', ['--display', '--verbose=4', appPath]);
      if (display.code !== 0) throw new Error(`codesign could not read the signature: ${display.stderr.trim()}`);
      const gatekeeper = await run('/usr/sbin/spctl', ['--assess', '--type', 'execute', '--verbose=4', appPath]);
      return {
        verify: { ok: verify.code === 0, output: `${verify.stderr}${verify.stdout}` },
        display: `${display.stderr}${display.stdout}`,
        gatekeeper: { accepted: gatekeeper.code === 0, output: `${gatekeeper.stderr}${gatekeeper.stdout}` },
      };
    },
    async withMacArchive(zipPath, use) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'coinspark-update-'));
      try {
        const unpacked = await run('/usr/bin/ditto', ['-x', '-k', zipPath, dir]);
        if (unpacked.code !== 0) throw new Error(`the update archive could not be unpacked: ${unpacked.stderr.trim()}`);
        const apps = (await fs.readdir(dir)).filter((name) => name.endsWith('.app'));
        if (apps.length !== 1) throw new Error(`the update archive holds ${apps.length} apps, not one`);
        return await use(path.join(dir, apps[0]!));
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
    async windowsFile(file) {
      const powershell = path.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
      const ran = await run(powershell, ['-NoProfile', '-NonInteractive', '-Command', AUTHENTICODE_SCRIPT], { ...process.env, COINSPARK_SIGNED_FILE: file });
      if (ran.code !== 0) throw new Error(`Get-AuthenticodeSignature failed: ${ran.stderr.trim().split('\n')[0] ?? ''}`);
      return parseAuthenticodeOutput(ran.stdout);
    },
  };
}
