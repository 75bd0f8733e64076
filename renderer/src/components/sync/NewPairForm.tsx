import { type FormEvent, useEffect, useId, useState } from 'react';
import type { MappingSummary } from '../../../../src/api/schemas/mapping';
import { useConsole } from '../../app/consoleContext';
import { messageOf, useNotifications } from '../../app/notifications';
import type { Connections } from '../../app/useConnections';

type Connection = Connections['connections'][number];

const ACCOUNTING_SYSTEMS: readonly string[] = ['xero', 'kashflow'];

/** Pairs an accounting connection with an ERP or CRM connection under one mapping (by default the shipped template). */
export function NewPairForm({
  connections,
  onDone,
}: {
  readonly connections: readonly Connection[];
  readonly onDone: () => void;
}) {
  const { client } = useConsole();
  const { notify } = useNotifications();
  const accounting = connections.filter((connection) => ACCOUNTING_SYSTEMS.includes(connection.system));
  const erp = connections.filter((connection) => !ACCOUNTING_SYSTEMS.includes(connection.system));
  const [accountingId, setAccountingId] = useState(accounting[0]?.id ?? '');
  const [erpId, setErpId] = useState(erp[0]?.id ?? '');
  const [mappingId, setMappingId] = useState('');
  const [mappings, setMappings] = useState<readonly MappingSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const ids = { accounting: useId(), erp: useId(), mapping: useId() };

  useEffect(() => {
    client.call('listMappings', {}).then(
      (list) => setMappings(list.mappings),
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, [client]);

  const systemOf = (id: string) => connections.find((connection) => connection.id === id)?.system;
  const fits = (written: string, system: string | undefined) => written === 'any' || written === system;
  const fitting = mappings.filter(
    (mapping) => fits(mapping.systems.accounting, systemOf(accountingId)) && fits(mapping.systems.erp, systemOf(erpId)),
  );

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const pair = await client.call('ensureSyncPair', {
        accountingConnectionId: accountingId,
        erpConnectionId: erpId,
        ...(mappingId === '' ? {} : { mappingId }),
      });
      notify('success', 'Sync pair ready', `${pair.label} uses ${pair.mappingName}.`);
      onDone();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="new-pair-title" noValidate>
      <h2 id="new-pair-title">Pair two connections</h2>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="pair-form">
        <ConnectionSelect
          id={ids.accounting}
          label="Accounting system"
          options={accounting}
          value={accountingId}
          onChange={setAccountingId}
        />
        <ConnectionSelect id={ids.erp} label="ERP or CRM" options={erp} value={erpId} onChange={setErpId} />
        <div className="field">
          <label htmlFor={ids.mapping}>Mapping</label>
          <select id={ids.mapping} value={mappingId} onChange={(event) => setMappingId(event.target.value)}>
            <option value="">The template for these two systems</option>
            {fitting.map((mapping) => (
              <option key={mapping.id} value={mapping.id}>
                {mapping.name} (v{mapping.latestVersion}
                {mapping.origin === 'template' ? ', template' : ''})
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy || !accountingId || !erpId}>
            {busy ? 'Pairing…' : 'Create pair'}
          </button>
          <button type="button" className="button button--quiet" onClick={onDone} disabled={busy}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

function ConnectionSelect({
  id,
  label,
  options,
  value,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly options: readonly Connection[];
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.length === 0 ? <option value="">No such connection yet</option> : null}
        {options.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {connection.name}
          </option>
        ))}
      </select>
    </div>
  );
}
