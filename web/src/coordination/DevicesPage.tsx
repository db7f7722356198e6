import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { StackedTable } from '../ui/StackedTable.tsx';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useState } from 'react';
import { Link } from 'react-router';
import type { DeviceState, ImportDevicesMutation as ImportDevicesData } from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { submitWith } from '../ui/api-failure.ts';
import { formatShortDate } from '../ui/format.ts';
import { FormSection } from '../ui/FormSection.tsx';
import { useFieldErrors } from '../ui/form-errors.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { StatusLine, useAnnouncement } from '../ui/StatusLine.tsx';
import { DeviceStateBadge } from './DeviceStateBadge.tsx';
import { AddDeviceMutation, DevicesQuery, ImportDevicesMutation } from './operations.ts';

const m = messages.coordination.devices;
const states: DeviceState[] = ['IN_STOCK', 'ALLOCATED', 'IN_REPAIR', 'LOST'];

/** The inventory by state, a tablet added by hand or a whole file imported, and the officials still without one. */
export function DevicesPage() {
  const [state, setState] = useState<DeviceState | ''>('');
  const { data, error, refetch } = useQuery(DevicesQuery, { variables: { state: state || null }, fetchPolicy: 'cache-and-network' });
  const { announcement, done } = useAnnouncement(refetch);
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const total = data.deviceCounts.reduce((sum, count) => sum + count.count, 0);
  const countOf = (wanted: DeviceState) => data.deviceCounts.find((count) => count.state === wanted)?.count ?? 0;

  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      <StatusLine text={announcement} />
      <h2 className="fr-sr-only">{m.counts}</h2>
      <ul className="cartable-figures" aria-label={m.counts}>
        {states.map((each) => (
          <li key={each}>
            <strong>{countOf(each)}</strong>
            {messages.coordination.deviceState[each]}
          </li>
        ))}
      </ul>
      <Select
        label={m.filter}
        className="cartable-filter"
        nativeSelectProps={{ value: state, onChange: (event) => setState(event.target.value as DeviceState | '') }}
      >
        <option value="">{m.all(total)}</option>
        {states.map((each) => (
          <option key={each} value={each}>
            {m.inState(messages.coordination.deviceState[each], countOf(each))}
          </option>
        ))}
      </Select>
      {data.devices.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <StackedTable
          caption={m.caption(data.devices.length)}
          headers={[m.columns.serial, m.columns.model, m.columns.state, m.columns.holder, m.columns.convention]}
          data={data.devices.map((device) => [
            <Link key="serial" className="fr-link" to={`/coordination/tablettes/${device.id}`} aria-label={m.open(device.serialNumber)}>
              {device.serialNumber}
            </Link>,
            device.model,
            <DeviceStateBadge key="state" state={device.state} />,
            device.currentLoan?.person.displayName ?? '',
            device.currentLoan
              ? device.currentLoan.acceptedAt
                ? m.accepted(formatShortDate(device.currentLoan.acceptedAt))
                : m.notAccepted
              : '',
          ])}
        />
      )}
      <AddDeviceForm onDone={done} />
      <ImportDevicesForm onDone={done} />
      <section aria-labelledby="without-heading">
        <h2 id="without-heading">{m.without}</h2>
        <p>{m.withoutIntro}</p>
        {data.officialsWithoutDevice.map(({ body, officials }) => (
          <div key={body.id}>
            <h3 className="fr-h6 fr-mb-1w">{body.name}</h3>
            {officials.length === 0 ? (
              <p className="fr-text--sm">{m.withoutNone}</p>
            ) : (
              <ul aria-label={`${m.without} — ${body.name}`}>
                {officials.map((official) => (
                  <li key={official.id}>
                    {official.displayName} <span className="fr-text--xs">{official.email}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </section>
    </>
  );
}

const emptyDevice = { serialNumber: '', model: '', purchasedOn: '', notes: '' };

function AddDeviceForm({ onDone }: { onDone: (message: string) => Promise<void> }) {
  const [draft, setDraft] = useState(emptyDevice);
  const [add, added] = useMutation(AddDeviceMutation);
  const fields = useFieldErrors();
  const field = (name: keyof typeof emptyDevice) => ({
    name,
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  const submit = submitWith(async () => {
    const input = {
      serialNumber: draft.serialNumber.trim(),
      model: draft.model.trim(),
      purchasedOn: draft.purchasedOn || null,
      notes: draft.notes.trim() || null,
    };
    const device = (await add({ variables: { input } })).data!.addDevice;
    setDraft(emptyDevice);
    await onDone(m.added(device.serialNumber));
  });
  return (
    <FormSection title={m.add} fields={fields} onSubmit={submit}>
      <div className="cartable-inline-fields">
        <Input
          label={m.serial}
          {...fields.field('serialNumber')}
          nativeInputProps={{ ...field('serialNumber'), required: true, autoComplete: 'off' }}
        />
        <Input label={m.model} {...fields.field('model')} nativeInputProps={{ ...field('model'), required: true }} />
      </div>
      <Input label={m.purchasedOn} {...fields.field('purchasedOn')} nativeInputProps={{ ...field('purchasedOn'), type: 'date' }} />
      <Input label={m.notes} textArea nativeTextAreaProps={{ ...field('notes'), rows: 2 }} />
      <div aria-live="polite" className="cartable-form-feedback">
        {added.error && <GraphqlError error={added.error} />}
      </div>
      <Button type="submit" disabled={added.loading}>
        {m.addSubmit}
      </Button>
    </FormSection>
  );
}

function ImportDevicesForm({ onDone }: { onDone: (message: string) => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [empty, setEmpty] = useState(false);
  const [refused, setRefused] = useState<ImportDevicesData['importDevices']['errors']>([]);
  const [importDevices, imported] = useMutation(ImportDevicesMutation);
  const fields = useFieldErrors();
  const submit = submitWith(async () => {
    const csv = file ? await file.text() : pasted;
    setEmpty(csv.trim() === '');
    setRefused([]);
    if (csv.trim() === '') return;
    const result = (await importDevices({ variables: { csv } })).data!.importDevices;
    setRefused(result.errors);
    if (result.errors.length > 0) return;
    setPasted('');
    await onDone(m.imported(result.imported.length));
  });
  return (
    <FormSection title={m.import} fields={fields} onSubmit={submit}>
      <p className="fr-text--sm">{m.importHint}</p>
      <Upload
        label={m.importFile}
        hint={m.importFileHint}
        nativeInputProps={{ accept: '.csv,text/csv,text/plain', onChange: (event) => setFile(event.target.files?.[0] ?? null) }}
      />
      <Input
        label={m.importText}
        className="cartable-import-text fr-mt-2w"
        textArea
        nativeTextAreaProps={{ value: pasted, rows: 4, onChange: (event) => setPasted(event.target.value) }}
      />
      <div aria-live="polite" className="cartable-form-feedback">
        {empty && <Alert severity="error" small description={m.importEmpty} className="fr-mb-2w" />}
        {imported.error && <GraphqlError error={imported.error} />}
        {refused.length > 0 && (
          <>
            <Alert severity="error" small description={m.importRefused(refused.length)} className="fr-mb-2w" />
            <StackedTable
              caption={m.importErrors}
              headers={[m.importColumns.line, m.importColumns.serial, m.importColumns.message]}
              data={refused.map((error) => [String(error.line), error.serialNumber ?? '', error.message])}
            />
          </>
        )}
      </div>
      <Button type="submit" disabled={imported.loading}>
        {m.importSubmit}
      </Button>
    </FormSection>
  );
}
