import type { ConsoleEvent, EventName, EventPayload } from './contract.js';

export type EventListener = (event: ConsoleEvent) => void;

/** Fan-out of console events to every connected transport (IPC windows, web sockets). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  publish<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload } as ConsoleEvent;
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
