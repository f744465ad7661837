import { useEffect, useState } from 'react';
import { copyText } from '../../lib/clipboard';

/** A small "Copy" button; `label` names what is copied for assistive technology ("Copy asset reference"). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1800);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button type="button" className="icon copy" aria-label={label} title={label} onClick={() => copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
