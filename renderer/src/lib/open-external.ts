import { errorText } from './errors';

/**
 * Opens a web page outside the wallet through main's external-link helper. In the headless host main cannot open
 * a browser and answers `delegated`: we then show the host and open it ourselves, without opener or referrer.
 * Returns a message for the user when nothing was opened, else null.
 */
export async function openExternal(url: string): Promise<string | null> {
  try {
    const result = await window.wallet.app.openExternal({ url });
    if (result.outcome === 'declined') return null;
    if (result.outcome === 'delegated') {
      if (window.confirm(`Open ${result.host} in your browser?\n\n${url}`)) window.open(url, '_blank', 'noopener,noreferrer');
    }
    return null;
  } catch (e) {
    return `Could not open ${url}: ${errorText(e)}`;
  }
}
