import type {
  WorkflowEntity,
  WorkflowSide,
  WorkflowStep,
  WorkflowStepKind,
  WorkflowTrigger,
} from '../../../../src/workflows/definition';
import type { StepOutlet } from './StepNode';
import type { PaletteEntry } from './StepPalette';

/** What each kind of step is called and does, in the words the designer shows. */
const kinds: Readonly<Record<WorkflowStepKind, { readonly label: string; readonly description: string }>> = {
  find: { label: 'Find', description: 'Read one record of a side, by id or by a field’s value.' },
  findOrCreate: {
    label: 'Find or create',
    description: 'Find the counterpart of a record on the other side; create it through a mapping flow if missing.',
  },
  create: { label: 'Create', description: 'Map a record through a flow and create the result on the other side.' },
  update: { label: 'Update', description: 'Map a record through a flow and update an existing record.' },
  writeBack: {
    label: 'Write back',
    description: 'Update the record that started the run, in its own system (e.g. the invoice number).',
  },
  condition: { label: 'Condition', description: 'Go one way when a condition holds, the other way when it does not.' },
  waitUntil: { label: 'Wait until', description: 'Pause until a record reaches a condition (re-read on a schedule).' },
  approval: { label: 'Approval', description: 'Pause until an approver approves or rejects, with a comment.' },
};

export const STEP_KINDS = Object.keys(kinds) as WorkflowStepKind[];

export const paletteEntries: readonly PaletteEntry[] = STEP_KINDS.map((kind) => ({ kind, ...kinds[kind] }));

export function isStepKind(kind: string): kind is WorkflowStepKind {
  return Object.hasOwn(kinds, kind);
}

export function kindLabel(kind: string): string {
  return isStepKind(kind) ? kinds[kind].label : kind;
}

export const sideLabels: Readonly<Record<WorkflowSide, string>> = {
  accounting: 'Accounting system',
  erp: 'ERP or CRM',
};

const entityLabels: Readonly<Record<WorkflowEntity, string>> = {
  party: 'Customer or supplier',
  product: 'Product',
  salesOrder: 'Sales order',
  invoice: 'Invoice',
  creditNote: 'Credit note',
  payment: 'Payment',
  bankTransaction: 'Bank transaction',
  ledgerAccount: 'Ledger account',
  taxRate: 'Tax rate',
  currency: 'Currency',
};

export const ENTITY_CHOICES = Object.keys(entityLabels) as WorkflowEntity[];

export function entityLabel(entity: WorkflowEntity): string {
  return entityLabels[entity];
}

/** The ways out of a step: a condition branches in two, an approval goes on only when approved. */
export function outletsOf(step: WorkflowStep): readonly StepOutlet[] {
  if (step.kind === 'condition') {
    return [
      { id: 'next', label: 'Yes' },
      { id: 'otherwise', label: 'No' },
    ];
  }
  if (step.kind === 'approval') return [{ id: 'next', label: 'Approved' }];
  return [{ id: 'next', label: 'Next' }];
}

/** The step an outlet leads to, null when it ends the run. */
export function targetOf(step: WorkflowStep, outlet: string): string | null {
  if (outlet === 'otherwise') return step.kind === 'condition' ? step.otherwise : null;
  return step.next;
}

/** One line under the step's name saying what it works on. */
export function stepSummary(step: WorkflowStep): string {
  switch (step.kind) {
    case 'find':
      return `${entityLabel(step.entity)} where ${step.by.field} = ${step.by.value}`;
    case 'findOrCreate':
    case 'create':
    case 'update':
    case 'writeBack':
      return step.flow ? `Flow ${step.flow}` : 'No flow chosen';
    case 'condition':
    case 'waitUntil':
      return step.condition;
    case 'approval':
      return step.question;
  }
}

export function triggerSummary(trigger: WorkflowTrigger): string {
  if (trigger.kind === 'manual') return 'Started by hand';
  if (trigger.kind === 'schedule') return `Every ${trigger.everyMinutes} minutes`;
  const what = `${entityLabel(trigger.entity)} (${sideLabels[trigger.side]})`;
  if (trigger.event === 'created') return `${what} created`;
  if (trigger.event === 'updated') return `${what} updated`;
  return `${what}: ${trigger.field ?? '…'} = ${String(trigger.value ?? '…')}`;
}

/** A new step of a kind, with placeholders the person fills in (validation names what is still missing). */
export function newStep(kind: WorkflowStepKind, id: string): WorkflowStep {
  const base = { id, label: kinds[kind].label, next: null };
  switch (kind) {
    case 'find':
      return { ...base, kind, side: 'accounting', entity: 'party', by: { field: 'code', value: '' }, required: false };
    case 'findOrCreate':
      return { ...base, kind, flow: '', source: { side: 'erp', entity: 'party', id: '' } };
    case 'create':
      return { ...base, kind, flow: '', input: 'trigger' };
    case 'update':
      return { ...base, kind, flow: '', input: 'trigger', target: '' };
    case 'writeBack':
      return { ...base, kind, flow: '', input: '' };
    case 'condition':
      return { ...base, kind, condition: '', otherwise: null };
    case 'waitUntil':
      return {
        ...base,
        kind,
        record: { side: 'accounting', entity: 'invoice', id: '' },
        condition: '',
        pollMinutes: 5,
        timeoutDays: 60,
      };
    case 'approval':
      return { ...base, kind, question: '' };
  }
}

/** `find1`, `find2`…: the first id of that kind not yet taken (ids name steps in expressions: `steps.find1`). */
export function freeStepId(kind: WorkflowStepKind, steps: readonly WorkflowStep[]): string {
  const taken = new Set(steps.map((step) => step.id));
  let number = 1;
  while (taken.has(`${kind}${number}`)) number += 1;
  return `${kind}${number}`;
}
