import { useState } from 'react';
import type { ReconciliationDetail } from '../../../../src/api/schemas/reconciliations';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { formatWhen } from '../../pages/auditFormat';
import { downloadBase64 } from './download';
import { entityLabel, periodLabel, sideLabel } from './reconLabels';

const formats = [
  { format: 'xlsx', label: 'Excel (XLSX)' },
  { format: 'csv', label: 'CSV' },
  { format: 'pdf', label: 'PDF' },
] as const;

/** Which reconciliation this is, its lock, the reports, and (for approvers) sign-off. */
export function WorkspaceHeader({
  detail,
  onBack,
  onSignOff,
}: {
  readonly detail: ReconciliationDetail;
  readonly onBack: () => void;
  readonly onSignOff: () => void;
}) {
  const { client, settings } = useConsole();
  const { notify, reportError } = useNotifications();
  const [exporting, setExporting] = useState<string | null>(null);

  async function exportAs(format: (typeof formats)[number]['format']): Promise<void> {
    setExporting(format);
    try {
      const file = await client.call('exportReconciliation', { id: detail.id, format });
      downloadBase64(file.fileName, file.mediaType, file.contentBase64);
      notify('success', 'Report exported', `${file.fileName} is in your downloads.`);
    } catch (error) {
      reportError('Could not export the reconciliation', error);
    } finally {
      setExporting(null);
    }
  }

  const approver = settings.role === 'approver';
  return (
    <div className="recon-header">
      <div className="recon-header__what">
        <button type="button" className="button button--quiet recon-header__back" onClick={onBack}>
          ← All reconciliations
        </button>
        <h2 className="recon-header__title">
          {entityLabel(detail.entity)} · {periodLabel(detail.period)}
        </h2>
        <p className="muted">
          {sideLabel(detail.left)} ↔ {sideLabel(detail.right)} · started by {detail.startedBy},{' '}
          {formatWhen(detail.startedAt)}
        </p>
        {detail.locked ? (
          <p className="lock-banner" role="status">
            <span aria-hidden="true">🔒</span> <strong>Signed off and locked.</strong>{' '}
            {detail.signOff
              ? `${detail.signOff.by} signed this period off on ${formatWhen(detail.signOff.at)}${detail.signOff.comment ? `: “${detail.signOff.comment}”` : '.'}`
              : 'No further decisions can be made.'}
          </p>
        ) : null}
      </div>
      <div className="recon-header__actions">
        <fieldset className="export-group">
          <legend>Report</legend>
          {formats.map(({ format, label }) => (
            <button
              key={format}
              type="button"
              className="button button--small"
              disabled={exporting !== null}
              onClick={() => void exportAs(format)}
            >
              {exporting === format ? 'Exporting…' : label}
            </button>
          ))}
        </fieldset>
        {detail.locked ? null : (
          <button
            type="button"
            className="button button--primary"
            disabled={!approver || detail.status !== 'ready'}
            title={approver ? undefined : 'Only an approver can sign a period off (change your role in Settings).'}
            onClick={onSignOff}
          >
            Sign off period…
          </button>
        )}
      </div>
    </div>
  );
}
