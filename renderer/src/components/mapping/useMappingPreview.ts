import { useEffect, useState } from 'react';
import type { MappingPreview } from '../../../../src/api/schemas/mapping';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

/** Waits for typing to pause before checking the document again, so every keystroke does not cost a preview. */
const PAUSE_MS = 400;

export type Sample = 'demo' | readonly unknown[];

/** The live preview of one flow of the text being edited: checked and mapped again whenever the text pauses. */
export function useMappingPreview(
  text: string,
  flowId: string,
  sample: Sample | undefined,
): { readonly preview: MappingPreview | undefined; readonly busy: boolean } {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [preview, setPreview] = useState<MappingPreview>();
  const [busy, setBusy] = useState(false);
  // Demo records come through the demo connections: when they change (the demo companies came up), try again.
  const [connectionChanges, setConnectionChanges] = useState(0);

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'connectionsChanged') setConnectionChanges((count) => count + 1);
      }),
    [client],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of connections is a reason to preview again
  useEffect(() => {
    if (text.trim() === '' || sample === undefined) return;
    let current = true;
    setBusy(true);
    const timer = window.setTimeout(() => {
      client
        .call('previewMapping', {
          text,
          ...(flowId === '' ? {} : { flowId }),
          sample: sample === 'demo' ? 'demo' : [...sample],
        })
        .then(
          (result) => current && setPreview(result),
          (error: unknown) => current && reportError('Could not preview the mapping', error),
        )
        .finally(() => current && setBusy(false));
    }, PAUSE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [client, reportError, text, flowId, sample, connectionChanges]);

  return { preview, busy };
}
