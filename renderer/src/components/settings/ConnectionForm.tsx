import { useEffect, useState, type FormEvent } from 'react';
import type { Network, RpcSettings, Settings } from '../../../../shared/model/settings';
import type { Diagnosis } from '../../../../shared/model/connection';
import { useAppStore } from '../../state/app-store';
import { errorText } from '../../lib/errors';
import { DiagnosisView } from './DiagnosisView';

const DEFAULT_PORT: Record<Network, number> = { mainnet: 8332, testnet: 18332, regtest: 18443 };

/** Bitcoin Core: URL, network, cookie or user/password, wallet name; "Test connection" before saving. */
export function ConnectionForm({ settings }: { settings: Settings }) {
  const updateSettings = useAppStore((s) => s.updateSettings);
  const runningNetwork = useAppStore((s) => s.connection?.network);
  const [network, setNetwork] = useState<Network>(settings.network);
  const [rpc, setRpc] = useState<RpcSettings>(settings.rpc);
  const [password, setPassword] = useState('');
  const [diagnosis, setDiagnosis] = useState<Diagnosis | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);

  useEffect(() => {
    setNetwork(settings.network);
    setRpc(settings.rpc);
  }, [settings.network, settings.rpc]);

  const field = <K extends keyof RpcSettings>(key: K) => ({
    value: rpc[key],
    onChange: (e: { target: { value: string } }) => setRpc((r) => ({ ...r, [key]: e.target.value })),
  });

  async function test() {
    setBusy('test');
    setDiagnosis(null);
    setMessage(null);
    try {
      // Exactly what the form shows, saved or not. An empty password field means "the saved one", which main
      // sends only to the address it was saved for.
      setDiagnosis(await window.wallet.connection.test({ network, rpc, ...(rpc.auth === 'password' && password ? { password } : {}) }));
    } catch (e) {
      setMessage({ ok: false, text: `The test could not run: ${errorText(e)}` });
    } finally {
      setBusy(null);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy('save');
    setMessage(null);
    try {
      if (rpc.auth === 'password' && password) {
        const { stored } = await window.wallet.connection.setPassword({ password });
        if (!stored) setMessage({ ok: false, text: 'The password could not be kept in the system keychain; it is used until the wallet closes.' });
      }
      await updateSettings({ network, rpc });
      setPassword('');
      setMessage((m) => m ?? { ok: true, text: 'Connection settings saved. The wallet reconnects with them.' });
      void window.wallet.connection.sync().catch(() => undefined);
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <form onSubmit={save} aria-labelledby="connection-heading" className="settings-block">
      <h2 id="connection-heading">Bitcoin Core connection</h2>
      {runningNetwork && runningNetwork !== settings.network && (
        <p className="notice info" role="note">
          This run of the wallet uses {runningNetwork}, set when it was started (command line). The saved settings below apply when it starts without them.
        </p>
      )}
      <div className="form-grid">
        <label htmlFor="rpc-network">Network</label>
        <select id="rpc-network" value={network} onChange={(e) => setNetwork(e.target.value as Network)}>
          <option value="mainnet">Bitcoin (mainnet)</option>
          <option value="testnet">Testnet</option>
          <option value="regtest">Regtest</option>
        </select>
        <label htmlFor="rpc-url">Bitcoin Core URL</label>
        <input id="rpc-url" type="url" placeholder={`http://127.0.0.1:${DEFAULT_PORT[network]}`} {...field('url')} />
        <span className="form-grid-label" id="auth-label">
          Authentication
        </span>
        <div role="radiogroup" aria-labelledby="auth-label" className="radio-row">
          <label>
            <input type="radio" name="auth" value="cookie" checked={rpc.auth === 'cookie'} onChange={() => setRpc((r) => ({ ...r, auth: 'cookie' }))} /> Cookie file
          </label>
          <label>
            <input type="radio" name="auth" value="password" checked={rpc.auth === 'password'} onChange={() => setRpc((r) => ({ ...r, auth: 'password' }))} /> User and password
          </label>
        </div>
        {rpc.auth === 'cookie' ? (
          <>
            <label htmlFor="rpc-datadir">Data directory</label>
            <input id="rpc-datadir" placeholder="Default for this system" {...field('dataDir')} />
            <label htmlFor="rpc-cookie">Cookie file</label>
            <input id="rpc-cookie" placeholder="In the data directory" {...field('cookieFile')} />
          </>
        ) : (
          <>
            <label htmlFor="rpc-user">RPC user</label>
            <input id="rpc-user" autoComplete="username" {...field('user')} />
            <label htmlFor="rpc-password">RPC password</label>
            <input id="rpc-password" type="password" autoComplete="current-password" placeholder="Unchanged" value={password} onChange={(e) => setPassword(e.target.value)} />
          </>
        )}
        <label htmlFor="rpc-wallet">Wallet name</label>
        <input id="rpc-wallet" placeholder="The node’s only loaded wallet" {...field('wallet')} />
      </div>
      <div className="form-actions">
        <button type="button" onClick={test} disabled={busy !== null}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save connection'}
        </button>
      </div>
      {diagnosis && <DiagnosisView diagnosis={diagnosis} />}
      {message && (
        <p className={message.ok ? 'field-ok' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
