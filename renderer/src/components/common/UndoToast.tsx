import { useUndoStore } from '../../state/undo-store';

/** "Hid Silver. Undo" — a few seconds to take back a hide or a delete. */
export function UndoToast() {
  const offer = useUndoStore((s) => s.offer);
  const runUndo = useUndoStore((s) => s.runUndo);
  const close = useUndoStore((s) => s.close);
  return (
    <section className="toast-region" aria-label="Messages">
      <div role="status" aria-live="polite">
      {offer && (
        <div className={`toast${offer.error ? ' error' : ''}`} data-testid="undo-toast">
          <span>{offer.error ?? offer.text}</span>
          {!offer.error && (
            <button type="button" onClick={() => void runUndo()}>
              Undo
            </button>
          )}
          <button type="button" className="icon" aria-label="Close this message" onClick={close}>
            ✕
          </button>
        </div>
      )}
      </div>
    </section>
  );
}
