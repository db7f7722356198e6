import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { useState, type FormEvent } from 'react';
import type {
  AssemblyFieldsFragment,
  AssemblyKind,
  AssemblyRole,
  MembershipFieldsFragment,
} from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { succeeded } from '../../ui/api-failure.ts';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { mandateText } from './mandate.ts';
import {
  AddSeatMutation,
  CreateAssemblyMutation,
  RemoveSeatMutation,
  SetCommissionDelayMutation,
  UpdateSeatMutation,
} from '../operations.ts';
import { roleOptions, titulaireCandidates } from './seat-roles.ts';

const m = messages.secretariat.assemblies;
const kinds = Object.keys(m.kind) as AssemblyKind[];

/** A commission's convocation delay, from the règlement intérieur (the council's applies otherwise). */
function CommissionDelay({
  bodyId,
  assembly,
  onChanged,
}: {
  bodyId: string;
  assembly: AssemblyFieldsFragment;
  onChanged: (message: string) => void;
}) {
  const [clearDays, setClearDays] = useState(assembly.convocationClearDays?.toString() ?? '');
  const [reference, setReference] = useState(assembly.convocationRuleReference ?? '');
  const [save, saving] = useMutation(SetCommissionDelayMutation);
  const fields = useFieldErrors();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    const days = clearDays.trim() === '' ? null : Number(clearDays);
    if (
      await succeeded(() => save({ variables: { bodyId, assemblyId: assembly.id, clearDays: days, reference: reference.trim() || null } }))
    )
      onChanged(m.delaySaved(assembly.name));
  };
  return (
    <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)} onInput={fields.onInput}>
      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-text--regular">{m.delayLegend}</legend>
        <div className="cartable-inline-fields">
          <Input
            label={m.clearDays}
            hintText={m.clearDaysHint}
            {...fields.field('clearDays')}
            nativeInputProps={{
              name: 'clearDays',
              type: 'number',
              min: 0,
              max: 30,
              value: clearDays,
              onChange: (event) => setClearDays(event.target.value),
            }}
          />
          <Input
            label={m.reference}
            hintText={m.referenceHint}
            nativeInputProps={{ value: reference, onChange: (event) => setReference(event.target.value), maxLength: 200 }}
          />
        </div>
        <Button size="small" type="submit" disabled={saving.loading}>
          {m.saveDelay}
        </Button>
        {saving.error && <GraphqlError error={saving.error} />}
      </fieldset>
    </form>
  );
}

interface SeatTerms {
  role: AssemblyRole;
  votingRight: boolean;
  mandateStart: string;
  mandateEnd: string;
}

type SeatRow = AssemblyFieldsFragment['members'][number];

const newSeat: SeatTerms & { personId: string; titulaireSeatId: string } = {
  personId: '',
  role: 'MEMBRE',
  votingRight: true,
  mandateStart: '',
  mandateEnd: '',
  titulaireSeatId: '',
};
const termsInput = (terms: SeatTerms) => ({
  role: terms.role,
  votingRight: terms.votingRight,
  mandateStart: terms.mandateStart || null,
  mandateEnd: terms.mandateEnd || null,
});

/**
 * Function, voting right and mandate of a seat: the fields shared by seating a member and changing a seat.
 * A suppléant has no vote of their own (they vote in the titulaire's place): no checkbox for them.
 */
function SeatTermsFields<T extends SeatTerms>({
  value,
  roles,
  onChange,
}: {
  value: T;
  roles: readonly AssemblyRole[];
  onChange: (value: T) => void;
}) {
  return (
    <>
      <Select
        label={m.columns.role}
        nativeSelectProps={{ value: value.role, onChange: (event) => onChange({ ...value, role: event.target.value as AssemblyRole }) }}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {m.role[role]}
          </option>
        ))}
      </Select>
      {value.role !== 'SUPPLEANT' && (
        <Checkbox
          options={[
            {
              label: m.votingRight,
              hintText: m.votingRightHint,
              nativeInputProps: {
                checked: value.votingRight,
                onChange: (event) => onChange({ ...value, votingRight: event.target.checked }),
              },
            },
          ]}
        />
      )}
      <div className="cartable-inline-fields">
        <Input
          label={messages.secretariat.members.mandateStart}
          nativeInputProps={{
            type: 'date',
            value: value.mandateStart,
            onChange: (event) => onChange({ ...value, mandateStart: event.target.value }),
          }}
        />
        <Input
          label={messages.secretariat.members.mandateEnd}
          nativeInputProps={{
            type: 'date',
            value: value.mandateEnd,
            onChange: (event) => onChange({ ...value, mandateEnd: event.target.value }),
          }}
        />
      </div>
    </>
  );
}

/** One assembly: its seats (role, voting right, mandate, in office today); seat, change and unseat members. */
export function AssemblySection({
  bodyId,
  assembly,
  members,
  onChanged,
}: {
  bodyId: string;
  assembly: AssemblyFieldsFragment;
  members: readonly MembershipFieldsFragment[];
  onChanged: (message: string) => void;
}) {
  const [seating, setSeating] = useState(false);
  const [seat, setSeat] = useState(newSeat);
  const [editing, setEditing] = useState<{ member: SeatRow; terms: SeatTerms } | null>(null);
  const [add, adding] = useMutation(AddSeatMutation);
  const [update, updating] = useMutation(UpdateSeatMutation);
  const [remove, removing] = useMutation(RemoveSeatMutation);
  const seated = new Set(assembly.members.map((member) => member.personId));
  const candidates = members.filter((membership) => membership.roles.includes('OFFICIAL') && !seated.has(membership.person.id));
  const headingId = `assembly-${assembly.id}`;

  const seatFields = useFieldErrors();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!seatFields.check(event.currentTarget)) return;
    const name = candidates.find((candidate) => candidate.person.id === seat.personId)?.person.displayName ?? '';
    const titulaireSeatId = seat.role === 'SUPPLEANT' ? seat.titulaireSeatId || null : null;
    if (
      await succeeded(() =>
        add({ variables: { bodyId, assemblyId: assembly.id, input: { personId: seat.personId, ...termsInput(seat), titulaireSeatId } } }),
      )
    ) {
      setSeating(false);
      setSeat(newSeat);
      onChanged(m.seated(name, assembly.name));
    }
  };

  const submitEdit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!seatFields.check(event.currentTarget)) return;
    if (!editing) return;
    if (await succeeded(() => update({ variables: { bodyId, memberId: editing.member.id, input: termsInput(editing.terms) } }))) {
      setEditing(null);
      onChanged(m.seatSaved(editing.member.displayName, assembly.name));
    }
  };

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{assembly.name}</h2>
      <p>
        {m.kind[assembly.kind]} — {m.inOffice(assembly.membersInOffice)}
      </p>
      {(adding.error ?? removing.error) && <GraphqlError error={adding.error ?? removing.error} />}
      {assembly.members.length === 0 ? (
        <p>{m.empty}</p>
      ) : (
        <StackedTable
          caption={m.seatsCaption(assembly.name)}
          headers={[m.columns.member, m.columns.role, m.columns.vote, m.columns.mandate, m.columns.inOffice, m.columns.actions]}
          data={assembly.members.map((member) => [
            member.displayName,
            member.role === 'SUPPLEANT'
              ? m.suppleantOf(assembly.members.find((seat) => seat.id === member.titulaireSeatId)?.displayName ?? '—')
              : m.role[member.role],
            member.votingRight ? m.yes : m.no,
            mandateText(member.mandateStart, member.mandateEnd),
            member.inOffice ? m.yes : m.no,
            <ul key="actions" className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
              <li>
                <Button
                  size="small"
                  priority="secondary"
                  aria-label={m.editSeatLabel(member.displayName, assembly.name)}
                  onClick={() =>
                    setEditing({
                      member,
                      terms: {
                        role: member.role,
                        votingRight: member.votingRight,
                        mandateStart: member.mandateStart ?? '',
                        mandateEnd: member.mandateEnd ?? '',
                      },
                    })
                  }
                >
                  {m.editSeat}
                </Button>
              </li>
              <li>
                <Button
                  size="small"
                  priority="tertiary"
                  disabled={removing.loading}
                  aria-label={m.unseatLabel(member.displayName, assembly.name)}
                  onClick={() =>
                    void succeeded(() => remove({ variables: { bodyId, memberId: member.id } })).then(
                      (done) => done && onChanged(m.unseated(member.displayName, assembly.name)),
                    )
                  }
                >
                  {m.unseat}
                </Button>
              </li>
            </ul>,
          ])}
        />
      )}
      {editing && (
        <form noValidate className="cartable-console-form" onSubmit={(event) => void submitEdit(event)} onInput={seatFields.onInput}>
          <h3 className="fr-h5">{m.editSeatTitle(editing.member.displayName, assembly.name)}</h3>
          <p className="fr-text--sm">{m.editSeatIntro}</p>
          <SeatTermsFields
            value={editing.terms}
            roles={roleOptions(assembly.suppleantsArticle !== null, editing.member.role)}
            onChange={(terms) => setEditing({ ...editing, terms })}
          />
          {updating.error && <GraphqlError error={updating.error} />}
          <FormButtons busy={updating.loading} save={m.saveSeat} onCancel={() => setEditing(null)} />
        </form>
      )}
      {seating ? (
        <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)} onInput={seatFields.onInput}>
          <h3 className="fr-h5">{m.seatTitle(assembly.name)}</h3>
          <Select
            label={m.member}
            {...seatFields.field('personId')}
            nativeSelectProps={{
              name: 'personId',
              value: seat.personId,
              onChange: (event) => setSeat({ ...seat, personId: event.target.value }),
              required: true,
            }}
          >
            <option value="" disabled>
              {m.chooseMember}
            </option>
            {candidates.map((candidate) => (
              <option key={candidate.person.id} value={candidate.person.id}>
                {candidate.person.displayName}
              </option>
            ))}
          </Select>
          <SeatTermsFields value={seat} roles={roleOptions(assembly.suppleantsArticle !== null)} onChange={setSeat} />
          {seat.role === 'SUPPLEANT' && assembly.suppleantsArticle && (
            <Select
              label={m.titulaire}
              hint={m.titulaireHint(assembly.suppleantsArticle)}
              {...seatFields.field('titulaireSeatId')}
              nativeSelectProps={{
                name: 'titulaireSeatId',
                value: seat.titulaireSeatId,
                onChange: (event) => setSeat({ ...seat, titulaireSeatId: event.target.value }),
                required: true,
              }}
            >
              <option value="" disabled>
                {m.chooseTitulaire}
              </option>
              {titulaireCandidates(assembly.members).map((titulaire) => (
                <option key={titulaire.id} value={titulaire.id}>
                  {titulaire.displayName}
                </option>
              ))}
            </Select>
          )}
          <FormButtons busy={adding.loading} save={m.seat} onCancel={() => setSeating(false)} />
        </form>
      ) : (
        candidates.length > 0 && (
          <Button priority="secondary" iconId="fr-icon-add-line" className="fr-mb-3w" onClick={() => setSeating(true)}>
            {m.seatIn(assembly.name)}
          </Button>
        )
      )}
      {assembly.kind === 'COMMISSION' && <CommissionDelay bodyId={bodyId} assembly={assembly} onChanged={onChanged} />}
    </section>
  );
}

/** A new assembly of the body (a commission, a bureau…). */
export function CreateAssemblyForm({ bodyId, onCreated }: { bodyId: string; onCreated: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AssemblyKind>('COMMISSION');
  const [create, creating] = useMutation(CreateAssemblyMutation);
  const fields = useFieldErrors();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    if (await succeeded(() => create({ variables: { bodyId, input: { name: name.trim(), kind } } }))) {
      setOpen(false);
      setName('');
      onCreated(m.created(name.trim()));
    }
  };
  if (!open) {
    return (
      <Button priority="secondary" iconId="fr-icon-add-line" onClick={() => setOpen(true)}>
        {m.create}
      </Button>
    );
  }
  return (
    <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)} onInput={fields.onInput}>
      <h2 className="fr-h4">{m.create}</h2>
      {creating.error && <GraphqlError error={creating.error} />}
      <Input
        label={m.name}
        {...fields.field('name')}
        nativeInputProps={{ name: 'name', value: name, onChange: (event) => setName(event.target.value), required: true, maxLength: 200 }}
      />
      <Select label={m.kindLabel} nativeSelectProps={{ value: kind, onChange: (event) => setKind(event.target.value as AssemblyKind) }}>
        {kinds.map((value) => (
          <option key={value} value={value}>
            {m.kind[value]}
          </option>
        ))}
      </Select>
      <FormButtons busy={creating.loading} save={m.createSave} onCancel={() => setOpen(false)} />
    </form>
  );
}
