import { useState } from 'react';
import { SYSTEM_DISPLAY_NAMES } from '../../../src/connectors/shared/systemNames';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import type { Connections } from '../app/useConnections';

type Connection = Connections['connections'][number];

/** The workspace's connections with their latest check; "Test connection" asks the system again. */
export function ConnectionsTable({ connections }: { readonly connections: readonly Connection[] }) {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [testing, setTesting] = useState<string>();

  async function test(connection: Connection): Promise<void> {
    setTesting(connection.id);
    try {
      await client.call('testConnection', { id: connection.id });
    } catch (error) {
      reportError(`Could not test ${connection.name}`, error);
    } finally {
      setTesting(undefined);
    }
  }

  return (
    <section className="panel" aria-labelledby="connections-title">
      <h2 id="connections-title">Your connections</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">System</th>
            <th scope="col">Last check</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => (
            <tr key={connection.id}>
              <th scope="row">
                {connection.name}
                {connection.isSandbox ? <span className="badge">Sandbox</span> : null}
              </th>
              <td>{SYSTEM_DISPLAY_NAMES[connection.system]}</td>
              <td>
                <CheckOutcome check={connection.lastCheck} />
              </td>
              <td>
                <button
                  type="button"
                  className="button"
                  onClick={() => void test(connection)}
                  disabled={testing === connection.id}
                  aria-label={`Test connection ${connection.name}`}
                >
                  {testing === connection.id ? 'Testing…' : 'Test connection'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CheckOutcome({ check }: { readonly check: Connection['lastCheck'] }) {
  if (check === null) return <span className="status-pill status-pill--off">Not checked yet</span>;
  const when = new Date(check.at).toLocaleString();
  if (check.ok) {
    return (
      <span className="status-pill status-pill--on">
        Connected as {check.account} · {when}
      </span>
    );
  }
  return (
    <span className="status-pill status-pill--failed" role="note">
      Failed · {when}: {check.message}
    </span>
  );
}
