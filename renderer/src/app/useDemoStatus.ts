import { useEffect, useState } from 'react';
import type { DemoStatus } from '../../../src/api/schemas/demo';
import { useConsole } from './consoleContext';
import { useNotifications } from './notifications';

/** The demo companies' state, kept current by `demoStatusChanged` events; undefined until first loaded. */
export function useDemoStatus(): DemoStatus | undefined {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [status, setStatus] = useState<DemoStatus>();

  useEffect(() => {
    let current = true;
    client.call('getDemoStatus', {}).then(
      (loaded) => current && setStatus(loaded),
      (error: unknown) => reportError('Could not read the state of the demo companies', error),
    );
    const unsubscribe = client.subscribe((event) => {
      if (event.name === 'demoStatusChanged') setStatus(event.payload);
    });
    return () => {
      current = false;
      unsubscribe();
    };
  }, [client, reportError]);

  return status;
}
