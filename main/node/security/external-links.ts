/**
 * The only way a link leaves the app: http(s) only, no credentials in the URL. Returns the parsed URL or
 * undefined. The caller shows `url.host` to the user before opening.
 */
export function parseExternalUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  if (!url.hostname) return undefined;
  return url;
}

/** The question shown before opening, naming the host so that a look-alike link cannot hide where it goes. */
export function externalLinkPrompt(url: URL): { message: string; detail: string } {
  return {
    message: `Open ${url.host} in your browser?`,
    detail: `The link leads to ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}. CoinSpark Wallet does not check what this site shows.`,
  };
}
