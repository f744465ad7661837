import { isIP } from 'node:net';
import type { Diagnosis } from '../../../shared/model/connection';
import type { Network, RpcSettings } from '../../../shared/model/settings';
import { rpcUrlOf, type ConnectionConfig } from './diagnose';

/**
 * Which credentials "Test connection" may use. The renderer names the address to test, and a page that is not
 * ours (or a compromised one) could name any listener; so the secrets the wallet holds go only where they were
 * configured to go:
 *  - the saved password (OS keychain, or the environment of the headless host) only to an address the wallet is
 *    configured for (the running connection or the saved settings);
 *  - Bitcoin Core's cookie only to such an address, or to Bitcoin Core on this computer (a loopback address):
 *    the cookie file is the local node's, and must never leave the machine;
 *  - a password typed into the form for this test goes where the form says: the user typed it for that address.
 */
export interface ConnectionForm {
  network: Network;
  rpc: RpcSettings;
  /** Typed for this test; absent when the form's password field is empty ("unchanged"). */
  password?: string | undefined;
}

/** `protocol//host:port` of the RPC address a config connects to (default port filled in), or null if invalid. */
export function rpcDestination(config: Pick<ConnectionConfig, 'network' | 'rpc'>): string | null {
  try {
    const url = new URL(rpcUrlOf({ ...config, password: undefined }));
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.protocol}//${url.hostname.toLowerCase()}:${port}`;
  } catch {
    return null;
  }
}

/** A literal loopback address or `localhost` (names are not resolved: a name could point anywhere later). */
export function isLoopbackDestination(destination: string): boolean {
  const host = new URL(destination).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

function refused(title: string, message: string): { diagnosis: Diagnosis } {
  return { diagnosis: { code: 'NOT_CONFIGURED', title, message, warnings: [] } };
}

export async function credentialsForTest(
  form: ConnectionForm,
  configured: { destinations: ReadonlySet<string>; savedPassword: () => Promise<string | undefined> },
): Promise<{ config: ConnectionConfig } | { diagnosis: Diagnosis }> {
  const destination = rpcDestination(form);
  const config: ConnectionConfig = { network: form.network, rpc: form.rpc, password: form.password };
  if (destination === null) return { config }; // diagnose says what is wrong with the address; nothing is sent
  const known = configured.destinations.has(destination);
  const where = [...configured.destinations].join(' or ') || 'no address yet';
  if (form.rpc.auth === 'password') {
    if (form.password !== undefined && form.password !== '') return { config };
    if (!known) {
      return refused(
        'Type the RPC password for this address',
        `The saved password is only ever sent to the address it was saved for (${where}). To test ${destination}, type its password in the form.`,
      );
    }
    return { config: { ...config, password: await configured.savedPassword() } };
  }
  if (!known && !isLoopbackDestination(destination)) {
    return refused(
      'A cookie is only sent to Bitcoin Core on this computer',
      `Bitcoin Core's cookie file authenticates to the node on this computer, so the wallet sends it only to a loopback address (127.0.0.1, ::1, localhost) or to the address it is configured for (${where}). To test ${destination}, use a user name and password.`,
    );
  }
  return { config };
}
