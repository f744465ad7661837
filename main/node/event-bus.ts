import type { EventName, PayloadOf } from '../../shared/ipc/contract';

type Listener = (event: EventName, payload: unknown) => void;

/**
 * Main-side fan-out of contract events. Services emit; each transport subscribes once and forwards to its
 * windows or sockets. Typed by the contract so a service cannot emit an event the renderer does not know.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Map<EventName, { timer: ReturnType<typeof setTimeout>; payload: () => unknown }>();

  /**
   * A transport that fails on one event (a payload it cannot serialise, a closed window) must not keep it from
   * the others, nor throw into the service that emitted — or, for a coalesced event, out of a timer, where an
   * exception ends the process.
   */
  emit<E extends EventName>(event: E, payload: PayloadOf<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
  }

  constructor(private readonly onListenerError: (event: EventName, error: unknown) => void = (event, error) => console.error(`[wallet] event ${event} could not be delivered`, error)) {}

  /**
   * Emit at most once per `delayMs` for a burst: the payload is computed when the event finally goes out, so a
   * flood of list changes becomes one event with the latest state.
   */
  emitCoalesced<E extends EventName>(event: E, payload: () => PayloadOf<E>, delayMs = 100): void {
    const existing = this.pending.get(event);
    if (existing) {
      existing.payload = payload;
      return;
    }
    const timer = setTimeout(() => {
      const entry = this.pending.get(event);
      this.pending.delete(event);
      if (entry) this.emit(event, entry.payload() as PayloadOf<E>);
    }, delayMs);
    timer.unref?.();
    this.pending.set(event, { timer, payload });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.listeners.clear();
  }
}
