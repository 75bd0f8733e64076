import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Settings, SettingsUpdate } from '../../../src/api/schemas/settings';
import { ConsoleApiError } from '../api/client';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import { PageHeader } from '../components/PageLayout';
import { formatWhen } from './auditFormat';

type Editable = Pick<Settings, 'userName' | 'role' | 'theme'>;
type FieldName = keyof Editable;
type FieldErrors = Partial<Record<FieldName | 'form', string>>;

const fieldNames: readonly FieldName[] = ['userName', 'role', 'theme'];

function editableOf(settings: Settings): Editable {
  return { userName: settings.userName, role: settings.role, theme: settings.theme };
}

/** Only what the person changed, so an unchanged form records nothing on the audit trail. */
function changesBetween(saved: Editable, draft: Editable): SettingsUpdate {
  const update: { -readonly [K in FieldName]?: Editable[K] } = {};
  if (draft.userName !== saved.userName) update.userName = draft.userName;
  if (draft.role !== saved.role) update.role = draft.role;
  if (draft.theme !== saved.theme) update.theme = draft.theme;
  return update;
}

/** Each invalid-input issue goes next to the field it names; anything else goes above the form. */
function fieldErrorsOf(error: ConsoleApiError): FieldErrors {
  const errors: FieldErrors = {};
  const issues = error.issues.length > 0 ? error.issues : [{ path: [], message: error.message }];
  for (const issue of issues) {
    const field = fieldNames.find((name) => name === issue.path.join('.')) ?? 'form';
    errors[field] = errors[field] ? `${errors[field]} ${issue.message}` : issue.message;
  }
  return errors;
}

export function SettingsPage() {
  const { client, settings, setSettings, appInfo } = useConsole();
  const { notify, reportError } = useNotifications();
  const saved = editableOf(settings);
  const [draft, setDraft] = useState<Editable>(saved);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const changes = changesBetween(saved, draft);
  const dirty = Object.keys(changes).length > 0;
  const ids = { name: useId(), nameError: useId(), nameHint: useId(), roleError: useId(), themeError: useId() };

  // Settings changed in another window replace the form's values unless the person is midway through an edit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow saved settings only, not every keystroke
  useEffect(() => {
    if (!dirty) setDraft(editableOf(settings));
  }, [settings]);

  // Take the person to the first field the API rejected.
  useEffect(() => {
    const first = fieldNames.find((field) => errors[field]);
    if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
  }, [errors]);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!dirty) return;
    setSaving(true);
    setErrors({});
    try {
      const next = await client.call('updateSettings', changes);
      setSettings(next);
      setDraft(editableOf(next));
      notify('success', 'Settings saved', 'Your changes are saved and recorded in Activity.');
    } catch (error) {
      if (error instanceof ConsoleApiError && error.code === 'api.invalid_input') setErrors(fieldErrorsOf(error));
      else reportError('Could not save settings', error);
    } finally {
      setSaving(false);
    }
  }

  function change<K extends FieldName>(field: K, value: Editable[K]): void {
    setDraft((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  }

  return (
    <div className="page">
      <PageHeader
        title="Settings"
        description="Who you are in this workspace and how the console looks. Every change is recorded in Activity."
      />
      <form className="panel settings-form" ref={formRef} onSubmit={(event) => void save(event)} noValidate>
        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={ids.name}>Your name</label>
          <p className="field__hint" id={ids.nameHint}>
            Shown on every audit entry and approval you make.
          </p>
          <input
            id={ids.name}
            name="userName"
            value={draft.userName}
            onChange={(event) => change('userName', event.target.value)}
            autoComplete="name"
            aria-invalid={errors.userName ? true : undefined}
            aria-describedby={errors.userName ? `${ids.nameHint} ${ids.nameError}` : ids.nameHint}
          />
          <FieldError id={ids.nameError} message={errors.userName} />
        </div>

        <fieldset className="field" aria-describedby={errors.role ? ids.roleError : undefined}>
          <legend>Your role</legend>
          <RadioOption
            name="role"
            value="preparer"
            checked={draft.role === 'preparer'}
            onSelect={() => change('role', 'preparer')}
            label="Preparer"
            detail="Prepares reconciliations and proposes corrections."
          />
          <RadioOption
            name="role"
            value="approver"
            checked={draft.role === 'approver'}
            onSelect={() => change('role', 'approver')}
            label="Approver"
            detail="Approves corrections and signs periods off."
          />
          <FieldError id={ids.roleError} message={errors.role} />
        </fieldset>

        <fieldset className="field" aria-describedby={errors.theme ? ids.themeError : undefined}>
          <legend>Theme</legend>
          <div className="segmented">
            {(['system', 'light', 'dark'] as const).map((theme) => (
              <RadioOption
                key={theme}
                name="theme"
                value={theme}
                checked={draft.theme === theme}
                onSelect={() => change('theme', theme)}
                label={theme === 'system' ? 'Same as my computer' : theme === 'light' ? 'Light' : 'Dark'}
              />
            ))}
          </div>
          <FieldError id={ids.themeError} message={errors.theme} />
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={saving || !dirty}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <button
            type="button"
            className="button button--quiet"
            disabled={!dirty || saving}
            onClick={() => {
              setDraft(saved);
              setErrors({});
            }}
          >
            Discard changes
          </button>
          <span className="form-actions__state" aria-live="polite">
            {dirty ? 'Unsaved changes' : 'All changes saved'}
          </span>
        </div>
      </form>

      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title">About this console</h2>
        <dl className="facts">
          <dt>Version</dt>
          <dd>Counterpart {appInfo.version}</dd>
          <dt>Workspace</dt>
          <dd>{appInfo.workspace}</dd>
          <dt>Running as</dt>
          <dd>{appInfo.transport === 'ipc' ? 'Desktop app' : 'Browser console (counterpart serve)'}</dd>
          <dt>Started</dt>
          <dd>{formatWhen(appInfo.startedAt)}</dd>
          <dt>Demo companies</dt>
          <dd>{settings.demoMode ? 'On — you chose to explore with demo companies' : 'Off'}</dd>
        </dl>
      </section>
    </div>
  );
}

function RadioOption(props: {
  readonly name: string;
  readonly value: string;
  readonly checked: boolean;
  readonly onSelect: () => void;
  readonly label: string;
  readonly detail?: string;
}) {
  return (
    <label className="radio">
      <input type="radio" name={props.name} value={props.value} checked={props.checked} onChange={props.onSelect} />
      <span className="radio__text">
        <span className="radio__label">{props.label}</span>
        {props.detail ? <span className="radio__detail">{props.detail}</span> : null}
      </span>
    </label>
  );
}

function FieldError({ id, message }: { readonly id: string; readonly message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id}>
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}
