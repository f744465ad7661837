import { concatBytes } from '../../../shared/coinspark/bytes';

/**
 * Downloads a small file of a release (the checksum list, its signature) with a byte cap enforced while
 * streaming and an overall deadline. It takes any fetch (Electron's `net.fetch`, which honours the system proxy
 * like electron-updater does; Node's fetch in tests), so the limits are the same whichever stack carries it.
 */
export type FetchLike = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

export const RELEASE_FILE_TIMEOUT_MS = 30_000;

export async function fetchReleaseFile(fetchFn: FetchLike, url: string, maxBytes: number, timeoutMs = RELEASE_FILE_TIMEOUT_MS): Promise<Uint8Array> {
  const name = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetchFn(url, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw new Error(`no answer for ${name} within ${timeoutMs / 1000} s`);
      throw new Error(`${name} could not be fetched (${error instanceof Error ? error.message : String(error)})`);
    }
    if (response.status === 404) throw new Error(`the release publishes no ${name}`);
    if (!response.ok) throw new Error(`${name}: the server answered HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) throw new Error(`${name} is ${declared} bytes, more than the ${maxBytes} it can be`);
    if (!response.body) return new Uint8Array();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (controller.signal.aborted) throw new Error(`${name} did not arrive within ${timeoutMs / 1000} s`);
        throw new Error(`${name} was cut off (${error instanceof Error ? error.message : String(error)})`);
      }
      if (chunk.done) break;
      received += chunk.value.length;
      if (received > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new Error(`${name} is more than the ${maxBytes} bytes it can be`);
      }
      chunks.push(chunk.value);
    }
    return concatBytes(...chunks);
  } finally {
    clearTimeout(timer);
  }
}
