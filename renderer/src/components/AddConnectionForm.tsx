import { type FormEvent, useEffect, useId, useState } from 'react';
import type { ConnectionField } from '../../../src/connections/connectionForm';
import { useConsole } from '../app/consoleContext';
import { messageOf, useNotifications } from '../app/notifications';
import type { Connections } from '../app/useConnections';

type System = Connections['systems'][number];

/**
 * Connects to a system from the console. Every field comes from the connector's own description; the engine signs
 * in (asking for the browser consent of Xero and Salesforce), tests, and only then saves. Secrets typed here go to
 * the OS keychain and are never shown again.
 */
export function AddConnectionForm({
  systems,
  onDone,
}: {
  readonly systems: readonly System[];
  readonly onDone: () => void;
}) {
  const { client } = useConsole();
  const { notify } = useNotifications();
  const [systemName, setSystemName] = useState(systems[0]?.system);
  const system = systems.find((candidate) => candidate.system === systemName);
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [consentUrl, setConsentUrl] = useState<string>();
  const ids = { system: useId(), name: useId(), error: useId() };

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name !== 'consentRequested' || event.payload.system !== systemName) return;
        setConsentUrl(event.payload.url);
        window.open(event.payload.url, '_blank', 'noopener');
      }),
    [client, systemName],
  );

  if (!system) return null;
  const fields = [...system.settings, ...system.secrets];

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!system) return;
    setBusy(true);
    setError(undefined);
    setConsentUrl(undefined);
    const pick = (list: readonly ConnectionField[]) =>
      Object.fromEntries(list.map((field) => [field.name, values[field.name] ?? field.defaultValue ?? '']));
    try {
      const created = await client.call('createConnection', {
        system: system.system,
        name: name.trim() || system.displayName,
        settings: pick(system.settings),
        secrets: pick(system.secrets),
      });
      notify('success', 'Connected', `${created.connection.name}: connected as ${created.account}.`);
      onDone();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="panel connection-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="add-connection-title"
      noValidate
    >
      <h2 id="add-connection-title">Add a connection</h2>
      {error ? (
        <p className="form-error" role="alert" id={ids.error}>
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={ids.system}>System</label>
        <select
          id={ids.system}
          value={system.system}
          onChange={(event) => setSystemName(event.target.value as System['system'])}
        >
          {systems.map((candidate) => (
            <option key={candidate.system} value={candidate.system}>
              {candidate.displayName}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.name}>Connection name</label>
        <input
          id={ids.name}
          value={name}
          placeholder={system.displayName}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      {fields.map((field) => (
        <FieldInput
          key={`${system.system}-${field.name}`}
          field={field}
          value={values[field.name] ?? field.defaultValue ?? ''}
          onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
        />
      ))}
      {system.signsInWithBrowser ? (
        <p className="field__hint">
          Counterpart opens {system.displayName}’s sign-in page in your browser; allow access there and come back.
        </p>
      ) : null}
      {consentUrl ? (
        <p role="status">
          Waiting for you to sign in.{' '}
          <a href={consentUrl} target="_blank" rel="noreferrer noopener">
            Open the {system.displayName} sign-in page
          </a>
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect and test'}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function FieldInput({
  field,
  value,
  onChange,
}: {
  readonly field: ConnectionField;
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  const id = useId();
  const hint = useId();
  const label = `${field.label}${field.required ? '' : ' (optional)'}`;
  const common = { id, value, 'aria-describedby': field.help ? hint : undefined, required: field.required };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {field.help ? (
        <p className="field__hint" id={hint}>
          {field.help}
        </p>
      ) : null}
      {field.kind === 'choice' ? (
        <select {...common} onChange={(event) => onChange(event.target.value)}>
          {field.choices?.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      ) : field.kind === 'multiline' ? (
        <textarea {...common} rows={4} spellCheck={false} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={field.kind === 'secret' ? 'password' : field.kind === 'url' ? 'url' : 'text'}
          autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </div>
  );
}
