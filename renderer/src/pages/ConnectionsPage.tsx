import { useState } from 'react';
import { useConsole } from '../app/consoleContext';
import { useConnections } from '../app/useConnections';
import { useDemoStatus } from '../app/useDemoStatus';
import { AddConnectionForm } from '../components/AddConnectionForm';
import { ConnectionsTable } from '../components/ConnectionsTable';
import { DemoSystemsPanel } from '../components/DemoSystemsPanel';
import { EmptyState, PageHeader, reviewActivity, setUpProfile } from '../components/PageLayout';

const systems = [
  { name: 'Xero', kind: 'Accounting', reach: 'Cloud, signed in with your Xero account' },
  { name: 'KashFlow', kind: 'Accounting', reach: 'Cloud, with a KashFlow API user' },
  { name: 'Sage X3', kind: 'ERP', reach: 'Your network; Counterpart connects out to it, never the other way' },
  { name: 'Salesforce', kind: 'CRM', reach: 'Cloud, signed in with your Salesforce org' },
] as const;

export function ConnectionsPage() {
  const { settings } = useConsole();
  const demo = useDemoStatus();
  const { list } = useConnections();
  const connections = list?.connections ?? [];
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHeader
        title="Connections"
        description="The accounting, ERP and CRM systems this workspace talks to, whether each one is reachable, and when it last answered."
        actions={
          adding || !list ? null : (
            <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
              Add connection
            </button>
          )
        }
      />
      {adding && list ? <AddConnectionForm systems={list.systems} onDone={() => setAdding(false)} /> : null}
      {connections.length > 0 ? <ConnectionsTable connections={connections} /> : null}
      {connections.length > 0 ? null : (
        <EmptyState page="connections" title="No connections yet" nextSteps={[setUpProfile, reviewActivity]}>
          <p>
            Connections are added with <code>counterpart connect</code> for now; signing in from this page comes next.
            Each connection is tested before it is saved, and its passwords and keys are kept in your operating system’s
            keychain, never in the workspace file.
          </p>
          {settings.demoMode ? (
            <p>
              You chose to explore with demo companies: their sample systems run on this computer and are listed below;
              Counterpart connects to them by itself as soon as they are up.
            </p>
          ) : null}
        </EmptyState>
      )}
      <DemoSystemsPanel status={demo} />
      <section className="panel" aria-labelledby="systems-title">
        <h2 id="systems-title">Systems Counterpart will connect to</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">System</th>
              <th scope="col">Kind</th>
              <th scope="col">How Counterpart reaches it</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {systems.map((system) => (
              <tr key={system.name}>
                <th scope="row">{system.name}</th>
                <td>{system.kind}</td>
                <td>{system.reach}</td>
                <td>
                  <span className="status-pill status-pill--off">Not connected</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
