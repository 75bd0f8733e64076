import type { FastifyRequest } from 'fastify';
import type { SandboxClock } from '../shared/clock.js';
import type { FaultInjector } from '../shared/faults.js';
import type { SalesFlow } from './salesFlow.js';
import type { SageX3Settings } from './settings.js';
import type { X3Store } from './store.js';

/** What the routes share. `settings` may be replaced while the sandbox runs (`configure`). */
export interface X3Context {
  readonly store: X3Store;
  readonly flow: SalesFlow;
  readonly clock: SandboxClock;
  readonly faults: FaultInjector;
  settings: SageX3Settings;
}

const users = new WeakMap<FastifyRequest, string>();

export function setRequestUser(request: FastifyRequest, user: string): void {
  users.set(request, user);
}

/** The X3 login the request authenticated as (stamped into CREUSR / UPDUSR). */
export function requestUser(request: FastifyRequest): string {
  return users.get(request) ?? 'ADMIN';
}

/** `https://127.0.0.1:port` as the client addressed the server. */
export function originOf(request: FastifyRequest, scheme: 'http' | 'https'): string {
  return `${scheme}://${request.headers.host ?? '127.0.0.1'}`;
}
