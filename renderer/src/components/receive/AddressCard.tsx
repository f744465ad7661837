import { useMemo } from 'react';
import { qrDataUrl } from '../../lib/qr';
import { CopyButton } from '../common/CopyButton';

/** One address with its QR code and a copy button. */
export function AddressCard({ title, address, note, testId }: { title: string; address: string; note: string; testId: string }) {
  const qr = useMemo(() => qrDataUrl(address), [address]);
  return (
    <figure className="address-card">
      <figcaption>
        <h2>{title}</h2>
        <p className="muted small">{note}</p>
      </figcaption>
      <img className="qr" src={qr} alt={`QR code of the ${title.toLowerCase()}`} width={200} height={200} />
      <div className="address-line">
        <code data-testid={testId}>{address}</code>
        <CopyButton text={address} label={`Copy ${title.toLowerCase()}`} />
      </div>
    </figure>
  );
}
