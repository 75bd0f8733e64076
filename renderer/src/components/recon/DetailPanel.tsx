import { useEffect, useState } from 'react';
import type { MatchDetail } from '../../../../src/api/schemas/reconciliations';
import { useConsole } from '../../app/consoleContext';
import { messageOf } from '../../app/notifications';
import { formatWhen } from '../../pages/auditFormat';
import { FlagChip } from './FlagChip';
import { fieldLabel, percent, statusLabel } from './statusLabels';
import type { Side } from './types';

const passLabels: Readonly<Record<string, string>> = {
  approved: 'an earlier approved decision',
  reference: 'matching references or document numbers',
  key: 'a unique party, amount and date',
  probabilistic: 'scoring every field (Fellegi–Sunter)',
  group: 'amounts adding up (one-to-many)',
};

/**
 * Everything about the selected row: each field side by side, why the engine paired the records (the weight each
 * field added), the candidates that competed for them, the flags in full sentences, and the records' history.
 */
export function DetailPanel({
  reconciliationId,
  rowKey,
  systems,
  changes,
}: {
  readonly reconciliationId: string;
  readonly rowKey: string | null;
  readonly systems: Readonly<Record<Side, string>>;
  /** Changes whenever the reconciliation changed, so the detail is read again. */
  readonly changes: number;
}) {
  const { client } = useConsole();
  const [detail, setDetail] = useState<MatchDetail>();
  const [problem, setProblem] = useState<string>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` is the signal to read the row again
  useEffect(() => {
    if (rowKey === null) return;
    let current = true;
    setProblem(undefined);
    client.call('getMatchDetail', { id: reconciliationId, rowKey }).then(
      (loaded) => current && setDetail(loaded),
      (error: unknown) => current && setProblem(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [client, reconciliationId, rowKey, changes]);

  if (rowKey === null) {
    return (
      <section className="recon-detail recon-detail--empty" aria-label="Selected row">
        <p className="muted">Select a row (click it, or move to it with the arrow keys) to see it in full here.</p>
      </section>
    );
  }
  if (problem) {
    return (
      <section className="recon-detail" aria-label="Selected row">
        <p className="form-error">{problem}</p>
      </section>
    );
  }
  if (detail === undefined || detail.row.rowKey !== rowKey) {
    return (
      <section className="recon-detail" aria-label="Selected row" aria-busy="true">
        <p className="muted">Loading the row…</p>
      </section>
    );
  }
  const { row } = detail;
  return (
    <section className="recon-detail" aria-labelledby="recon-detail-title">
      <h2 id="recon-detail-title" className="recon-detail__title">
        {statusLabel(row.status)}
        {row.confidence !== null ? ` · ${percent(row.confidence)} confidence` : ''}
        {detail.pass ? <span className="muted"> · paired by {passLabels[detail.pass] ?? detail.pass}</span> : null}
      </h2>
      {row.flags.length > 0 ? (
        <ul className="recon-detail__flags" aria-label="Flags on this row">
          {row.flags.map((flag) => (
            <li key={flag.code + flag.message}>
              <FlagChip flag={flag} />
              <span className="recon-detail__flag-text">{flag.message}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {row.explanation ? (
        <p className="callout callout--ok">
          <span>
            <strong>Explained:</strong> {row.explanation}
          </span>
        </p>
      ) : null}
      {row.pendingCorrections > 0 ? (
        <p className="muted">
          {row.pendingCorrections} correction{row.pendingCorrections === 1 ? '' : 's'} waiting for an approver.
        </p>
      ) : null}
      <div className="recon-detail__columns">
        <FieldComparison detail={detail} systems={systems} />
        <div className="recon-detail__side">
          <Evidence detail={detail} />
          <Candidates detail={detail} />
          <History detail={detail} />
        </div>
      </div>
    </section>
  );
}

function FieldComparison({
  detail,
  systems,
}: {
  readonly detail: MatchDetail;
  readonly systems: Readonly<Record<Side, string>>;
}) {
  return (
    <table className="table compare-table">
      <caption className="visually-hidden">Every field side by side</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">
            {systems.left} <span className="muted">{detail.left.map((record) => record.key).join(', ')}</span>
          </th>
          <th scope="col">
            {systems.right} <span className="muted">{detail.right.map((record) => record.key).join(', ')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {detail.fields.map((field) => (
          <tr key={field.field} className={field.differs ? 'compare-table__differs' : undefined}>
            <th scope="row">
              {fieldLabel(field.field)}
              {field.differs ? (
                <span className="differs__mark" title="The two systems differ">
                  {' '}
                  ≠<span className="visually-hidden"> differs</span>
                </span>
              ) : null}
            </th>
            <td>{field.left ?? <span className="muted">—</span>}</td>
            <td>{field.right ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Evidence({ detail }: { readonly detail: MatchDetail }) {
  if (detail.evidence.length === 0) return null;
  const largest = Math.max(...detail.evidence.map((entry) => Math.abs(entry.weight)), 1);
  return (
    <section aria-labelledby="why-matched">
      <h3 id="why-matched">Why matched</h3>
      <table className="table evidence-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Agreement</th>
            <th scope="col">Weight (bits)</th>
          </tr>
        </thead>
        <tbody>
          {detail.evidence.map((entry) => (
            <tr key={entry.field}>
              <th scope="row">{fieldLabel(entry.field)}</th>
              <td>{entry.level}</td>
              <td className="evidence-table__weight">
                <span
                  className={`weight-bar weight-bar--${entry.weight < 0 ? 'against' : 'for'}`}
                  style={{ inlineSize: `${(Math.abs(entry.weight) / largest) * 4}rem` }}
                  aria-hidden="true"
                />
                {entry.weight > 0 ? '+' : ''}
                {entry.weight.toFixed(2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Candidates({ detail }: { readonly detail: MatchDetail }) {
  if (detail.candidates.length === 0) return null;
  return (
    <section aria-labelledby="candidates-title">
      <h3 id="candidates-title">Competing candidates</h3>
      <ul className="candidate-list">
        {detail.candidates.map((candidate) => (
          <li key={[...candidate.left, ...candidate.right].map((record) => record.key).join('|')}>
            <strong>{percent(candidate.confidence)}</strong> {candidate.left.map((record) => record.key).join(', ')} ↔{' '}
            {candidate.right.map((record) => record.key).join(', ')}
          </li>
        ))}
      </ul>
    </section>
  );
}

function History({ detail }: { readonly detail: MatchDetail }) {
  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">History</h3>
      {detail.history.length === 0 ? (
        <p className="muted">Nothing has happened to these records since they were read.</p>
      ) : (
        <ol className="history-list">
          {detail.history.map((entry) => (
            <li key={`${entry.at}-${entry.kind}-${entry.text}`}>
              <span className="muted">{formatWhen(entry.at)}</span>{' '}
              {entry.actor ? <strong>{entry.actor}</strong> : null} {entry.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
