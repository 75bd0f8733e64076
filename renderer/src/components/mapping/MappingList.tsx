import type { MappingSummary } from '../../../../src/api/schemas/mapping';
import { formatWhen } from '../../pages/auditFormat';

export interface MappingChoice {
  readonly id: string;
  readonly version: number;
}

/** The workspace's mapping documents and the shipped templates, each with its versions, newest first. */
export function MappingList({
  mappings,
  selected,
  onSelect,
}: {
  readonly mappings: readonly MappingSummary[];
  readonly selected: MappingChoice | undefined;
  readonly onSelect: (choice: MappingChoice) => void;
}) {
  return (
    <nav className="panel" aria-labelledby="mapping-list-title">
      <h2 id="mapping-list-title">Documents</h2>
      {mappings.length === 0 ? <p className="muted">No mapping documents yet.</p> : null}
      <ul className="sync-list">
        {mappings.map((mapping) => (
          <li key={mapping.id}>
            <button
              type="button"
              className="sync-list__item"
              aria-pressed={selected?.id === mapping.id}
              onClick={() => onSelect({ id: mapping.id, version: mapping.latestVersion })}
            >
              <span>{mapping.name}</span>
              <span className="sync-list__detail">
                {mapping.origin === 'template' ? 'Template' : `v${mapping.latestVersion}`} ·{' '}
                {mapping.systems.accounting} ⇄ {mapping.systems.erp}
              </span>
            </button>
            {selected?.id === mapping.id && mapping.versions.length > 1 ? (
              <VersionList mapping={mapping} selected={selected} onSelect={onSelect} />
            ) : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function VersionList({
  mapping,
  selected,
  onSelect,
}: {
  readonly mapping: MappingSummary;
  readonly selected: MappingChoice;
  readonly onSelect: (choice: MappingChoice) => void;
}) {
  return (
    <ul className="sync-list" aria-label={`Versions of ${mapping.name}`}>
      {mapping.versions.map((version) => (
        <li key={version.version}>
          <button
            type="button"
            className="sync-list__item"
            aria-pressed={selected.version === version.version}
            onClick={() => onSelect({ id: mapping.id, version: version.version })}
          >
            <span>Version {version.version}</span>
            <span className="sync-list__detail">
              {formatWhen(version.savedAt)}
              {version.savedBy ? ` by ${version.savedBy}` : ''}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
