import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';

export interface Member {
  personId: string;
  displayName: string;
}

/** Members to tick (present at the opening, secrétaires de séance, members asking for a ballot). */
export function MemberChecklist({
  legend,
  hint,
  members,
  chosen,
  onChange,
}: {
  legend: string;
  hint?: string;
  members: readonly Member[];
  chosen: ReadonlySet<string>;
  onChange: (chosen: Set<string>) => void;
}) {
  const toggle = (personId: string, checked: boolean) => {
    const next = new Set(chosen);
    if (checked) next.add(personId);
    else next.delete(personId);
    onChange(next);
  };
  return (
    <Checkbox
      legend={legend}
      hintText={hint}
      orientation="horizontal"
      options={members.map((member) => ({
        label: member.displayName,
        nativeInputProps: {
          value: member.personId,
          checked: chosen.has(member.personId),
          onChange: (event) => toggle(member.personId, event.target.checked),
        },
      }))}
    />
  );
}
