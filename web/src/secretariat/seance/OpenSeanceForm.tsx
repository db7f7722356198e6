import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type FormEvent } from 'react';
import { messages } from '../messages.ts';
import { MemberChecklist } from './MemberChecklist.tsx';
import { timeNow, timeTodayToIso } from './seance-time.ts';

const m = messages.secretariat.seance;

/** A member convened, as the attendance knows them before the séance: recorded or announced present. */
export interface Convened {
  personId: string;
  displayName: string;
  expected: boolean;
}

export interface Opening {
  at: string | null;
  presentIds: string[];
  secretaryIds: string[];
  electronicVoting: boolean;
}

/**
 * « Ouvrir la séance »: the time, the members in the room (ticked from the answers announced or the
 * attendance recorded), the secrétaire(s) de séance among them, and whether the tablets vote.
 */
export function OpenSeanceForm({
  convened,
  timeZone,
  secretariesArticle,
  busy,
  onOpen,
}: {
  convened: readonly Convened[];
  timeZone: string;
  secretariesArticle: string | null;
  busy: boolean;
  onOpen: (opening: Opening) => void;
}) {
  const [time, setTime] = useState(() => timeNow(timeZone));
  const [present, setPresent] = useState(() => new Set(convened.filter((member) => member.expected).map((member) => member.personId)));
  const [secretaries, setSecretaries] = useState(() => new Set<string>());
  const [electronic, setElectronic] = useState(true);
  const inRoom = convened.filter((member) => present.has(member.personId));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onOpen({
      at: timeTodayToIso(time, timeZone),
      presentIds: [...present],
      secretaryIds: [...secretaries].filter((personId) => present.has(personId)),
      electronicVoting: electronic,
    });
  };
  return (
    <form noValidate onSubmit={submit} className="cartable-seance__panel" aria-labelledby="seance-open">
      <h3 id="seance-open">{m.open.title}</h3>
      <p className="fr-text--sm">{m.open.intro}</p>
      <Input
        label={m.time}
        hintText={m.timeHint}
        nativeInputProps={{ type: 'time', value: time, onChange: (event) => setTime(event.target.value) }}
      />
      <MemberChecklist legend={m.open.present} hint={m.open.presentHint} members={convened} chosen={present} onChange={setPresent} />
      <MemberChecklist
        legend={m.open.secretaries}
        hint={m.open.secretariesHint(secretariesArticle)}
        members={inRoom}
        chosen={secretaries}
        onChange={setSecretaries}
      />
      <Checkbox
        options={[
          {
            label: m.open.electronic,
            hintText: m.open.electronicHint,
            nativeInputProps: { checked: electronic, onChange: (event) => setElectronic(event.target.checked) },
          },
        ]}
      />
      <Button type="submit" iconId="fr-icon-play-circle-line" disabled={busy}>
        {m.open.submit}
      </Button>
    </form>
  );
}
