/**
 * A button label that changes ("Refresh" → "Refreshing…") without changing the button's width: every label sits
 * in the same grid cell, the others hidden, so the widest one sets the size and nothing beside it moves.
 */
export function SwapLabel({ labels, shown }: { labels: string[]; shown: number }) {
  return (
    <span className="swap-label">
      {labels.map((l, i) => (
        <span key={l} className={i === shown ? undefined : 'swap-hidden'} aria-hidden={i === shown ? undefined : true}>
          {l}
        </span>
      ))}
    </span>
  );
}
