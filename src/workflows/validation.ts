import type { z } from 'zod';
import type { CompiledFlow, CompiledMapping, PairSide } from '../mapping/compiledMapping.js';
import { compileExpression } from '../mapping/expressions.js';
import type { SystemName } from '../model/index.js';
import type { Workspace } from '../store/workspace.js';
import { isCanonicalField } from './canonicalFields.js';
import { WorkflowDefinition, type WorkflowStep } from './definition.js';
import { compileWorkflowMapping } from './workflowMapping.js';

/** One problem of a definition, on the step (null: the workflow or its trigger) and field it concerns. */
export interface WorkflowProblem {
  readonly stepId: string | null;
  readonly field: string;
  readonly message: string;
}

export type WorkflowCheck =
  | { readonly ok: true; readonly definition: WorkflowDefinition; readonly problems: readonly [] }
  | { readonly ok: false; readonly definition: WorkflowDefinition | undefined; readonly problems: WorkflowProblem[] };

const SIDE_SYSTEMS: Readonly<Record<PairSide, readonly SystemName[]>> = {
  accounting: ['xero', 'kashflow'],
  erp: ['sagex3', 'salesforce'],
};

/** Checks a definition's structure, then its graph, connections, flows, fields, expressions and approval policy. */
export function checkWorkflow(input: unknown, workspace: Workspace): WorkflowCheck {
  const parsed = WorkflowDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, definition: undefined, problems: structuralProblems(parsed.error, input) };
  const definition = parsed.data;
  const problems = [
    ...graphProblems(definition),
    ...expressionProblems(definition),
    ...policyProblems(definition),
    ...workspaceProblems(definition, workspace),
  ];
  return problems.length === 0 ? { ok: true, definition, problems: [] } : { ok: false, definition, problems };
}

/** One sentence naming the first problems, for the error a refused save throws. */
export function describeProblems(problems: readonly WorkflowProblem[]): string {
  const named = problems
    .slice(0, 5)
    .map(
      (problem) => `${problem.stepId === null ? '' : `step "${problem.stepId}" `}${problem.field}: ${problem.message}`,
    );
  return `${named.join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`;
}

function structuralProblems(error: z.ZodError, input: unknown): WorkflowProblem[] {
  const steps = (input as { steps?: unknown } | null)?.steps;
  return error.issues.map((issue) => {
    const [first, index, ...rest] = issue.path;
    if (first === 'steps' && typeof index === 'number') {
      const id = Array.isArray(steps) ? (steps[index] as { id?: unknown } | undefined)?.id : undefined;
      return {
        stepId: typeof id === 'string' ? id : `#${index + 1}`,
        field: rest.map(String).join('.') || '(step)',
        message: issue.message,
      };
    }
    return { stepId: null, field: issue.path.map(String).join('.') || '(workflow)', message: issue.message };
  });
}

function successors(step: WorkflowStep): { field: string; target: string }[] {
  const next = step.next === null ? [] : [{ field: 'next', target: step.next }];
  if (step.kind === 'condition' && step.otherwise !== null) next.push({ field: 'otherwise', target: step.otherwise });
  return next;
}

function graphProblems(definition: WorkflowDefinition): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const byId = new Map<string, WorkflowStep>();
  for (const step of definition.steps) {
    if (byId.has(step.id)) problems.push({ stepId: step.id, field: 'id', message: 'two steps have this id' });
    byId.set(step.id, step);
  }
  if (!byId.has(definition.start)) {
    problems.push({ stepId: null, field: 'start', message: `there is no step "${definition.start}" to start with` });
  }
  for (const step of definition.steps) {
    for (const { field, target } of successors(step)) {
      if (!byId.has(target)) problems.push({ stepId: step.id, field, message: `there is no step "${target}"` });
    }
  }
  const reached = new Set<string>();
  const visit = (id: string, path: readonly string[]) => {
    const step = byId.get(id);
    if (!step) return;
    if (path.includes(id)) {
      problems.push({
        stepId: id,
        field: 'next',
        message: `the steps loop back to "${id}" (${[...path, id].join(' → ')})`,
      });
      return;
    }
    if (reached.has(id)) return;
    reached.add(id);
    for (const { target } of successors(step)) visit(target, [...path, id]);
  };
  visit(definition.start, []);
  for (const step of definition.steps) {
    if (!reached.has(step.id)) {
      problems.push({
        stepId: step.id,
        field: 'next',
        message: 'this step is not connected: no step from the start leads to it',
      });
    }
  }
  return problems;
}

function expressionProblems(definition: WorkflowDefinition): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const check = (stepId: string | null, field: string, text: string | undefined) => {
    if (text === undefined) return;
    try {
      compileExpression(text);
    } catch (error) {
      problems.push({ stepId, field, message: (error as Error).message });
    }
  };
  const { trigger } = definition;
  if (trigger.kind === 'record') {
    check(null, 'trigger.condition', trigger.condition);
    if (trigger.event === 'fieldReached' && (trigger.field === undefined || trigger.value === undefined)) {
      problems.push({ stepId: null, field: 'trigger.field', message: 'name the field and the value it must reach' });
    }
    if (trigger.field !== undefined && !isCanonicalField(trigger.entity, trigger.field)) {
      problems.push({ stepId: null, field: 'trigger.field', message: unknownField(trigger.entity, trigger.field) });
    }
  }
  for (const step of definition.steps) {
    if (step.kind === 'condition') check(step.id, 'condition', step.condition);
    if (step.kind === 'waitUntil') {
      check(step.id, 'condition', step.condition);
      check(step.id, 'record.id', step.record.id);
    }
    if (step.kind === 'findOrCreate') check(step.id, 'source.id', step.source.id);
    if (step.kind === 'update') check(step.id, 'target', step.target);
    if (step.kind === 'find') {
      check(step.id, 'by.value', step.by.value);
      if (!isCanonicalField(step.entity, step.by.field)) {
        problems.push({ stepId: step.id, field: 'by.field', message: unknownField(step.entity, step.by.field) });
      }
    }
  }
  return problems;
}

function unknownField(entity: string, field: string): string {
  return `"${field}" is not a field of a canonical ${entity}`;
}

/** Write steps the policy covers must have an approval on every path from the start to them. */
function policyProblems(definition: WorkflowDefinition): WorkflowProblem[] {
  const policy = definition.approvalPolicy;
  if (!policy || policy.steps.length === 0) return [];
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const unapproved = new Set<string>();
  // Steps reachable from the start along some path without passing an approval.
  const walk = (id: string, seen: Set<string>) => {
    const step = byId.get(id);
    if (!step || seen.has(id)) return;
    seen.add(id);
    unapproved.add(id);
    if (step.kind === 'approval') return;
    for (const { target } of successors(step)) walk(target, seen);
  };
  walk(definition.start, new Set());
  return definition.steps
    .filter((step) => (policy.steps as readonly string[]).includes(step.kind) && unapproved.has(step.id))
    .map((step) => ({
      stepId: step.id,
      field: 'kind',
      message: `the approval policy requires an approval step before every ${step.kind} step, and a path reaches this one without one`,
    }));
}

function workspaceProblems(definition: WorkflowDefinition, workspace: Workspace): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const systems: Partial<Record<PairSide, SystemName>> = {};
  for (const side of ['accounting', 'erp'] as const) {
    const id = definition.connections[side];
    const field = `connections.${side}`;
    if (id === null) {
      problems.push({
        stepId: null,
        field,
        message: `choose the ${side === 'erp' ? 'ERP or CRM' : 'accounting'} connection`,
      });
      continue;
    }
    const connection = workspace.connections.get(id);
    if (!connection) problems.push({ stepId: null, field, message: `there is no connection ${id} in this workspace` });
    else if (!SIDE_SYSTEMS[side].includes(connection.system)) {
      problems.push({
        stepId: null,
        field,
        message: `"${connection.name}" is a ${connection.system} connection, not ${side === 'erp' ? 'an ERP or CRM' : 'an accounting'} one`,
      });
    } else systems[side] = connection.system;
  }
  if (systems.accounting === undefined || systems.erp === undefined) return problems;
  let mapping: CompiledMapping;
  try {
    mapping = compileWorkflowMapping(workspace, definition, { accounting: systems.accounting, erp: systems.erp });
  } catch (error) {
    return [...problems, { stepId: null, field: 'mapping', message: (error as Error).message }];
  }
  return [...problems, ...flowProblems(definition, mapping)];
}

function flowProblems(definition: WorkflowDefinition, mapping: CompiledMapping): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const { trigger } = definition;
  for (const step of definition.steps) {
    if (!('flow' in step)) continue;
    const flow = mapping.flow(step.flow);
    if (!flow) {
      problems.push({ stepId: step.id, field: 'flow', message: `mapping "${mapping.id}" has no flow "${step.flow}"` });
      continue;
    }
    const problem = flowMismatch(step, flow, trigger);
    if (problem) problems.push({ stepId: step.id, field: 'flow', message: problem });
  }
  return problems;
}

function flowMismatch(
  step: WorkflowStep,
  flow: CompiledFlow,
  trigger: WorkflowDefinition['trigger'],
): string | undefined {
  if (
    step.kind === 'findOrCreate' &&
    (flow.from.side !== step.source.side || flow.from.entity !== step.source.entity)
  ) {
    return `flow "${flow.id}" maps ${flow.from.side} ${flow.from.entity} records, not ${step.source.side} ${step.source.entity}`;
  }
  if (step.kind === 'writeBack') {
    if (trigger.kind !== 'record')
      return 'a write-back needs a record trigger: it updates the record that started the run';
    if (flow.to.side !== trigger.side || flow.to.entity !== trigger.entity) {
      return `flow "${flow.id}" writes ${flow.to.side} ${flow.to.entity} records, not the ${trigger.side} ${trigger.entity} that starts the run`;
    }
  }
  return undefined;
}
