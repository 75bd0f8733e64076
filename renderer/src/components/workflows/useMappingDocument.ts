import { useEffect, useMemo, useState } from 'react';
import type { MappingDocumentView } from '../../../../src/api/schemas/mapping';
import { type MappingDocument, parseMappingText } from '../../../../src/mapping/mappingDocument';
import { useConsole } from '../../app/consoleContext';
import { messageOf } from '../../app/notifications';

export interface WorkflowMapping {
  /** The mapping document the workflow's steps use; undefined while loading or when it cannot be read. */
  readonly view: MappingDocumentView | undefined;
  /** The same document parsed, for the field rules of each flow; undefined when its text is not valid. */
  readonly document: MappingDocument | undefined;
  readonly error: string | undefined;
}

/** The mapping document a workflow names (a saved one or a shipped template), read again when the choice changes. */
export function useMappingDocument(mapping: {
  readonly id: string;
  readonly version?: number | undefined;
}): WorkflowMapping {
  const { client } = useConsole();
  const [view, setView] = useState<MappingDocumentView>();
  const [error, setError] = useState<string>();
  const { id, version } = mapping;

  useEffect(() => {
    let current = true;
    setView(undefined);
    setError(undefined);
    if (id.trim() === '') return;
    client.call('getMapping', { id, ...(version === undefined ? {} : { version }) }).then(
      (document) => {
        if (current) setView(document);
      },
      (failure: unknown) => {
        if (current) setError(messageOf(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [client, id, version]);

  const document = useMemo(() => {
    if (view === undefined) return undefined;
    try {
      return parseMappingText(view.text, view.name);
    } catch {
      return undefined;
    }
  }, [view]);

  return { view, document, error };
}
