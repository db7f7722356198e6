import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState, type FormEvent } from 'react';
import type {
  AgendaItemKind,
  ConsoleCircuitFieldsFragment,
  ConsoleCircuitsQuery,
  MembershipRole,
} from '../../graphql/generated/secretariat/graphql.ts';
import { stepWho } from '../../acts/ProjetReading.tsx';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { OutcomeMessage, type Outcome } from '../../ui/OutcomeMessage.tsx';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { userError } from '../../ui/error-message.ts';
import { useBodyConsole } from '../console-context.ts';
import { useConsoleBodies } from '../use-console-bodies.ts';
import { messages } from '../messages.ts';
import { CircuitsQuery, SaveCircuitMutation, UpdateCircuitSettingsMutation } from './projets-operations.ts';

const m = messages.secretariat.circuits;
const v = messages.visa;
const kinds: AgendaItemKind[] = ['DELIBERATION', 'INFORMATION', 'COMMUNICATION', 'DESIGNATION'];
const roles: MembershipRole[] = ['OFFICIAL', 'SECRETARIAT', 'BODY_ADMIN'];
type Members = ConsoleCircuitsQuery['body']['members'];

interface StepDraft {
  label: string;
  by: 'person' | 'role';
  personId: string;
  role: MembershipRole;
  delegateId: string;
}

const emptyStep = (): StepDraft => ({ label: '', by: 'person', personId: '', role: 'SECRETARIAT', delegateId: '' });
const stepsOf = (circuit: ConsoleCircuitFieldsFragment | null): StepDraft[] =>
  circuit
    ? circuit.steps.map((step) => ({
        label: step.label,
        by: step.validatorRole ? 'role' : 'person',
        personId: step.validatorPersonId ?? '',
        role: step.validatorRole ?? 'SECRETARIAT',
        delegateId: step.delegatePersonId ?? '',
      }))
    : [emptyStep()];

/** The form of one circuit: its name and its ordered steps. */
function CircuitForm({
  circuit,
  members,
  onDone,
}: {
  circuit: ConsoleCircuitFieldsFragment | null;
  members: Members;
  onDone: (message: string) => void;
}) {
  const { body } = useBodyConsole();
  const [name, setName] = useState(circuit?.name ?? '');
  const [steps, setSteps] = useState(() => stepsOf(circuit));
  const [save, saving] = useMutation(SaveCircuitMutation);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fields = useFieldErrors();
  const change = (index: number, patch: Partial<StepDraft>) =>
    setSteps(steps.map((step, at) => (at === index ? { ...step, ...patch } : step)));
  const people = [...members].sort((a, b) => a.person.displayName.localeCompare(b.person.displayName, 'fr'));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOutcome(null);
    if (!fields.check(event.currentTarget)) return;
    const input = {
      name,
      steps: steps.map((step) => ({
        label: step.label,
        validatorPersonId: step.by === 'person' ? step.personId : null,
        validatorRole: step.by === 'role' ? step.role : null,
        delegatePersonId: step.delegateId || null,
      })),
    };
    try {
      await save({ variables: { bodyId: body.id, id: circuit?.id ?? null, input } });
      onDone(m.saved(name.trim()));
    } catch (failure) {
      setOutcome({ error: userError(failure).message });
    }
  };

  return (
    <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)} onInput={fields.onInput}>
      <h2 className="fr-h5">{circuit ? m.editTitle(circuit.name) : m.newTitle}</h2>
      <Input
        label={m.name}
        {...fields.field('name')}
        nativeInputProps={{ name: 'name', required: true, maxLength: 200, value: name, onChange: (event) => setName(event.target.value) }}
      />
      {steps.map((step, index) => (
        <fieldset key={index} className="fr-fieldset">
          <legend className="fr-fieldset__legend">{m.stepLegend(index + 1)}</legend>
          <Input
            label={m.stepLabel}
            {...fields.field(`label-${index}`)}
            nativeInputProps={{
              name: `label-${index}`,
              required: true,
              maxLength: 200,
              value: step.label,
              onChange: (event) => change(index, { label: event.target.value }),
            }}
          />
          <div className="cartable-inline-fields">
            <Select
              label={m.validatorKind}
              nativeSelectProps={{ value: step.by, onChange: (event) => change(index, { by: event.target.value as StepDraft['by'] }) }}
            >
              <option value="person">{m.byPerson}</option>
              <option value="role">{m.byRole}</option>
            </Select>
            {step.by === 'person' ? (
              <Select
                label={m.person}
                {...fields.field(`person-${index}`)}
                nativeSelectProps={{
                  name: `person-${index}`,
                  required: true,
                  value: step.personId,
                  onChange: (event) => change(index, { personId: event.target.value }),
                }}
              >
                <option value="">{m.choosePerson}</option>
                {people.map((member) => (
                  <option key={member.id} value={member.person.id}>
                    {member.person.displayName}
                  </option>
                ))}
              </Select>
            ) : (
              <Select
                label={m.role}
                nativeSelectProps={{ value: step.role, onChange: (event) => change(index, { role: event.target.value as MembershipRole }) }}
              >
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {messages.secretariat.members.role[role]}
                  </option>
                ))}
              </Select>
            )}
            <Select
              label={m.delegate}
              nativeSelectProps={{ value: step.delegateId, onChange: (event) => change(index, { delegateId: event.target.value }) }}
            >
              <option value="">{m.noDelegate}</option>
              {people.map((member) => (
                <option key={member.id} value={member.person.id}>
                  {member.person.displayName}
                </option>
              ))}
            </Select>
          </div>
          {steps.length > 1 && (
            <Button
              size="small"
              priority="tertiary"
              iconId="fr-icon-delete-line"
              onClick={() => setSteps(steps.filter((_, at) => at !== index))}
            >
              {m.removeStep(index + 1)}
            </Button>
          )}
        </fieldset>
      ))}
      {steps.length < 10 && (
        <Button
          size="small"
          priority="secondary"
          iconId="fr-icon-add-line"
          className="fr-mb-2w"
          onClick={() => setSteps([...steps, emptyStep()])}
        >
          {m.addStep}
        </Button>
      )}
      <OutcomeMessage outcome={outcome} />
      <div>
        <Button type="submit" disabled={saving.loading}>
          {m.save}
        </Button>{' '}
        <Button priority="secondary" type="button" onClick={() => onDone('')}>
          {messages.secretariat.cancel}
        </Button>
      </div>
    </form>
  );
}

/** Which item kinds must come from a projet whose circuit has ended. */
function CircuitSettingsForm({
  itemKinds,
  administrator,
  onSaved,
}: {
  itemKinds: readonly AgendaItemKind[];
  administrator: boolean;
  onSaved: (message: string) => void;
}) {
  const { body } = useBodyConsole();
  const [chosen, setChosen] = useState<AgendaItemKind[]>([...itemKinds]);
  const [save, saving] = useMutation(UpdateCircuitSettingsMutation);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    try {
      await save({ variables: { bodyId: body.id, itemKinds: chosen } });
      onSaved(m.settingsSaved);
    } catch (failure) {
      setOutcome({ error: userError(failure).message });
    }
  };
  return (
    <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)}>
      <Checkbox
        legend={m.settingsTitle}
        hintText={m.settingsIntro}
        disabled={!administrator}
        options={kinds.map((kind) => ({
          label: v.kind[kind],
          nativeInputProps: {
            checked: chosen.includes(kind),
            onChange: (event) => setChosen(event.target.checked ? [...chosen, kind] : chosen.filter((value) => value !== kind)),
          },
        }))}
      />
      <OutcomeMessage outcome={outcome} />
      {administrator && (
        <Button type="submit" size="small" disabled={saving.loading}>
          {m.settingsSave}
        </Button>
      )}
    </form>
  );
}

/** `/secretariat/:slug/circuits`: the body's validation circuits and the item kinds subject to one (body admins change them). */
export function CircuitsPage() {
  const { body } = useBodyConsole();
  const administrator = useConsoleBodies().bodies.some((entry) => entry.slug === body.slug && entry.administrator);
  const { data, error, refetch } = useQuery(CircuitsQuery, {
    variables: { bodyId: body.id, slug: body.slug },
    fetchPolicy: 'cache-and-network',
  });
  const [editing, setEditing] = useState<ConsoleCircuitFieldsFragment | 'new' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const done = (message: string) => {
    setEditing(null);
    setOutcome(message ? { ok: message } : null);
    void refetch();
  };
  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {!administrator && <p className="fr-hint-text">{m.adminOnly}</p>}
      <OutcomeMessage outcome={outcome} />
      <CircuitSettingsForm
        key={data.circuitSettings.itemKinds.join()}
        itemKinds={data.circuitSettings.itemKinds}
        administrator={administrator}
        onSaved={done}
      />
      {data.circuits.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <StackedTable
          caption={m.caption}
          headers={[m.columns.name, m.columns.steps, ...(administrator ? [m.columns.actions] : [])]}
          data={data.circuits.map((circuit) => [
            circuit.name,
            <ol key="steps" className="fr-mb-0">
              {circuit.steps.map((step, index) => (
                <li key={index}>
                  {step.label} : {stepWho(step)}
                </li>
              ))}
            </ol>,
            ...(administrator
              ? [
                  <Button key="edit" size="small" priority="secondary" onClick={() => setEditing(circuit)}>
                    {m.edit(circuit.name)}
                  </Button>,
                ]
              : []),
          ])}
        />
      )}
      {administrator &&
        (editing ? (
          <CircuitForm
            key={editing === 'new' ? 'new' : editing.id}
            circuit={editing === 'new' ? null : editing}
            members={data.body.members}
            onDone={done}
          />
        ) : (
          <Button iconId="fr-icon-add-line" onClick={() => setEditing('new')}>
            {m.newTitle}
          </Button>
        ))}
    </>
  );
}
