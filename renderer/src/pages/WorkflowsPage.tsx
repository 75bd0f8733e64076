import { useCallback, useEffect, useState } from 'react';
import type { WorkflowView } from '../../../src/api/schemas/workflows';
import type { WorkflowDefinition } from '../../../src/workflows/definition';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import { useConnections } from '../app/useConnections';
import { PageHeader } from '../components/PageLayout';
import { blankDefinition } from '../components/workflows/connectionChoices';
import { RunDetail } from '../components/workflows/RunDetail';
import { TemplateList } from '../components/workflows/TemplateList';
import { WorkflowDesigner } from '../components/workflows/WorkflowDesigner';
import { useWorkflowCatalogue, WorkflowList } from '../components/workflows/WorkflowList';
import { WorkflowRuns } from '../components/workflows/WorkflowRuns';
import '../components/workflows/workflows.css';

type View =
  | { readonly kind: 'list' }
  | { readonly kind: 'open'; readonly id: string }
  | { readonly kind: 'new'; readonly definition: WorkflowDefinition }
  | { readonly kind: 'run'; readonly id: string };

const BASE = '#/workflows';

/** A saved workflow or a run lives in the address (`#/workflows?id=…`, `?run=…`), so it survives a reload. */
function viewInAddress(): View {
  const query = new URLSearchParams(window.location.hash.split('?', 2)[1] ?? '');
  const id = query.get('id');
  const run = query.get('run');
  if (id) return { kind: 'open', id };
  if (run) return { kind: 'run', id: run };
  return { kind: 'list' };
}

export function WorkflowsPage() {
  const [view, setView] = useState<View>(viewInAddress);

  useEffect(() => {
    const follow = () =>
      setView((current) => (current.kind === 'new' && window.location.hash === BASE ? current : viewInAddress()));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  const go = useCallback((next: View) => {
    const hash =
      next.kind === 'open'
        ? `${BASE}?id=${encodeURIComponent(next.id)}`
        : next.kind === 'run'
          ? `${BASE}?run=${encodeURIComponent(next.id)}`
          : BASE;
    if (window.location.hash !== hash) window.location.hash = hash;
    setView(next);
  }, []);
  const backToList = useCallback(() => go({ kind: 'list' }), [go]);
  const openRun = useCallback((id: string) => go({ kind: 'run', id }), [go]);

  return (
    <div className="page wf-page">
      <PageHeader
        title="Workflows"
        description="Multi-step processes between your systems — for example, a won Salesforce opportunity becoming a KashFlow invoice after approval — built on a canvas, tried on a sample record, and every run logged step by step."
      />
      {view.kind === 'list' ? (
        <Overview
          onOpen={(id) => go({ kind: 'open', id })}
          onNew={(definition) => go({ kind: 'new', definition })}
          onOpenRun={openRun}
        />
      ) : null}
      {view.kind === 'new' ? (
        <WorkflowDesigner initial={{ definition: view.definition }} onBack={backToList} onOpenRun={openRun} />
      ) : null}
      {view.kind === 'open' ? (
        <SavedWorkflow key={view.id} id={view.id} onBack={backToList} onOpenRun={openRun} />
      ) : null}
      {view.kind === 'run' ? <RunDetail key={view.id} runId={view.id} onBack={backToList} /> : null}
    </div>
  );
}

function Overview({
  onOpen,
  onNew,
  onOpenRun,
}: {
  readonly onOpen: (id: string) => void;
  readonly onNew: (definition: WorkflowDefinition) => void;
  readonly onOpenRun: (runId: string) => void;
}) {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const catalogue = useWorkflowCatalogue();
  const { list } = useConnections();
  const connections = list?.connections ?? [];

  async function startNew(): Promise<void> {
    try {
      const { mappings } = await client.call('listMappings', {});
      const taken = (catalogue.workflows ?? []).map((workflow) => workflow.id);
      onNew(blankDefinition(connections, mappings, taken));
    } catch (error) {
      reportError('Could not start a new workflow', error);
    }
  }

  return (
    <>
      <div>
        <button
          type="button"
          className="button button--primary"
          disabled={list === undefined}
          onClick={() => void startNew()}
        >
          New workflow
        </button>
      </div>
      {catalogue.workflows === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <WorkflowList workflows={catalogue.workflows} onOpen={onOpen} onChanged={catalogue.reload} />
      )}
      <TemplateList templates={catalogue.templates} connections={connections} onCopied={onOpen} />
      <WorkflowRuns onOpenRun={onOpenRun} />
    </>
  );
}

/** A saved workflow, read (latest version) before the designer opens on it. */
function SavedWorkflow({
  id,
  onBack,
  onOpenRun,
}: {
  readonly id: string;
  readonly onBack: () => void;
  readonly onOpenRun: (runId: string) => void;
}) {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [saved, setSaved] = useState<WorkflowView>();
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    client.call('getWorkflow', { id }).then(setSaved, (error: unknown) => {
      setMissing(true);
      reportError('Could not open the workflow', error);
    });
  }, [client, id, reportError]);

  if (missing) {
    return (
      <p>
        <button type="button" className="button" onClick={onBack}>
          ← All workflows
        </button>
      </p>
    );
  }
  if (saved === undefined) return <p className="muted">Opening the workflow…</p>;
  return <WorkflowDesigner initial={{ definition: saved.definition, saved }} onBack={onBack} onOpenRun={onOpenRun} />;
}
