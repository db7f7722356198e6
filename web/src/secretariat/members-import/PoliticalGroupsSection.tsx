import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import type { PoliticalGroupsQuery } from '../../graphql/generated/secretariat/graphql.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { submitWith } from '../../ui/api-failure.ts';
import { messages } from '../messages.ts';
import { AssignPoliticalGroupMutation, CreatePoliticalGroupMutation } from './operations.ts';

const m = messages.secretariat.groups;
export type PoliticalGroup = PoliticalGroupsQuery['body']['politicalGroups'][number];

/** A group's sigle in its colour, with its full name for assistive technologies and on hover. */
export function GroupBadge({ group }: { group: PoliticalGroup }) {
  return (
    <span className="cartable-group-badge fr-text--xs" title={group.name} style={{ borderColor: group.color }}>
      <span aria-hidden="true" className="cartable-group-badge__dot" style={{ background: group.color }} />
      <span aria-hidden="true">{group.shortName}</span>
      <span className="fr-sr-only">{m.badge(group.name)}</span>
    </span>
  );
}

/** The body's political groups: list, creation, and moving an official to a group from a date. */
export function PoliticalGroupsSection({
  bodyId,
  groupsArticle,
  groups,
  officials,
  today,
  onChanged,
}: {
  bodyId: string;
  groupsArticle: string | null;
  groups: readonly PoliticalGroup[];
  officials: readonly { id: string; displayName: string }[];
  today: string;
  onChanged: (message: string) => void;
}) {
  const [draft, setDraft] = useState({ name: '', shortName: '', color: '#1F5FAD' });
  const [assignment, setAssignment] = useState({ personId: '', groupId: '', from: today });
  const [create, created] = useMutation(CreatePoliticalGroupMutation);
  const [assign, assigned] = useMutation(AssignPoliticalGroupMutation);
  const nameOf = (personId: string) => officials.find((official) => official.id === personId)?.displayName ?? '—';

  return (
    <section aria-labelledby="groups-heading" className="fr-mt-6w">
      <h2 id="groups-heading">{m.title}</h2>
      <p className="fr-text--sm">{m.intro(groupsArticle)}</p>
      {groups.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <ul className="cartable-group-list">
          {groups.map((group) => (
            <li key={group.id}>
              <GroupBadge group={group} /> <strong>{group.name}</strong> — {m.members(group.memberIds.length)}
              {group.memberIds.length > 0 && (
                <span className="fr-text--sm">
                  {' '}
                  :{' '}
                  {group.memberIds
                    .map(nameOf)
                    .sort((a, b) => a.localeCompare(b, 'fr'))
                    .join(', ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {(created.error ?? assigned.error) && <GraphqlError error={created.error ?? assigned.error} />}
      <form
        noValidate
        className="cartable-console-form"
        onSubmit={submitWith(async () => {
          await create({
            variables: { bodyId, input: { name: draft.name.trim(), shortName: draft.shortName.trim(), color: draft.color } },
          });
          onChanged(m.created(draft.name.trim()));
          setDraft({ name: '', shortName: '', color: draft.color });
        })}
      >
        <h3 className="fr-h5">{m.createTitle}</h3>
        <div className="cartable-inline-fields">
          <Input
            label={m.name}
            nativeInputProps={{ value: draft.name, maxLength: 200, onChange: (event) => setDraft({ ...draft, name: event.target.value }) }}
          />
          <Input
            label={m.shortName}
            nativeInputProps={{
              value: draft.shortName,
              maxLength: 30,
              onChange: (event) => setDraft({ ...draft, shortName: event.target.value }),
            }}
          />
          <Input
            label={m.color}
            nativeInputProps={{ type: 'color', value: draft.color, onChange: (event) => setDraft({ ...draft, color: event.target.value }) }}
          />
        </div>
        <Button type="submit" disabled={created.loading}>
          {m.create}
        </Button>
      </form>
      {groups.length > 0 && (
        <form
          noValidate
          className="cartable-console-form"
          onSubmit={submitWith(async () => {
            await assign({
              variables: { bodyId, input: { personId: assignment.personId, groupId: assignment.groupId || null, from: assignment.from } },
            });
            onChanged(m.assigned);
          })}
        >
          <h3 className="fr-h5">{m.assignTitle}</h3>
          <div className="cartable-inline-fields">
            <Select
              label={m.official}
              nativeSelectProps={{
                value: assignment.personId,
                onChange: (event) => setAssignment({ ...assignment, personId: event.target.value }),
              }}
            >
              <option value="" disabled>
                —
              </option>
              {officials.map((official) => (
                <option key={official.id} value={official.id}>
                  {official.displayName}
                </option>
              ))}
            </Select>
            <Select
              label={m.group}
              nativeSelectProps={{
                value: assignment.groupId,
                onChange: (event) => setAssignment({ ...assignment, groupId: event.target.value }),
              }}
            >
              <option value="">{m.noGroup}</option>
              {groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </Select>
            <Input
              label={m.from}
              nativeInputProps={{
                type: 'date',
                value: assignment.from,
                onChange: (event) => setAssignment({ ...assignment, from: event.target.value }),
              }}
            />
          </div>
          <Button type="submit" disabled={assigned.loading || !assignment.personId || !assignment.from}>
            {m.assign}
          </Button>
        </form>
      )}
    </section>
  );
}
