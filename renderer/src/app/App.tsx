import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../../../src/api/schemas/appInfo';
import type { Settings } from '../../../src/api/schemas/settings';
import { ConsoleApiError, type ConsoleClient, type LiveState, startClient } from '../api/client';
import { forgetToken } from '../api/fragment';
import { FirstRun } from '../components/FirstRun';
import { Shell } from '../components/Shell';
import { StatusScreen } from '../components/StatusScreen';
import { ConsoleProvider } from './consoleContext';
import { messageOf, NotificationsProvider, useNotifications } from './notifications';
import { useDocumentTheme } from './theme';

type Access = 'granted' | 'missingToken' | 'refusedToken';

export function App() {
  const [access, setAccess] = useState<Access>('granted');
  // The transport is chosen once; a refused token (server restarted) is forgotten so a reload asks for a fresh one.
  const [start] = useState(() =>
    startClient(() => {
      forgetToken();
      setAccess('refusedToken');
    }),
  );

  if (!start.ok || access !== 'granted') {
    return <TokenNeeded refused={access === 'refusedToken'} />;
  }
  return (
    <NotificationsProvider>
      <ConsoleRoot client={start.client} />
    </NotificationsProvider>
  );
}

function TokenNeeded({ refused }: { readonly refused: boolean }) {
  useDocumentTheme(undefined);
  return (
    <StatusScreen
      title={
        <>
          Open the address printed by <code>counterpart serve</code>
        </>
      }
      tone="warning"
    >
      <p>
        {refused
          ? 'This console’s access token was not accepted — the server may have been restarted since this page was opened.'
          : 'This page was opened without its access token, so it cannot talk to Counterpart.'}
      </p>
      <p>
        In the terminal where <code>counterpart serve</code> is running, copy the whole address it printed (it ends in{' '}
        <code>#token=…</code>) and open that address in this browser.
      </p>
    </StatusScreen>
  );
}

interface Loaded {
  readonly appInfo: AppInfo;
  readonly settings: Settings;
}

function ConsoleRoot({ client }: { readonly client: ConsoleClient }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const [liveState, setLiveState] = useState<LiveState>('connecting');
  const missedEvents = useRef(false);
  const { reportError } = useNotifications();
  const cameFromFirstRun = useRef(false);

  const load = useCallback(async () => {
    setFailure(undefined);
    try {
      const [appInfo, settings] = await Promise.all([client.call('getAppInfo', {}), client.call('getSettings', {})]);
      setLoaded({ appInfo, settings });
    } catch (error) {
      setFailure(error);
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'settingsChanged') {
          const settings = event.payload;
          setLoaded((current) => current && { ...current, settings });
        }
      }),
    [client],
  );

  useEffect(
    () =>
      client.onLiveState((state) => {
        setLiveState(state);
        // Events sent while the socket was down are lost; read the settings again when it comes back.
        if (state === 'reconnecting') missedEvents.current = true;
        if (state === 'live' && missedEvents.current) {
          missedEvents.current = false;
          client.call('getSettings', {}).then(
            (settings) => setLoaded((current) => current && { ...current, settings }),
            (error: unknown) => reportError('Could not refresh your settings', error),
          );
        }
      }),
    [client, reportError],
  );

  useDocumentTheme(loaded?.settings.theme);

  const setSettings = useCallback(
    (settings: Settings) => setLoaded((current) => current && { ...current, settings }),
    [],
  );

  if (failure !== undefined) {
    const unauthorized = failure instanceof ConsoleApiError && failure.code === 'api.unauthorized';
    if (unauthorized) return null; // App shows the token screen
    return (
      <StatusScreen title="Counterpart could not start the console" tone="error">
        <p>{messageOf(failure)}</p>
        <button type="button" className="button button--primary" onClick={() => void load()}>
          Try again
        </button>
      </StatusScreen>
    );
  }
  if (loaded === undefined) {
    return <StatusScreen title="Opening Counterpart…" tone="neutral" busy />;
  }
  const value = { client, appInfo: loaded.appInfo, settings: loaded.settings, setSettings, liveState };
  // Leaving the first-run screen removes the button that had focus; the shell then puts focus on its heading.
  if (!loaded.settings.firstRunComplete) cameFromFirstRun.current = true;
  return (
    <ConsoleProvider value={value}>
      {loaded.settings.firstRunComplete ? <Shell focusHeadingFirst={cameFromFirstRun.current} /> : <FirstRun />}
    </ConsoleProvider>
  );
}
