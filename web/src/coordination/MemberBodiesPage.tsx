import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { StackedTable } from '../ui/StackedTable.tsx';
import { useState } from 'react';
import type {
  BodyKind,
  BodyLifecycleAction,
  BodyStatus,
  MemberBodiesQuery as MemberBodiesData,
} from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { submitWith, succeeded } from '../ui/api-failure.ts';
import { ConfirmPanel } from '../ui/ConfirmPanel.tsx';
import { FormSection } from '../ui/FormSection.tsx';
import { useFieldErrors } from '../ui/form-errors.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { StatusLine } from '../ui/StatusLine.tsx';
import { ChangeBodyStatusMutation, CreateMemberBodyMutation, MemberBodiesQuery } from './operations.ts';

const m = messages.coordination.bodies;
const kinds: BodyKind[] = ['COMMUNE', 'EPCI', 'DEPARTEMENT', 'REGION', 'SYNDICAT'];
const statusSeverity = { ACTIVE: 'success', SUSPENDED: 'warning', ARCHIVED: 'info', PROVISIONING: 'new' } as const;
/** What the coordinator may do to a body in each status (the server decides, these are the ones it accepts). */
const actionsFor: Record<BodyStatus, BodyLifecycleAction[]> = {
  ACTIVE: ['SUSPEND', 'ARCHIVE'],
  SUSPENDED: ['REACTIVATE', 'ARCHIVE'],
  ARCHIVED: [],
  PROVISIONING: [],
};

type MemberBody = MemberBodiesData['bodies'][number];
const emptyForm = {
  slug: '',
  name: '',
  kind: 'COMMUNE' as BodyKind,
  population: '',
  timeZone: 'Europe/Paris',
  adminEmail: '',
  adminDisplayName: '',
};

function BodyStatusBadge({ status }: { status: BodyStatus }) {
  return (
    <Badge small noIcon severity={statusSeverity[status]}>
      {messages.coordination.bodyStatus[status]}
    </Badge>
  );
}

/** The member bodies: their status, a new one (schema, first admin), suspension, reactivation, archiving. */
export function MemberBodiesPage() {
  const { data, error, refetch } = useQuery(MemberBodiesQuery, { fetchPolicy: 'cache-and-network' });
  const [form, setForm] = useState(emptyForm);
  const [formError, setFormError] = useState('');
  const [pending, setPending] = useState<{ body: MemberBody; action: BodyLifecycleAction } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [create, created] = useMutation(CreateMemberBodyMutation);
  const [change, changed] = useMutation(ChangeBodyStatusMutation);
  const fields = useFieldErrors();

  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const bodies = [...data.bodies].sort((left, right) => left.name.localeCompare(right.name, 'fr'));
  const field = (name: keyof typeof emptyForm) => ({
    name,
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value }),
  });

  const submit = submitWith(async () => {
    const digits = form.population.replace(/\s/g, '');
    const population = digits === '' ? null : Number(digits);
    if (population !== null && !Number.isInteger(population)) return setFormError(m.badPopulation);
    setFormError('');
    const input = {
      ...form,
      slug: form.slug.trim(),
      name: form.name.trim(),
      adminEmail: form.adminEmail.trim(),
      adminDisplayName: form.adminDisplayName.trim(),
      population,
    };
    const outcome = (await create({ variables: { input } })).data!.createMemberBody;
    setAnnouncement(m.created(outcome.body.name, input.adminDisplayName, outcome.invitationSent, outcome.linkedExistingAccount));
    setForm(emptyForm);
    await refetch();
  });

  const confirm = async ({ body, action }: { body: MemberBody; action: BodyLifecycleAction }) => {
    if (!(await succeeded(() => change({ variables: { bodyId: body.id, action } })))) return;
    setPending(null);
    setAnnouncement(m.changed[action](body.name));
    await refetch();
  };

  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      <StatusLine text={announcement} />
      {changed.error && <GraphqlError error={changed.error} />}
      {pending && (
        <ConfirmPanel
          title={m.confirmTitle[pending.action](pending.body.name)}
          text={m.confirmText[pending.action]}
          confirm={m.action[pending.action]}
          busy={changed.loading}
          onConfirm={() => void confirm(pending)}
          onCancel={() => setPending(null)}
        />
      )}
      <StackedTable
        caption={m.caption(bodies.length)}
        headers={[m.columns.body, m.columns.kind, m.columns.population, m.columns.timeZone, m.columns.status, m.columns.actions]}
        data={bodies.map((body) => [
          <span key="body">
            <strong>{body.name}</strong>
            <br />
            <span className="fr-text--xs">{body.slug}</span>
          </span>,
          messages.coordination.bodyKind[body.kind],
          body.population?.toLocaleString('fr-FR') ?? '',
          body.timeZone,
          <BodyStatusBadge key="status" status={body.status} />,
          <ul key="actions" className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
            {actionsFor[body.status].map((action) => (
              <li key={action}>
                <Button
                  size="small"
                  priority="secondary"
                  aria-label={m.actionLabel(m.action[action], body.name)}
                  onClick={() => setPending({ body, action })}
                >
                  {m.action[action]}
                </Button>
              </li>
            ))}
          </ul>,
        ])}
      />

      <FormSection title={m.create} fields={fields} onSubmit={submit}>
        <Input
          label={m.slug}
          hintText={m.slugHint}
          {...fields.field('slug')}
          nativeInputProps={{ ...field('slug'), required: true, pattern: '[a-z0-9\\-]+', autoComplete: 'off' }}
        />
        <Input label={m.name} {...fields.field('name')} nativeInputProps={{ ...field('name'), required: true }} />
        <Select
          label={m.kind}
          nativeSelectProps={{ value: form.kind, onChange: (event) => setForm({ ...form, kind: event.target.value as BodyKind }) }}
        >
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {messages.coordination.bodyKind[kind]}
            </option>
          ))}
        </Select>
        <div className="cartable-inline-fields">
          <Input
            label={m.population}
            hintText={m.populationHint}
            {...fields.field('population')}
            nativeInputProps={{ ...field('population'), inputMode: 'numeric' }}
          />
          <Input label={m.timeZone} {...fields.field('timeZone')} nativeInputProps={{ ...field('timeZone'), required: true }} />
        </div>
        <fieldset className="cartable-fieldset">
          <legend>{m.admin}</legend>
          <div className="cartable-inline-fields">
            <Input
              label={m.adminEmail}
              {...fields.field('adminEmail')}
              nativeInputProps={{ ...field('adminEmail'), type: 'email', required: true, autoComplete: 'off' }}
            />
            <Input
              label={m.adminName}
              {...fields.field('adminDisplayName')}
              nativeInputProps={{ ...field('adminDisplayName'), required: true, autoComplete: 'off' }}
            />
          </div>
        </fieldset>
        <div aria-live="polite" className="cartable-form-feedback">
          {formError && <Alert severity="error" small description={formError} className="fr-mb-2w" />}
          {created.error && <GraphqlError error={created.error} />}
        </div>
        <Button type="submit" disabled={created.loading}>
          {m.submit}
        </Button>
      </FormSection>
    </>
  );
}
