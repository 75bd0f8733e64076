import { useCallback, useEffect, useState } from 'react';
import type { HealthSummary } from '../../../../src/api/schemas/monitoring';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

/** Events after which the dashboard's figures may have changed. */
const CHANGES = new Set([
  'syncRunFinished',
  'deadLettersChanged',
  'alertRaised',
  'connectionsChanged',
  'workflowRunChanged',
]);

/** The health summary, read again whenever something it counts changes. */
export function useHealthSummary(): { readonly summary: HealthSummary | undefined; readonly reload: () => void } {
  const { client, liveState } = useConsole();
  const { reportError } = useNotifications();
  const [summary, setSummary] = useState<HealthSummary>();

  const reload = useCallback(() => {
    client
      .call('getHealthSummary', {})
      .then(setSummary, (error: unknown) => reportError('Could not read the health summary', error));
  }, [client, reportError]);

  useEffect(() => {
    if (liveState === 'live') reload();
  }, [liveState, reload]);

  useEffect(() => client.subscribe((event) => (CHANGES.has(event.name) ? reload() : undefined)), [client, reload]);

  return { summary, reload };
}
