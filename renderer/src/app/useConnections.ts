import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { ConnectionList } from '../../../src/api/schemas/connections';
import { useConsole } from './consoleContext';
import { useNotifications } from './notifications';

export type Connections = z.infer<typeof ConnectionList>;

/** The workspace's connections, listed again whenever the engine says they changed. */
export function useConnections(): { readonly list: Connections | undefined; readonly reload: () => void } {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [list, setList] = useState<Connections>();
  const reload = useCallback(() => {
    client
      .call('listConnections', {})
      .then(setList, (error: unknown) => reportError('Could not list the connections', error));
  }, [client, reportError]);

  useEffect(() => {
    reload();
    return client.subscribe((event) => {
      if (event.name === 'connectionsChanged') reload();
    });
  }, [client, reload]);

  return { list, reload };
}
