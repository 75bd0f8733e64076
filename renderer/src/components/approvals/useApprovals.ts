import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { Correction, PendingApprovals } from '../../../../src/api/schemas/reconciliations';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

type Pending = z.infer<typeof PendingApprovals>;

/** How many recent reconciliations the outcomes list looks through. */
const RECENT_RECONCILIATIONS = 10;

/**
 * What waits for an approver, and the corrections already decided in recent reconciliations with their outcome,
 * both read again whenever a reconciliation changes.
 */
export function useApprovals(): {
  readonly pending: Pending | undefined;
  readonly decided: readonly Correction[];
  readonly reload: () => void;
} {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [pending, setPending] = useState<Pending>();
  const [decided, setDecided] = useState<readonly Correction[]>([]);

  const reload = useCallback(() => {
    client
      .call('listPendingApprovals', {})
      .then(setPending, (error: unknown) => reportError('Could not list what waits for approval', error));
    client
      .call('listReconciliations', {})
      .then(({ reconciliations }) =>
        Promise.all(
          reconciliations
            .filter((recon) => recon.status === 'ready' || recon.status === 'signed_off')
            .slice(0, RECENT_RECONCILIATIONS)
            .map((recon) => client.call('listReconDecisions', { id: recon.id })),
        ),
      )
      .then(
        (lists) =>
          setDecided(
            lists
              .flatMap((list) => list.corrections.filter((correction) => correction.state !== 'pending'))
              .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '')),
          ),
        (error: unknown) => reportError('Could not list decided corrections', error),
      );
  }, [client, reportError]);

  useEffect(() => {
    reload();
    return client.subscribe((event) => {
      if (event.name === 'reconciliationChanged') reload();
    });
  }, [client, reload]);

  return { pending, decided, reload };
}
