import type { WorkflowRunState, WorkflowStepState } from '../../../../src/api/schemas/workflows';
import { SYSTEM_DISPLAY_NAMES } from '../../../../src/connectors/shared/systemNames';
import type { RecordRef } from '../../../../src/model/recordRef';

export { formatWhen } from '../../pages/auditFormat';

const runStateLabels: Readonly<Record<WorkflowRunState, string>> = {
  running: 'Running',
  waiting: 'Waiting',
  awaiting_approval: 'Awaiting approval',
  failed: 'Failed',
  succeeded: 'Succeeded',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

const stepStateLabels: Readonly<Record<WorkflowStepState, string>> = {
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  waiting: 'Waiting',
  awaiting_approval: 'Awaiting approval',
  rejected: 'Rejected',
};

export const RUN_STATES = Object.keys(runStateLabels) as WorkflowRunState[];

export function runStateLabel(state: WorkflowRunState): string {
  return runStateLabels[state];
}

export function stepStateLabel(state: WorkflowStepState): string {
  return stepStateLabels[state];
}

/** The status-pill variant of a state: finished well, still open, or needing attention. */
export function stateTone(state: WorkflowRunState | WorkflowStepState): 'on' | 'off' | 'failed' {
  if (state === 'succeeded') return 'on';
  if (state === 'failed' || state === 'rejected') return 'failed';
  return 'off';
}

/** "INV-0042 in Xero" (its number when it has one, else its id). */
export function recordLabel(record: RecordRef): string {
  return `${record.number ?? record.id} in ${SYSTEM_DISPLAY_NAMES[record.system]}`;
}
