import { useCallback, useEffect, useId, useState } from 'react';
import type { Alert, AlertRule } from '../../../../src/api/schemas/monitoring';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { formatWhen } from '../sync/syncFormat';

/** Open alerts (acknowledge them) and the rules that raise them (switch on or off, change the threshold). */
export function AlertsPanel() {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [alerts, setAlerts] = useState<readonly Alert[]>([]);
  const [rules, setRules] = useState<readonly AlertRule[]>([]);

  const reload = useCallback(() => {
    Promise.all([client.call('listAlerts', { openOnly: true }), client.call('listAlertRules', {})]).then(
      ([alertList, ruleList]) => {
        setAlerts(alertList.alerts);
        setRules(ruleList.rules);
      },
      (error: unknown) => reportError('Could not read the alerts', error),
    );
  }, [client, reportError]);

  useEffect(() => reload(), [reload]);
  useEffect(
    () =>
      client.subscribe((event) =>
        event.name === 'alertRaised' || event.name === 'syncRunFinished' ? reload() : undefined,
      ),
    [client, reload],
  );

  async function acknowledge(id: string): Promise<void> {
    try {
      await client.call('acknowledgeAlert', { id });
      reload();
    } catch (error) {
      reportError('Could not acknowledge the alert', error);
    }
  }

  return (
    <section className="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts ({alerts.length})</h2>
      {alerts.length === 0 ? (
        <p className="muted">No alert is open.</p>
      ) : (
        <ul className="sync-list" aria-label="Open alerts">
          {alerts.map((alert) => (
            <li key={alert.id} className="sync-list__item">
              <span>
                <span className={`health-level health-level--${alert.severity}`}>
                  {alert.severity === 'red' ? 'Failing' : 'Attention'}
                </span>{' '}
                {alert.message}
              </span>
              <span className="sync-list__detail">
                Raised {formatWhen(alert.raisedAt)}
                {alert.acknowledgedBy ? ` · seen by ${alert.acknowledgedBy}` : null}
              </span>
              {alert.acknowledgedBy ? null : (
                <button type="button" className="button" onClick={() => void acknowledge(alert.id)}>
                  Acknowledge
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Alert rules</summary>
        {rules.map((rule) => (
          <RuleEditor key={`${rule.kind}-${rule.updatedAt ?? ''}`} rule={rule} onSaved={reload} />
        ))}
      </details>
    </section>
  );
}

function RuleEditor({ rule, onSaved }: { readonly rule: AlertRule; readonly onSaved: () => void }) {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [enabled, setEnabled] = useState(rule.enabled);
  const [threshold, setThreshold] = useState(String(rule.threshold));
  const ids = { enabled: useId(), threshold: useId() };

  async function save(): Promise<void> {
    try {
      await client.call('saveAlertRule', { kind: rule.kind, enabled, threshold: Number(threshold) });
      onSaved();
    } catch (error) {
      reportError('Could not save the alert rule', error);
    }
  }

  return (
    <form
      className="field"
      aria-label={rule.description}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <p>{rule.description}</p>
      <label htmlFor={ids.enabled}>
        <input
          id={ids.enabled}
          type="checkbox"
          checked={enabled}
          onChange={(event) => setEnabled(event.target.checked)}
        />{' '}
        On
      </label>
      <label htmlFor={ids.threshold}>Threshold ({rule.unit})</label>
      <input
        id={ids.threshold}
        type="number"
        min={1}
        value={threshold}
        onChange={(event) => setThreshold(event.target.value)}
      />
      <button type="submit" className="button">
        Save rule
      </button>
    </form>
  );
}
