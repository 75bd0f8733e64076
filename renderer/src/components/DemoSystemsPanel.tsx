import type { DemoStatus } from '../../../src/api/schemas/demo';

/** The demo companies' four sample systems, running on this computer. */
export function DemoSystemsPanel({ status }: { readonly status: DemoStatus | undefined }) {
  if (status === undefined || status.state === 'off') return null;
  return (
    <section className="panel" aria-labelledby="demo-systems-title" aria-busy={status.state === 'starting'}>
      <h2 id="demo-systems-title">Demo companies</h2>
      {status.state === 'starting' ? <p role="status">Starting the demo companies’ sample systems…</p> : null}
      {status.state === 'failed' ? <p role="alert">{status.message}</p> : null}
      {status.state === 'running' && status.problem ? <p role="alert">{status.problem}</p> : null}
      {status.state === 'running' ? (
        <>
          <p>
            One fictional business, recorded in all four systems with a few deliberate differences between them. These
            sample systems run on this computer only; nothing is sent anywhere else.
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">System</th>
                <th scope="col">Address on this computer</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {status.systems.map((system) => (
                <tr key={system.system}>
                  <th scope="row">{system.name}</th>
                  <td>
                    <code>{system.baseUrl}</code>
                  </td>
                  <td>
                    <span className="status-pill status-pill--on">Running</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
