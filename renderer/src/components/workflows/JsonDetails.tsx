/** A step's input and output, folded away: people open them when a step did something unexpected. */
export function JsonDetails({ input, output }: { readonly input: unknown; readonly output: unknown }) {
  return (
    <div className="wf-json">
      {input === undefined || input === null ? null : (
        <details>
          <summary>Input</summary>
          <pre className="wf-json__text">{JSON.stringify(input, null, 2)}</pre>
        </details>
      )}
      {output === undefined || output === null ? null : (
        <details>
          <summary>Output</summary>
          <pre className="wf-json__text">{JSON.stringify(output, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
