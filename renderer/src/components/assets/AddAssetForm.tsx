import { useId, useState, type FormEvent } from 'react';
import { useAssetsStore } from '../../state/assets-store';
import { assetRefProblem } from '../../lib/asset-ref-input';
import { errorText } from '../../lib/errors';
import { assetLabel } from '../../lib/asset-label';

/** Add an asset by its reference, checked as the user types, errors in words. */
export function AddAssetForm({ onDone }: { onDone(): void }) {
  const add = useAssetsStore((s) => s.add);
  const select = useAssetsStore((s) => s.select);
  const [reference, setReference] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [lastRef, setLastRef] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const problem = assetRefProblem(reference);
  const shownError = serverError ?? (touched && reference !== '' ? problem : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    setServerError(null);
    setAdded(null);
    if (problem) {
      setServerError(problem);
      return;
    }
    setBusy(true);
    try {
      const { asset, outcome } = await add(reference.trim());
      const name = `${assetLabel(asset)} (${asset.assetRef ?? reference.trim()})`;
      setAdded(
        outcome === 'already'
          ? `${name} is already in your wallet.`
          : outcome === 'shown'
            ? `${name} was already in your wallet, hidden. It is shown again.`
            : `Added ${name}. Its page and balance are checked in the background.`,
      );
      setLastRef(asset.assetRef);
      setReference('');
      setTouched(false);
      select(asset.assetId);
    } catch (e) {
      setServerError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-asset" onSubmit={submit} aria-label="Add asset by reference" noValidate>
      <label htmlFor={inputId}>Asset reference</label>
      <input
        id={inputId}
        value={reference}
        placeholder="e.g. 456789-65432-9599"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        aria-invalid={shownError ? true : undefined}
        aria-describedby={shownError ? errorId : undefined}
        onChange={(e) => {
          setReference(e.target.value);
          setServerError(null);
          setAdded(null);
        }}
        onBlur={() => setTouched(true)}
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add asset'}
      </button>
      <button type="button" onClick={onDone}>
        Close
      </button>
      {shownError && (
        <p id={errorId} className="field-error" role="alert" data-testid="add-asset-error">
          {shownError}
        </p>
      )}
      {added && (
        <p className="field-ok" role="status" data-testid="add-asset-result" data-ref={lastRef ?? ''}>
          {added}
        </p>
      )}
    </form>
  );
}
