import { createContext, type ReactNode, useContext } from 'react';
import type { AppInfo } from '../../../src/api/schemas/appInfo';
import type { Settings } from '../../../src/api/schemas/settings';
import type { ConsoleClient, LiveState } from '../api/client';

export interface ConsoleState {
  readonly client: ConsoleClient;
  readonly appInfo: AppInfo;
  readonly settings: Settings;
  /** Replaces the settings after a command returned them (events bring changes made in other windows). */
  readonly setSettings: (settings: Settings) => void;
  readonly liveState: LiveState;
}

const ConsoleContext = createContext<ConsoleState | undefined>(undefined);

export function ConsoleProvider({ value, children }: { readonly value: ConsoleState; readonly children: ReactNode }) {
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleState {
  const value = useContext(ConsoleContext);
  if (value === undefined) throw new Error('useConsole is used outside ConsoleProvider.');
  return value;
}
