import * as v from 'valibot';

/**
 * Building blocks of the contract. A channel pairs a runtime request schema (validated in main, because the
 * renderer is untrusted) with a compile-time response type (main is trusted, so responses are typed, not parsed).
 */
export interface InvokeDef<S extends v.GenericSchema, R> {
  readonly kind: 'invoke';
  readonly request: S;
  /** Phantom: carries the response type only. */
  readonly __response?: R;
}

export interface EventDef<P> {
  readonly kind: 'event';
  /** Phantom: carries the payload type only. */
  readonly __payload?: P;
}

export function invoke<S extends v.GenericSchema>(request: S) {
  return {
    returns<R>(): InvokeDef<S, R> {
      return { kind: 'invoke', request };
    },
  };
}

export function event<P>(): EventDef<P> {
  return { kind: 'event' };
}

/** Request schema of a call that takes no argument (the renderer may pass nothing or `{}`). */
export const NoRequest = v.optional(v.strictObject({}));
