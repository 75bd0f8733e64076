import { useState } from 'react';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import { DEFAULT_ROUTE } from '../app/routes';
import { BrandMark } from './icons';

type Choice = 'demo' | 'ownConnections';

/** Shown until the person picks how to start; the choice is a command, so it is audited like any other. */
export function FirstRun() {
  const { client, appInfo, settings, setSettings } = useConsole();
  const { reportError } = useNotifications();
  const [pending, setPending] = useState<Choice | undefined>();

  async function choose(choice: Choice): Promise<void> {
    setPending(choice);
    try {
      const next = await client.call('completeFirstRun', { choice });
      window.location.hash = DEFAULT_ROUTE;
      setSettings(next);
    } catch (error) {
      reportError('Could not finish setting up', error);
      setPending(undefined);
    }
  }

  return (
    <div className="first-run">
      <header className="first-run__header">
        <BrandMark size={32} />
        <span className="first-run__product">Counterpart</span>
        <span className="first-run__workspace">Workspace: {appInfo.workspace}</span>
      </header>
      <main className="first-run__main" aria-busy={pending !== undefined}>
        <h1>Welcome to Counterpart, {settings.userName}</h1>
        <p className="lede">
          Counterpart keeps your accounting system (Xero, KashFlow) and your ERP or CRM (Sage X3, Salesforce) in step,
          and reconciles them at month-end. How would you like to start?
        </p>
        <ul className="choice-list">
          <li>
            <button
              type="button"
              className="choice choice--primary"
              disabled={pending !== undefined}
              onClick={() => void choose('demo')}
              aria-describedby="choice-demo-detail"
            >
              <span className="choice__title">Explore with demo companies</span>
              <span className="choice__detail" id="choice-demo-detail">
                Try Counterpart with sample companies that run on this computer. Nothing is sent to a real system, and
                you can add your own connections later.
              </span>
            </button>
          </li>
          <li>
            <button
              type="button"
              className="choice"
              disabled={pending !== undefined}
              onClick={() => void choose('ownConnections')}
              aria-describedby="choice-own-detail"
            >
              <span className="choice__title">Set up my own connections</span>
              <span className="choice__detail" id="choice-own-detail">
                Connect your own Xero, KashFlow, Sage X3 or Salesforce. Sign-in details are kept in your operating
                system’s keychain, never in Counterpart’s files.
              </span>
            </button>
          </li>
        </ul>
        {pending !== undefined ? (
          <p className="muted" role="status">
            Setting up your workspace…
          </p>
        ) : null}
      </main>
    </div>
  );
}
