import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkflowProblem, WorkflowView } from '../../../../src/api/schemas/workflows';
import type { WorkflowDefinition } from '../../../../src/workflows/definition';
import { ConsoleApiError } from '../../api/client';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

/** Validation waits for a pause in typing, so problems follow the edits without a call per keystroke. */
const VALIDATE_AFTER_MS = 600;

export interface WorkflowDraft {
  readonly definition: WorkflowDefinition;
  /** The saved workflow this draft edits; undefined until the first save. */
  readonly saved: WorkflowView | undefined;
  readonly dirty: boolean;
  readonly problems: readonly WorkflowProblem[];
  /** Whether `problems` describe the definition as it is now. */
  readonly checked: boolean;
  readonly busy: 'validating' | 'saving' | 'enabling' | 'starting' | null;
  readonly change: (change: (definition: WorkflowDefinition) => WorkflowDefinition) => void;
  readonly validate: () => Promise<boolean>;
  readonly save: () => Promise<void>;
  readonly setEnabled: (enabled: boolean) => Promise<void>;
  readonly startRun: () => Promise<string | undefined>;
}

/**
 * The definition being designed, its problems as the engine sees them, and saving it as the workflow's next version.
 * Validation is the engine's (`validateWorkflow`): the designer never guesses which fields or flows exist.
 */
export function useWorkflowDraft(initial: {
  readonly definition: WorkflowDefinition;
  readonly saved?: WorkflowView;
}): WorkflowDraft {
  const { client } = useConsole();
  const { notify, reportError } = useNotifications();
  const [definition, setDefinition] = useState(initial.definition);
  const [saved, setSaved] = useState(initial.saved);
  const [dirty, setDirty] = useState(initial.saved === undefined);
  const [problems, setProblems] = useState<readonly WorkflowProblem[]>([]);
  const [checkedDefinition, setCheckedDefinition] = useState<WorkflowDefinition>();
  const [busy, setBusy] = useState<WorkflowDraft['busy']>(null);
  const latest = useRef(definition);
  latest.current = definition;

  const check = useCallback(
    async (candidate: WorkflowDefinition): Promise<boolean> => {
      const result = await client.call('validateWorkflow', { definition: candidate });
      // An answer about an older definition is dropped: the person has edited since.
      if (latest.current === candidate) {
        setProblems(result.problems);
        setCheckedDefinition(candidate);
      }
      return result.valid;
    },
    [client],
  );

  useEffect(() => {
    const timer = window.setTimeout(() => {
      check(definition).catch((error: unknown) => reportError('Could not check the workflow', error));
    }, VALIDATE_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [definition, check, reportError]);

  // Edits chain on the latest definition (several may come from one gesture); one that changes nothing (a click that
  // "moves" a step to where it is) leaves the workflow unchanged and not dirty.
  const change = useCallback((edit: (current: WorkflowDefinition) => WorkflowDefinition) => {
    const next = edit(latest.current);
    if (next === latest.current) return;
    latest.current = next;
    setDefinition(next);
    setDirty(true);
  }, []);

  const validate = useCallback(async () => {
    setBusy('validating');
    try {
      return await check(latest.current);
    } catch (error) {
      reportError('Could not check the workflow', error);
      return false;
    } finally {
      setBusy(null);
    }
  }, [check, reportError]);

  const save = useCallback(async () => {
    const candidate = latest.current;
    setBusy('saving');
    try {
      if (!(await check(candidate))) {
        notify('error', 'Not saved', 'Fix the problems listed under the canvas, then save again.');
        return;
      }
      const view = await client.call('saveWorkflow', { definition: candidate });
      setSaved(view);
      if (latest.current === candidate) setDirty(false);
      // A new workflow now has an address of its own, so a reload reopens it (replaceState: no remount).
      window.history.replaceState(null, '', `#/workflows?id=${encodeURIComponent(view.id)}`);
      notify('success', 'Workflow saved', `${view.name} is saved as version ${view.version}.`);
    } catch (error) {
      if (error instanceof ConsoleApiError && error.issues.length > 0) {
        setProblems(
          error.issues.map((issue) => ({ stepId: null, field: issue.path.join('.'), message: issue.message })),
        );
      }
      reportError('Could not save the workflow', error);
    } finally {
      setBusy(null);
    }
  }, [check, client, notify, reportError]);

  const setEnabled = useCallback(
    async (enabled: boolean) => {
      if (saved === undefined) return;
      setBusy('enabling');
      try {
        const summary = await client.call('setWorkflowEnabled', { id: saved.id, enabled });
        setSaved((current) => current && { ...current, enabled: summary.enabled });
        notify(
          'success',
          enabled ? 'Workflow enabled' : 'Workflow disabled',
          enabled ? `${summary.name}: ${summary.triggerLabel}.` : `${summary.name} starts no new runs.`,
        );
      } catch (error) {
        reportError(enabled ? 'Could not enable the workflow' : 'Could not disable the workflow', error);
      } finally {
        setBusy(null);
      }
    },
    [client, notify, reportError, saved],
  );

  const startRun = useCallback(async () => {
    if (saved === undefined) return undefined;
    setBusy('starting');
    try {
      const run = await client.call('startWorkflowRun', { workflowId: saved.id });
      notify('success', 'Run started', `${run.workflowName}, version ${run.workflowVersion}.`);
      return run.id;
    } catch (error) {
      reportError('Could not start a run', error);
      return undefined;
    } finally {
      setBusy(null);
    }
  }, [client, notify, reportError, saved]);

  return {
    definition,
    saved,
    dirty,
    problems,
    checked: checkedDefinition === definition,
    busy,
    change,
    validate,
    save,
    setEnabled,
    startRun,
  };
}
