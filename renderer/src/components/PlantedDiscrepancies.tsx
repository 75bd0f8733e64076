import type { DemoStatus } from '../../../src/api/schemas/demo';
import { SYSTEM_DISPLAY_NAMES } from '../../../src/connectors/shared/systemNames';

/** What the demo companies hide for a reconciliation to find, so a first-time user knows what to look for. */
export function PlantedDiscrepancies({ status }: { readonly status: DemoStatus | undefined }) {
  if (status?.state !== 'running' || status.discrepancies.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="planted-title">
      <h2 id="planted-title">What the demo companies hide</h2>
      <p>These differences were planted between the four sample systems for a reconciliation to find.</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Record</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {status.discrepancies.map((discrepancy) => (
            <tr key={`${discrepancy.system}-${discrepancy.kind}-${discrepancy.businessKey}`}>
              <th scope="row">{SYSTEM_DISPLAY_NAMES[discrepancy.system]}</th>
              <td>
                {discrepancy.recordType} <code>{discrepancy.businessKey}</code>
              </td>
              <td>{discrepancy.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
