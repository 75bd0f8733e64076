import { useCallback, useEffect, useState } from 'react';
import type { ReconciliationDetail } from '../../../../src/api/schemas/reconciliations';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

/**
 * One reconciliation's header, counts and lock state, read again whenever the engine says it changed (a decision
 * made here or in another window, a sign-off). `changes` counts those changes so the grids know to reload.
 */
export function useReconciliation(id: string): {
  readonly detail: ReconciliationDetail | undefined;
  readonly changes: number;
  readonly reload: () => void;
} {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [detail, setDetail] = useState<ReconciliationDetail>();
  const [changes, setChanges] = useState(0);

  const reload = useCallback(() => {
    client.call('getReconciliation', { id }).then(
      (loaded) => {
        setDetail(loaded);
        setChanges((count) => count + 1);
      },
      (error: unknown) => reportError('Could not open the reconciliation', error),
    );
  }, [client, id, reportError]);

  useEffect(() => {
    setDetail(undefined);
    reload();
    return client.subscribe((event) => {
      if (event.name === 'reconciliationChanged' && event.payload.id === id) reload();
    });
  }, [client, id, reload]);

  return { detail, changes, reload };
}
