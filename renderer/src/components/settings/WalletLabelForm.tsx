import { useEffect, useState, type FormEvent } from 'react';
import { useAppStore } from '../../state/app-store';
import { errorText } from '../../lib/errors';

/** The name the user gives this wallet (ui.walletLabel), saved in main's settings. */
export function WalletLabelForm() {
  const saved = useAppStore((s) => s.settings?.ui.walletLabel);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (saved !== undefined) setLabel(saved);
  }, [saved]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const settings = await updateSettings({ ui: { walletLabel: label.trim() } });
      setMessage({ ok: true, text: `Saved as “${settings.ui.walletLabel || '(no label)'}”.` });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  }

  return (
    <form className="form-row" onSubmit={submit} aria-label="Wallet label">
      <label htmlFor="wallet-label">Wallet label</label>
      <input id="wallet-label" name="walletLabel" maxLength={64} value={label} onChange={(e) => setLabel(e.target.value)} disabled={saved === undefined} />
      <button type="submit" disabled={saved === undefined}>Save label</button>
      {message && (
        <p className={message.ok ? 'field-ok' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
