import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState, type FormEvent } from 'react';
import { messages } from '../messages.ts';
import { formatTime } from '../../ui/format.ts';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { timeNow, timeTodayToIso } from './seance-time.ts';

const m = messages.secretariat.seance.presence;

/** The pouvoir rule of the meeting, from `Meeting.legalNotices`: the sentence with its article, and whether illness lifts the limit. */
export interface ProxyLaw {
  proxy: string;
  illnessExtendsProxy: boolean;
}

/** A member of the assembly as the séance sees them now. */
export interface PresenceRow {
  personId: string;
  displayName: string;
  votingRight: boolean;
  state: 'PRESENT' | 'LEFT' | 'ABSENT' | 'REPRESENTED';
  arrivedAt: string | null;
  leftAt: string | null;
  /** Who votes for them (state REPRESENTED). */
  representedBy: string | null;
  /** Whose pouvoir they hold. */
  holdsFor: string | null;
  secretary: boolean;
}

export interface Movement {
  personId: string;
  /** null: now, on the server's clock. */
  at: string | null;
  /** A departure's pouvoir, to a member present. */
  proxyHolderId: string | null;
  /** That pouvoir is given for illness duly certified (outside the limit of consecutive séances). */
  illnessDeclared: boolean;
}

/** An arrival or a departure: its time (now by default) and, for a departure, the pouvoir handed over. */
function MovementForm({
  row,
  kind,
  rows,
  timeZone,
  law,
  busy,
  onSubmit,
  onCancel,
}: {
  row: PresenceRow;
  kind: 'arrival' | 'departure';
  rows: PresenceRow[];
  timeZone: string;
  law: ProxyLaw;
  busy: boolean;
  onSubmit: (movement: Movement) => void;
  onCancel: () => void;
}) {
  const [time, setTime] = useState(() => timeNow(timeZone));
  const [holder, setHolder] = useState('');
  const [illness, setIllness] = useState(false);
  const holders = rows.filter(
    (other) => other.personId !== row.personId && other.votingRight && other.state === 'PRESENT' && !other.holdsFor,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      personId: row.personId,
      at: timeTodayToIso(time, timeZone),
      proxyHolderId: kind === 'departure' && holder ? holder : null,
      illnessDeclared: kind === 'departure' && holder !== '' && law.illnessExtendsProxy && illness,
    });
  };
  return (
    <form
      noValidate
      onSubmit={submit}
      className="cartable-console-form fr-mt-2w"
      aria-label={kind === 'arrival' ? m.arrivalTitle(row.displayName) : m.departureTitle(row.displayName)}
    >
      <Input
        label={messages.secretariat.seance.time}
        hintText={messages.secretariat.seance.timeHint}
        nativeInputProps={{ type: 'time', value: time, onChange: (event) => setTime(event.target.value) }}
      />
      {kind === 'departure' && row.votingRight && (
        <Select label={m.proxy} hint={law.proxy} nativeSelectProps={{ value: holder, onChange: (event) => setHolder(event.target.value) }}>
          <option value="">{m.noProxy}</option>
          {holders.map((other) => (
            <option key={other.personId} value={other.personId}>
              {other.displayName}
            </option>
          ))}
        </Select>
      )}
      {kind === 'departure' && holder && law.illnessExtendsProxy && (
        <Checkbox
          options={[
            {
              label: m.illness,
              hintText: m.illnessHint,
              nativeInputProps: { checked: illness, onChange: (event) => setIllness(event.target.checked) },
            },
          ]}
        />
      )}
      <FormButtons busy={busy} save={kind === 'arrival' ? m.confirmArrival : m.confirmDeparture} onCancel={onCancel} />
    </form>
  );
}

/** What a member's situation reads like: present since, left at, absent, represented; and the roles of the séance. */
function situation(row: PresenceRow, timeZone: string): string {
  const parts = [
    row.state === 'PRESENT' && row.arrivedAt ? m.present(formatTime(row.arrivedAt, timeZone)) : null,
    row.state === 'PRESENT' && !row.arrivedAt ? messages.secretariat.attendance.statuses.PRESENT : null,
    row.state === 'LEFT' && row.leftAt ? m.left(formatTime(row.leftAt, timeZone)) : null,
    row.state === 'ABSENT' ? m.absent : null,
    row.state === 'REPRESENTED' && row.representedBy ? m.represented(row.representedBy) : null,
    row.holdsFor ? m.holds(row.holdsFor) : null,
    row.votingRight ? null : m.withoutVote,
    row.secretary ? m.secretary : null,
  ];
  return parts.filter(Boolean).join(' — ');
}

/**
 * « Présences » of the séance: every member, present since when, gone at what time, represented by whom;
 * one button per member to record an arrival or a departure (with the pouvoir handed to a member present).
 */
export function PresencePanel({
  rows,
  timeZone,
  law,
  busy,
  editable,
  onMovement,
}: {
  rows: PresenceRow[];
  timeZone: string;
  law: ProxyLaw;
  busy: boolean;
  editable: boolean;
  onMovement: (kind: 'arrival' | 'departure', movement: Movement) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState<{ personId: string; kind: 'arrival' | 'departure' } | null>(null);
  const present = rows.filter((row) => row.state === 'PRESENT').length;
  return (
    <section aria-labelledby="seance-presence" className="cartable-seance__panel">
      <h3 id="seance-presence">{m.title}</h3>
      <div className="fr-table fr-mb-0">
        <table>
          <caption>{m.caption(present, rows.length)}</caption>
          <thead>
            <tr>
              <th scope="col">{m.columns.member}</th>
              <th scope="col">{m.columns.state}</th>
              {editable && <th scope="col">{m.columns.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const kind = row.state === 'PRESENT' ? 'departure' : 'arrival';
              return (
                <tr key={row.personId}>
                  <th scope="row">{row.displayName}</th>
                  <td>
                    {situation(row, timeZone)}
                    {editing?.personId === row.personId && (
                      <MovementForm
                        row={row}
                        kind={editing.kind}
                        rows={rows}
                        timeZone={timeZone}
                        law={law}
                        busy={busy}
                        onCancel={() => setEditing(null)}
                        onSubmit={(movement) => void onMovement(editing.kind, movement).then((done) => done && setEditing(null))}
                      />
                    )}
                  </td>
                  {editable && (
                    <td>
                      <Button
                        size="small"
                        priority="secondary"
                        iconId={kind === 'arrival' ? 'fr-icon-user-add-line' : 'fr-icon-logout-box-r-line'}
                        disabled={busy || editing !== null}
                        onClick={() => setEditing({ personId: row.personId, kind })}
                        nativeButtonProps={{
                          'aria-label': kind === 'arrival' ? m.arrivalLabel(row.displayName) : m.departureLabel(row.displayName),
                        }}
                      >
                        {kind === 'arrival' ? m.arrival : m.departure}
                      </Button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
