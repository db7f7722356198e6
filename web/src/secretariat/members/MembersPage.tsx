import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { useState, type FormEvent } from 'react';
import type { MembersQuery as MembersData, MembershipFieldsFragment, MembershipRole } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { CheckedForm } from '../../ui/CheckedForm.tsx';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { AssemblySection, CreateAssemblyForm } from './AssemblySection.tsx';
import { mandateText } from './mandate.ts';
import { hasReunions } from '../settings/legal-settings.ts';
import { ReglementInterieurSection } from '../settings/ReglementInterieurSection.tsx';
import { succeeded } from '../../ui/api-failure.ts';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { useBodyConsole } from '../console-context.ts';
import { GroupBadge, PoliticalGroupsSection } from '../members-import/PoliticalGroupsSection.tsx';
import { MembersImportSection } from '../members-import/MembersImportSection.tsx';
import { PoliticalGroupsQuery } from '../members-import/operations.ts';
import {
  AddMemberMutation,
  MembersQuery,
  RemoveMemberMutation,
  SetMemberContactMutation,
  SetMemberPaperConvocationMutation,
  UpdateMembershipMutation,
} from '../operations.ts';

const m = messages.secretariat.members;
const roles: MembershipRole[] = ['OFFICIAL', 'SECRETARIAT', 'BODY_ADMIN'];

/** Roles and mandate of a seat in the body: the fields shared by adding a person and changing their terms. */
function TermsFields({
  value,
  onChange,
}: {
  value: { roles: MembershipRole[]; mandateStart: string; mandateEnd: string };
  onChange: (value: { roles: MembershipRole[]; mandateStart: string; mandateEnd: string }) => void;
}) {
  return (
    <>
      <Checkbox
        legend={m.roles}
        orientation="horizontal"
        options={roles.map((role) => ({
          label: m.role[role],
          nativeInputProps: {
            checked: value.roles.includes(role),
            onChange: (event) =>
              onChange({ ...value, roles: event.target.checked ? [...value.roles, role] : value.roles.filter((other) => other !== role) }),
          },
        }))}
      />
      <div className="cartable-inline-fields">
        <Input
          label={m.mandateStart}
          nativeInputProps={{
            type: 'date',
            value: value.mandateStart,
            onChange: (event) => onChange({ ...value, mandateStart: event.target.value }),
          }}
        />
        <Input
          label={m.mandateEnd}
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

type MemberContact = MembersData['body']['memberContacts'][number];
type Editing =
  | { kind: 'terms'; membership: MembershipFieldsFragment }
  | { kind: 'paper'; membership: MembershipFieldsFragment; address: string }
  | { kind: 'contact'; membership: MembershipFieldsFragment; contact: MemberContact | undefined; email: string; mobilePhone: string }
  | { kind: 'remove'; membership: MembershipFieldsFragment }
  | null;

/**
 * Members and assemblies of the body: people (added by email, linking an existing account), their
 * roles and mandate, their choice of paper convocations, the email and phone the body's convocations go to;
 * each assembly's seats with their voting right.
 */
export function MembersPage() {
  const { body } = useBodyConsole();
  const { data, error, refetch } = useQuery(MembersQuery, { variables: { slug: body.slug }, fetchPolicy: 'cache-and-network' });
  const groups = useQuery(PoliticalGroupsQuery, { variables: { slug: body.slug }, fetchPolicy: 'cache-and-network' });
  const [adding, setAdding] = useState({
    email: '',
    displayName: '',
    roles: ['OFFICIAL'] as MembershipRole[],
    mandateStart: '',
    mandateEnd: '',
  });
  const [editing, setEditing] = useState<Editing>(null);
  const [terms, setTerms] = useState({ roles: [] as MembershipRole[], mandateStart: '', mandateEnd: '' });
  const [announcement, setAnnouncement] = useState('');
  const [add, added] = useMutation(AddMemberMutation);
  const [update, updated] = useMutation(UpdateMembershipMutation);
  const [remove, removed] = useMutation(RemoveMemberMutation);
  const [setPaper, paperSet] = useMutation(SetMemberPaperConvocationMutation);
  const [setContact, contactSet] = useMutation(SetMemberContactMutation);
  const failure = added.error ?? updated.error ?? removed.error ?? paperSet.error ?? contactSet.error;
  const addFields = useFieldErrors();
  const editFields = useFieldErrors();

  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const { assemblies, paperConvocations, memberContacts } = data.body;
  const members = [...data.body.members].sort((left, right) => left.person.displayName.localeCompare(right.person.displayName, 'fr'));
  const paperOf = (personId: string) => paperConvocations.find((choice) => choice.personId === personId)?.postalAddress ?? null;
  const contactOf = (personId: string) => memberContacts.find((contact) => contact.personId === personId);

  const politicalGroups = groups.data?.body.politicalGroups ?? [];
  const groupOf = (personId: string) => politicalGroups.find((group) => group.memberIds.includes(personId));
  const done = async (message: string) => {
    setAnnouncement(message);
    setEditing(null);
    await Promise.all([refetch(), groups.refetch()]);
  };
  const attempt = async (action: () => Promise<unknown>, message: string) => {
    if (await succeeded(action)) await done(message);
  };

  const submitAdd = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!addFields.check(event.currentTarget)) return;
    void (async () => {
      try {
        const result = await add({
          variables: {
            bodyId: body.id,
            input: {
              email: adding.email.trim(),
              displayName: adding.displayName.trim(),
              roles: adding.roles,
              mandateStart: adding.mandateStart || null,
              mandateEnd: adding.mandateEnd || null,
            },
          },
        });
        const outcome = result.data!.addMember;
        setAdding({ email: '', displayName: '', roles: ['OFFICIAL'], mandateStart: '', mandateEnd: '' });
        await done(
          outcome.linkedExistingAccount
            ? m.linked(outcome.membership.person.displayName)
            : outcome.invitationSent
              ? m.invited(outcome.membership.person.displayName)
              : m.added(outcome.membership.person.displayName),
        );
      } catch {
        // Shown from the mutation's state.
      }
    })();
  };

  const startTerms = (membership: MembershipFieldsFragment) => {
    setTerms({ roles: [...membership.roles], mandateStart: membership.mandateStart ?? '', mandateEnd: membership.mandateEnd ?? '' });
    setEditing({ kind: 'terms', membership });
  };

  return (
    <>
      <h1>{m.title}</h1>
      <p role="status" aria-live="polite" className="cartable-builder__status fr-text--sm">
        {announcement}
      </p>
      {failure && <GraphqlError error={failure} />}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{m.bodyMembers}</h2>
        <StackedTable
          caption={m.caption(members.length)}
          headers={[m.columns.person, m.columns.roles, m.columns.mandate, m.columns.convocation, m.columns.actions]}
          data={members.map((membership) => {
            const paper = paperOf(membership.person.id);
            const contact = contactOf(membership.person.id);
            return [
              <span key="person">
                <strong>{membership.person.displayName}</strong>
                {groupOf(membership.person.id) && (
                  <>
                    {' '}
                    <GroupBadge group={groupOf(membership.person.id)!} />
                  </>
                )}
                <br />
                <span className="fr-text--xs">{membership.person.email}</span>
                {contact?.email && (
                  <>
                    <br />
                    <span className="fr-text--xs">{m.convocationsTo(contact.email)}</span>
                  </>
                )}
              </span>,
              membership.roles.map((role) => m.role[role]).join(', '),
              mandateText(membership.mandateStart, membership.mandateEnd),
              paper ? m.paperTo(paper) : m.electronic,
              <ul key="actions" className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                <li>
                  <Button
                    size="small"
                    priority="secondary"
                    aria-label={m.editLabel(membership.person.displayName)}
                    onClick={() => startTerms(membership)}
                  >
                    {m.edit}
                  </Button>
                </li>
                {membership.roles.includes('OFFICIAL') && (
                  <li>
                    <Button
                      size="small"
                      priority="secondary"
                      aria-label={m.paperLabel(membership.person.displayName)}
                      onClick={() => setEditing({ kind: 'paper', membership, address: paper ?? '' })}
                    >
                      {m.paper}
                    </Button>
                  </li>
                )}
                {membership.roles.includes('OFFICIAL') && (
                  <li>
                    <Button
                      size="small"
                      priority="secondary"
                      aria-label={m.contactLabel(membership.person.displayName)}
                      onClick={() =>
                        setEditing({
                          kind: 'contact',
                          membership,
                          contact,
                          email: contact?.email ?? '',
                          mobilePhone: contact?.mobilePhone ?? '',
                        })
                      }
                    >
                      {m.contact}
                    </Button>
                  </li>
                )}
                <li>
                  <Button
                    size="small"
                    priority="tertiary"
                    aria-label={m.removeLabel(membership.person.displayName)}
                    onClick={() => setEditing({ kind: 'remove', membership })}
                  >
                    {m.remove}
                  </Button>
                </li>
              </ul>,
            ];
          })}
        />

        {editing?.kind === 'terms' && (
          <CheckedForm
            fields={editFields}
            className="cartable-console-form"
            onValid={(event) => {
              event.preventDefault();
              void attempt(
                () =>
                  update({
                    variables: {
                      bodyId: body.id,
                      membershipId: editing.membership.id,
                      input: { roles: terms.roles, mandateStart: terms.mandateStart || null, mandateEnd: terms.mandateEnd || null },
                    },
                  }),
                m.saved(editing.membership.person.displayName),
              );
            }}
          >
            <h3 className="fr-h5">{m.editTitle(editing.membership.person.displayName)}</h3>
            <TermsFields value={terms} onChange={setTerms} />
            <FormButtons busy={updated.loading} save={m.save} onCancel={() => setEditing(null)} />
          </CheckedForm>
        )}
        {editing?.kind === 'paper' && (
          <CheckedForm
            fields={editFields}
            className="cartable-console-form"
            onValid={(event) => {
              event.preventDefault();
              const address = editing.address.trim() || null;
              void attempt(
                () => setPaper({ variables: { bodyId: body.id, personId: editing.membership.person.id, postalAddress: address } }),
                address ? m.paperSet(editing.membership.person.displayName) : m.electronicSet(editing.membership.person.displayName),
              );
            }}
          >
            <h3 className="fr-h5">{m.paperTitle(editing.membership.person.displayName)}</h3>
            <p className="fr-text--sm">{m.paperIntro(body.legalArticles.convocationChannel)}</p>
            <Input
              label={m.postalAddress}
              hintText={m.postalAddressHint}
              textArea
              nativeTextAreaProps={{
                value: editing.address,
                onChange: (event) => setEditing({ ...editing, address: event.target.value }),
                rows: 3,
                maxLength: 500,
              }}
            />
            <FormButtons busy={paperSet.loading} save={m.save} onCancel={() => setEditing(null)} />
          </CheckedForm>
        )}
        {editing?.kind === 'contact' && (
          <CheckedForm
            fields={editFields}
            className="cartable-console-form"
            onValid={(event) => {
              event.preventDefault();
              void attempt(
                () =>
                  setContact({
                    variables: {
                      bodyId: body.id,
                      personId: editing.membership.person.id,
                      email: editing.email.trim() || null,
                      mobilePhone: editing.mobilePhone.trim() || null,
                    },
                  }),
                m.contactSet(editing.membership.person.displayName),
              );
            }}
          >
            <h3 className="fr-h5">{m.contactTitle(editing.membership.person.displayName)}</h3>
            <p className="fr-text--sm">{m.contactIntro}</p>
            <Input
              label={m.contactEmail}
              hintText={m.contactEmailHint(editing.contact?.accountEmail ?? editing.membership.person.email)}
              {...editFields.field('email')}
              nativeInputProps={{
                name: 'email',
                type: 'email',
                value: editing.email,
                placeholder: editing.contact?.accountEmail ?? editing.membership.person.email,
                onChange: (event) => setEditing({ ...editing, email: event.target.value }),
                maxLength: 254,
                autoComplete: 'off',
              }}
            />
            <Input
              label={m.contactPhone}
              hintText={m.contactPhoneHint(editing.contact?.accountMobilePhone ?? null, editing.contact?.smsAlerts ?? false)}
              nativeInputProps={{
                type: 'tel',
                value: editing.mobilePhone,
                placeholder: editing.contact?.accountMobilePhone ?? undefined,
                onChange: (event) => setEditing({ ...editing, mobilePhone: event.target.value }),
                autoComplete: 'off',
              }}
            />
            <FormButtons busy={contactSet.loading} save={m.save} onCancel={() => setEditing(null)} />
          </CheckedForm>
        )}
        {editing?.kind === 'remove' && (
          <Alert
            severity="warning"
            small
            className="fr-mb-3w"
            description={
              <>
                {m.confirmRemove(editing.membership.person.displayName)}{' '}
                <Button
                  size="small"
                  disabled={removed.loading}
                  onClick={() =>
                    void attempt(
                      () => remove({ variables: { bodyId: body.id, membershipId: editing.membership.id } }),
                      m.removed(editing.membership.person.displayName),
                    )
                  }
                >
                  {m.confirm}
                </Button>{' '}
                <Button size="small" priority="secondary" onClick={() => setEditing(null)}>
                  {messages.secretariat.cancel}
                </Button>
              </>
            }
          />
        )}

        <form noValidate className="cartable-console-form" onSubmit={submitAdd} onInput={addFields.onInput}>
          <h3 className="fr-h5">{m.addTitle}</h3>
          <p className="fr-text--sm">{m.addIntro}</p>
          <Input
            label={m.email}
            {...addFields.field('email')}
            nativeInputProps={{
              name: 'email',
              type: 'email',
              value: adding.email,
              onChange: (event) => setAdding({ ...adding, email: event.target.value }),
              required: true,
              autoComplete: 'off',
            }}
          />
          <Input
            label={m.displayName}
            {...addFields.field('displayName')}
            nativeInputProps={{
              name: 'displayName',
              value: adding.displayName,
              onChange: (event) => setAdding({ ...adding, displayName: event.target.value }),
              required: true,
              maxLength: 200,
            }}
          />
          <TermsFields value={adding} onChange={(value) => setAdding({ ...adding, ...value })} />
          <Button type="submit" iconId="fr-icon-user-add-line" disabled={added.loading}>
            {m.add}
          </Button>
        </form>
      </section>

      <PoliticalGroupsSection
        bodyId={body.id}
        groupsArticle={body.legalArticles.politicalGroups}
        groups={politicalGroups}
        officials={members.filter((membership) => membership.roles.includes('OFFICIAL')).map((membership) => membership.person)}
        today={new Date().toLocaleDateString('sv-SE', { timeZone: body.timeZone })}
        onChanged={(message) => void done(message)}
      />
      <MembersImportSection bodyId={body.id} onImported={(message) => void done(message)} />

      {assemblies.map((assembly) => (
        <AssemblySection
          key={assembly.id}
          bodyId={body.id}
          assembly={assembly}
          members={members}
          onChanged={(message) => void done(message)}
        />
      ))}
      <CreateAssemblyForm bodyId={body.id} onCreated={(message) => void done(message)} />
      <ReglementInterieurSection
        bodyId={body.id}
        proxy={{ article: body.legalArticles.proxy, perReunion: hasReunions(body.kind) }}
        settings={data.body.reglementInterieur}
        onChanged={(message) => void done(message)}
      />
    </>
  );
}
