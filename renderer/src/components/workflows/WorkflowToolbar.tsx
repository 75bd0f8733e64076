import type { WorkflowDraft } from './useWorkflowDraft';

/** The designer's header: which workflow and version this is, whether it runs, and validate / save / enable / start. */
export function WorkflowToolbar({
  draft,
  title,
  onBack,
  onStarted,
}: {
  readonly draft: WorkflowDraft;
  readonly title: string;
  readonly onBack: () => void;
  readonly onStarted: (runId: string) => void;
}) {
  const { saved, dirty, busy } = draft;
  const state = saved === undefined ? 'Not saved yet' : `Version ${saved.version}${dirty ? ', unsaved changes' : ''}`;
  return (
    <div className="wf-toolbar">
      <button type="button" className="button button--quiet" onClick={onBack}>
        ← All workflows
      </button>
      <div className="wf-toolbar__title">
        <h2>{title}</h2>
        <p className="muted">
          {state}
          {saved ? (
            <>
              {' · '}
              <span className={`status-pill ${saved.enabled ? 'status-pill--on' : 'status-pill--off'}`}>
                {saved.enabled ? 'Enabled' : 'Disabled'}
              </span>
            </>
          ) : null}
        </p>
      </div>
      <div className="wf-toolbar__actions">
        <button type="button" className="button" disabled={busy !== null} onClick={() => void draft.validate()}>
          {busy === 'validating' ? 'Validating…' : 'Validate'}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={busy !== null || !dirty}
          onClick={() => void draft.save()}
        >
          {busy === 'saving' ? 'Saving…' : saved ? 'Save as new version' : 'Save'}
        </button>
        {saved ? (
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => void draft.setEnabled(!saved.enabled)}
          >
            {saved.enabled ? 'Disable' : 'Enable'}
          </button>
        ) : null}
        {saved ? (
          <button
            type="button"
            className="button"
            disabled={busy !== null || dirty}
            title={dirty ? 'Save your changes first: a run uses the saved version.' : undefined}
            onClick={() => void draft.startRun().then((runId) => runId && onStarted(runId))}
          >
            {busy === 'starting' ? 'Starting…' : 'Start a run'}
          </button>
        ) : null}
      </div>
    </div>
  );
}
