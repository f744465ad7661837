/** Outcome of a decode/encode that can fail on bad input. Decoders never throw on bad bytes. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): Decoded<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: string): Decoded<T> {
  return { ok: false, error };
}
