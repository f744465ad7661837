import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

type NodeChild = ChildProcessByStdio<Writable, Readable, null>;

/**
 * A benchmark's devnet node in a child process of its own (so the node's work is not counted as the wallet's, as
 * with a real bitcoind): `script --node-child <dir>` is started, and its first line of output, the node's RPC address
 * and cookie file as JSON, awaited. Ending the child's stdin stops it.
 */
export async function startNodeChild(script: string, dir: string): Promise<{ child: NodeChild; info: { rpcUrl: string; cookieFile: string } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--node-child', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const info = await new Promise<{ rpcUrl: string; cookieFile: string }>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n') && line) resolve(JSON.parse(line) as { rpcUrl: string; cookieFile: string });
    });
    child.on('exit', (code) => reject(new Error(`node child exited (${code})`)));
  });
  return { child, info };
}

/** Stops the child started by startNodeChild and waits for it. */
export async function stopNodeChild(child: NodeChild): Promise<void> {
  if (child.exitCode !== null) return;
  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
}
