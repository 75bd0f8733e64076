import type { XYPosition } from '@xyflow/react';
import type { WorkflowProblem } from '../../../../src/api/schemas/workflows';
import type { WorkflowDefinition, WorkflowStep, WorkflowStepKind } from '../../../../src/workflows/definition';
import type { StepNodeData } from './StepNode';
import { freeStepId, kindLabel, newStep, outletsOf, stepSummary, targetOf, triggerSummary } from './stepKinds';
import type { CanvasLink, CanvasStep } from './WorkflowCanvas';

/**
 * The designer edits the definition itself; the canvas is drawn from it. These pure functions are every change the
 * canvas and the side panel can make, so the mouse and the keyboard reach the same definitions.
 */

/** The trigger's box: not a step of the definition (it has one trigger and a `start`), so its id cannot be a step's. */
export const TRIGGER_ID = '#trigger';

const ROW_HEIGHT = 150;
const COLUMN_WIDTH = 280;
const ROWS_PER_GROUP = 4;

export type StepBadges = Readonly<Record<string, StepNodeData['badge']>>;

export function canvasSteps(
  definition: WorkflowDefinition,
  problems: readonly WorkflowProblem[],
  badges: StepBadges = {},
): CanvasStep[] {
  const positions = layout(definition);
  const start = positions.get(definition.start);
  const trigger: CanvasStep = {
    id: TRIGGER_ID,
    position: start ? { x: start.x, y: start.y - ROW_HEIGHT } : { x: 0, y: 0 },
    deletable: false,
    data: {
      kindLabel: 'Trigger',
      title: 'Trigger',
      summary: triggerSummary(definition.trigger),
      hasInput: false,
      outlets: [{ id: 'next', label: 'Start' }],
      problems: triggerProblems(problems),
      badge: badges[TRIGGER_ID],
    },
  };
  return [
    trigger,
    ...definition.steps.map((step) => ({
      id: step.id,
      position: positions.get(step.id) ?? { x: 0, y: 0 },
      deletable: true,
      data: {
        kindLabel: kindLabel(step.kind),
        title: step.label || step.id,
        summary: stepSummary(step),
        hasInput: true,
        outlets: outletsOf(step),
        problems: problemsOn(problems, step.id),
        badge: badges[step.id],
      },
    })),
  ];
}

/** Problems of a step, as sentences. */
export function problemsOn(problems: readonly WorkflowProblem[], stepId: string): string[] {
  return problems.filter((problem) => problem.stepId === stepId).map((problem) => problem.message);
}

/** Problems outside any step are the trigger's when they name it or the first step, else the workflow's. */
function isTriggerProblem(problem: WorkflowProblem): boolean {
  return problem.stepId === null && (problem.field.startsWith('trigger') || problem.field === 'start');
}

export function triggerProblems(problems: readonly WorkflowProblem[]): string[] {
  return problems.filter(isTriggerProblem).map((problem) => problem.message);
}

export function workflowProblems(problems: readonly WorkflowProblem[]): string[] {
  return problems
    .filter((problem) => problem.stepId === null && !isTriggerProblem(problem))
    .map((problem) => `${problem.field}: ${problem.message}`);
}

export function canvasLinks(definition: WorkflowDefinition): CanvasLink[] {
  const links: CanvasLink[] = [];
  if (definition.steps.some((step) => step.id === definition.start)) {
    links.push({ from: TRIGGER_ID, outlet: 'next', to: definition.start });
  }
  for (const step of definition.steps) {
    const outlets = outletsOf(step);
    for (const outlet of outlets) {
      const to = targetOf(step, outlet.id);
      if (to !== null)
        links.push({ from: step.id, outlet: outlet.id, to, label: outlets.length > 1 ? outlet.label : undefined });
    }
  }
  return links;
}

/** Points an outlet at a step (the trigger's outlet is the definition's `start`); `to: null` ends the run there. */
export function setLink(
  definition: WorkflowDefinition,
  from: string,
  outlet: string,
  to: string | null,
): WorkflowDefinition {
  if (to === TRIGGER_ID || to === from) return definition;
  if (from === TRIGGER_ID) return { ...definition, start: to ?? '' };
  return mapSteps(definition, (step) => {
    if (step.id !== from) return step;
    if (outlet === 'otherwise' && step.kind === 'condition') return { ...step, otherwise: to };
    return { ...step, next: to };
  });
}

export function removeStep(definition: WorkflowDefinition, id: string): WorkflowDefinition {
  const steps = definition.steps.filter((step) => step.id !== id).map((step) => withoutLinksTo(step, id));
  return { ...definition, steps, start: definition.start === id ? '' : definition.start };
}

/**
 * Adds a step of a kind. With `after` (the selected step or the trigger) whose way out is free, the new step is
 * linked from it and placed below it, which is how a keyboard user builds a chain without the canvas.
 */
export function addStep(
  definition: WorkflowDefinition,
  kind: WorkflowStepKind,
  options: { readonly position?: XYPosition; readonly after?: string | null },
): { readonly definition: WorkflowDefinition; readonly stepId: string } {
  const id = freeStepId(kind, definition.steps);
  const positions = layout(definition);
  const after = options.after ?? null;
  const anchor =
    after === null ? undefined : after === TRIGGER_ID ? triggerPosition(definition, positions) : positions.get(after);
  const position =
    options.position ?? (anchor ? { x: anchor.x, y: anchor.y + ROW_HEIGHT } : belowEverything(positions));
  let next: WorkflowDefinition = { ...definition, steps: [...definition.steps, { ...newStep(kind, id), position }] };
  if (after !== null && outletIsFree(definition, after)) next = setLink(next, after, 'next', id);
  else if (definition.start === '' && definition.steps.length === 0) next = { ...next, start: id };
  return { definition: next, stepId: id };
}

/** The same definition when the step is already there (React Flow reports a click as a move to the same place). */
export function moveStep(definition: WorkflowDefinition, id: string, position: XYPosition): WorkflowDefinition {
  const current = layout(definition).get(id);
  if (current && current.x === position.x && current.y === position.y) return definition;
  return mapSteps(definition, (step) => (step.id === id ? { ...step, position } : step));
}

/** Replaces a step; a new id is followed everywhere the old one was named. */
export function replaceStep(definition: WorkflowDefinition, id: string, replacement: WorkflowStep): WorkflowDefinition {
  const renamed = replacement.id !== id;
  const steps = definition.steps.map((step) => {
    if (step.id === id) return replacement;
    if (!renamed) return step;
    return renameLinks(step, id, replacement.id);
  });
  return { ...definition, steps, start: renamed && definition.start === id ? replacement.id : definition.start };
}

/**
 * Where each step is drawn: where the person put it, else (templates have no positions) in rows by distance from the
 * start, wrapping into a new group of columns every few rows so a long flow stays readable on a laptop screen.
 */
export function layout(definition: WorkflowDefinition): Map<string, XYPosition> {
  const positions = new Map<string, XYPosition>();
  const depth = depthsFromStart(definition);
  const perRow = new Map<number, number>();
  const unreachableRow = Math.max(0, ...depth.values()) + 1;
  const widest = Math.max(1, ...countBy([...depth.values()]).values());
  for (const step of definition.steps) {
    if (step.position) {
      positions.set(step.id, step.position);
      continue;
    }
    const row = depth.get(step.id) ?? unreachableRow;
    const column = perRow.get(row) ?? 0;
    perRow.set(row, column + 1);
    const group = Math.floor(row / ROWS_PER_GROUP);
    positions.set(step.id, {
      x: (group * (widest + 1) + column) * COLUMN_WIDTH,
      y: ((row % ROWS_PER_GROUP) + 1) * ROW_HEIGHT,
    });
  }
  return positions;
}

function countBy(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Steps in the order a run meets them from the start (breadth first), then any not reachable. */
export function stepsInRunOrder(definition: WorkflowDefinition): WorkflowStep[] {
  const depth = depthsFromStart(definition);
  return [...definition.steps].sort(
    (a, b) => (depth.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (depth.get(b.id) ?? Number.MAX_SAFE_INTEGER),
  );
}

function depthsFromStart(definition: WorkflowDefinition): Map<string, number> {
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const depth = new Map<string, number>();
  const queue: string[] = byId.has(definition.start) ? [definition.start] : [];
  if (queue.length > 0) depth.set(definition.start, 0);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const step = byId.get(id);
    if (step === undefined) continue;
    for (const outlet of outletsOf(step)) {
      const to = targetOf(step, outlet.id);
      if (to !== null && byId.has(to) && !depth.has(to)) {
        depth.set(to, (depth.get(id) ?? 0) + 1);
        queue.push(to);
      }
    }
  }
  return depth;
}

function triggerPosition(definition: WorkflowDefinition, positions: Map<string, XYPosition>): XYPosition {
  const start = positions.get(definition.start);
  return start ? { x: start.x, y: start.y - ROW_HEIGHT } : { x: 0, y: 0 };
}

function belowEverything(positions: Map<string, XYPosition>): XYPosition {
  const lowest = Math.max(0, ...[...positions.values()].map((position) => position.y));
  return { x: 0, y: lowest + ROW_HEIGHT };
}

function outletIsFree(definition: WorkflowDefinition, from: string): boolean {
  if (from === TRIGGER_ID) return !definition.steps.some((step) => step.id === definition.start);
  return definition.steps.find((step) => step.id === from)?.next === null;
}

function mapSteps(definition: WorkflowDefinition, change: (step: WorkflowStep) => WorkflowStep): WorkflowDefinition {
  return { ...definition, steps: definition.steps.map(change) };
}

function withoutLinksTo(step: WorkflowStep, id: string): WorkflowStep {
  return renameLinks(step, id, null);
}

function renameLinks(step: WorkflowStep, from: string, to: string | null): WorkflowStep {
  const next = step.next === from ? to : step.next;
  if (step.kind === 'condition') return { ...step, next, otherwise: step.otherwise === from ? to : step.otherwise };
  return { ...step, next };
}
