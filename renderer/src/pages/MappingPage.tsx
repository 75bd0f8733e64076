import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FieldSuggestions, MappingDocumentView, MappingSummary } from '../../../src/api/schemas/mapping';
import { useConsole } from '../app/consoleContext';
import { messageOf, useNotifications } from '../app/notifications';
import { CodeEditor, type CodeEditorHandle } from '../components/mapping/CodeEditor';
import { type MappingChoice, MappingList } from '../components/mapping/MappingList';
import { PreviewPanel } from '../components/mapping/PreviewPanel';
import { SuggestionsPanel } from '../components/mapping/SuggestionsPanel';
import { type Sample, useMappingPreview } from '../components/mapping/useMappingPreview';
import { PageHeader } from '../components/PageLayout';
import '../components/mapping/mapping.css';
import '../components/sync/sync.css';

export function MappingPage() {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [mappings, setMappings] = useState<readonly MappingSummary[]>([]);
  const [choice, setChoice] = useState<MappingChoice>();
  const [document, setDocument] = useState<MappingDocumentView>();
  const [text, setText] = useState('');

  const reloadList = useCallback(() => {
    client.call('listMappings', {}).then(
      (list) => {
        setMappings(list.mappings);
        setChoice((current) => current ?? first(list.mappings));
      },
      (error: unknown) => reportError('Could not list the mapping documents', error),
    );
  }, [client, reportError]);

  useEffect(reloadList, [reloadList]);

  useEffect(() => {
    if (choice === undefined) return;
    let current = true;
    client.call('getMapping', choice).then(
      (loaded) => {
        if (!current) return;
        setDocument(loaded);
        setText(loaded.text);
      },
      (error: unknown) => reportError('Could not open the mapping document', error),
    );
    return () => {
      current = false;
    };
  }, [client, reportError, choice]);

  return (
    <div className="sync-page">
      <PageHeader
        title="Mappings"
        description="How records of one system become records of the other: every flow, field rule, lookup table and status map, as a versioned document. Edit it, try it on sample records, and save it as a new version; earlier versions are kept."
      />
      <div className="mapping-layout">
        <MappingList mappings={mappings} selected={choice} onSelect={setChoice} />
        {document ? (
          <MappingWorkspace
            key={`${document.id}@${document.version}`}
            document={document}
            text={text}
            onText={setText}
            onSaved={(saved) => {
              reloadList();
              setChoice({ id: saved.id, version: saved.version });
            }}
          />
        ) : (
          <p className="muted">Choose a document to edit.</p>
        )}
      </div>
    </div>
  );
}

function first(mappings: readonly MappingSummary[]): MappingChoice | undefined {
  const mapping = mappings[0];
  return mapping ? { id: mapping.id, version: mapping.latestVersion } : undefined;
}

function MappingWorkspace({
  document,
  text,
  onText,
  onSaved,
}: {
  readonly document: MappingDocumentView;
  readonly text: string;
  readonly onText: (text: string) => void;
  readonly onSaved: (saved: MappingDocumentView) => void;
}) {
  const { client, settings } = useConsole();
  const { notify, reportError } = useNotifications();
  const [flowId, setFlowId] = useState(document.flows[0]?.id ?? '');
  const [sampleText, setSampleText] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [suggestions, setSuggestions] = useState<FieldSuggestions>();
  const [suggesting, setSuggesting] = useState(false);
  const ids = { flow: useId(), problems: useId(), samples: useId() };
  const editor = useRef<CodeEditorHandle>(null);

  const sample = useMemo<Sample | undefined>(
    () => (settings.demoMode ? 'demo' : parseSamples(sampleText)),
    [settings.demoMode, sampleText],
  );
  const { preview, busy } = useMappingPreview(text, flowId, sample);
  const flows = preview?.valid ? preview.flows : document.flows;
  const problems = preview?.valid === false ? preview.problems : [];
  const problemLines = useMemo(
    () => new Set(problems.flatMap((problem) => (problem.line === null ? [] : [problem.line]))),
    [problems],
  );

  async function save(): Promise<void> {
    setSaving(true);
    setSaveError(undefined);
    try {
      const saved = await client.call('saveMapping', { text });
      notify('success', 'Mapping saved', `${saved.name} is now version ${saved.version}.`);
      onSaved(saved);
    } catch (error) {
      setSaveError(messageOf(error));
    } finally {
      setSaving(false);
    }
  }

  async function suggest(): Promise<void> {
    if (sample === undefined) return;
    setSuggesting(true);
    try {
      setSuggestions(
        await client.call('suggestMappingFields', {
          text,
          ...(flowId === '' ? {} : { flowId }),
          sample: sample === 'demo' ? 'demo' : [...sample],
        }),
      );
    } catch (error) {
      reportError('Could not suggest fields', error);
    } finally {
      setSuggesting(false);
    }
  }

  return (
    <div className="sync-page">
      <section className="panel" aria-labelledby="mapping-editor-title">
        <h2 id="mapping-editor-title">
          {document.name} <span className="muted">version {document.version}</span>
        </h2>
        {saveError ? (
          <p className="form-error" role="alert">
            {saveError}
          </p>
        ) : null}
        <CodeEditor
          ref={editor}
          label="Mapping document (YAML)"
          value={text}
          onChange={onText}
          problemLines={problemLines}
          describedBy={problems.length > 0 ? ids.problems : undefined}
        />
        <div id={ids.problems} role="status" aria-live="polite">
          {problems.length > 0 ? (
            <>
              <h3>Problems ({problems.length})</h3>
              <ul className="problem-list" aria-label="Problems in the document">
                {problems.map((problem) => (
                  <li key={`${problem.line}-${problem.path}-${problem.message}`}>
                    {problem.line === null ? null : (
                      <button type="button" onClick={() => editor.current?.goToLine(problem.line ?? 1)}>
                        Line {problem.line}
                      </button>
                    )}
                    {problem.line === null ? '' : ': '}
                    {problem.path}: {problem.message}
                  </li>
                ))}
              </ul>
            </>
          ) : preview?.valid ? (
            <p className="muted">The document is valid.</p>
          ) : null}
        </div>
        <div className="form-actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void save()}
            disabled={saving || text === document.text}
          >
            {saving ? 'Saving…' : 'Save as new version'}
          </button>
          <span className="form-actions__state">{text === document.text ? 'No changes' : 'Unsaved changes'}</span>
        </div>
      </section>
      <div className="mapping-work">
        <div className="sync-page">
          <div className="field">
            <label htmlFor={ids.flow}>Flow to preview</label>
            <select id={ids.flow} value={flowId} onChange={(event) => setFlowId(event.target.value)}>
              {flows.map((flow) => (
                <option key={flow.id} value={flow.id}>
                  {flow.id}: {flow.from.side} {flow.from.entity} → {flow.to.side} {flow.to.entity}
                </option>
              ))}
            </select>
          </div>
          {settings.demoMode ? (
            <p className="muted">Sample records come from the demo companies.</p>
          ) : (
            <div className="field">
              <label htmlFor={ids.samples}>Sample records (a JSON list of canonical records)</label>
              <textarea
                id={ids.samples}
                className="payload-editor"
                value={sampleText}
                spellCheck={false}
                onChange={(event) => setSampleText(event.target.value)}
              />
            </div>
          )}
          <PreviewPanel preview={preview} busy={busy} />
        </div>
        <SuggestionsPanel
          suggestions={suggestions}
          busy={suggesting}
          onSuggest={() => void suggest()}
          disabled={sample === undefined || problems.length > 0}
        />
      </div>
    </div>
  );
}

/** The pasted sample records, or undefined while they are not (yet) a JSON list. */
function parseSamples(text: string): readonly unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
