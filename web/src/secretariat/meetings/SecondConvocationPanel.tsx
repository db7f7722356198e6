import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { MeetingAttendanceQuery } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { formatDay } from '../../ui/format.ts';
import { localDay } from './second-convocation.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { ConveneAgainMutation } from '../attendance/attendance-operations.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { secondDateField, secondStartsAt } from './second-convocation.ts';

const m = messages.secretariat.secondConvocation;
type Failure = NonNullable<MeetingAttendanceQuery['body']['meeting']['quorumFailure']>;

/**
 * After a séance held without its quorum: the figures, and « Convoquer à nouveau » — a new séance with
 * the same agenda, at the legal interval, deliberating without quorum (L2121-17 al. 2; L3121-14, L4132-13).
 */
export function SecondConvocationPanel({
  body,
  meetingId,
  failure,
}: {
  body: { id: string; slug: string; timeZone: string };
  meetingId: string;
  failure: Failure;
}) {
  const field = secondDateField(failure);
  const [date, setDate] = useState(field.value);
  const [time, setTime] = useState('18:00');
  const [place, setPlace] = useState('');
  const [convene, convening] = useMutation(ConveneAgainMutation);
  const fields = useFieldErrors();
  const navigate = useNavigate();
  const meetingPath = (id: string) => `/secretariat/${body.slug}/seances/${id}`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    const startsAt = secondStartsAt(date, time, body.timeZone);
    if (!startsAt) return;
    try {
      const result = await convene({ variables: { bodyId: body.id, input: { meetingId, startsAt, place: place.trim() || null } } });
      if (result.data) void navigate(meetingPath(result.data.conveneAgainWithoutQuorum.id));
    } catch {
      // Shown from the mutation's state.
    }
  };

  return (
    <section className="fr-callout fr-callout--orange-terre-battue fr-mb-3w" aria-labelledby="second-convocation-heading">
      <h3 id="second-convocation-heading" className="fr-callout__title">
        {m.title}
      </h3>
      <p className="fr-callout__text">{m.figures(failure.present, failure.required, failure.membersInOffice, failure.quorumArticle)}</p>
      <p className="fr-text--sm">
        {failure.dePleinDroit
          ? m.dePleinDroit(localDay(failure.earliestDate), failure.article)
          : m.convenedAgain(localDay(failure.earliestDate), failure.article)}
      </p>
      {failure.convenedAgain ? (
        <p className="fr-mb-0">
          <Link to={meetingPath(failure.convenedAgain.id)}>{m.open(formatDay(failure.convenedAgain.startsAt, body.timeZone))}</Link>
        </p>
      ) : (
        <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)} onInput={fields.onInput}>
          <div className="cartable-inline-fields">
            <Input
              label={m.date}
              hintText={field.readOnly ? m.dateFixed : m.dateHint}
              {...fields.field('date')}
              nativeInputProps={{
                name: 'date',
                type: 'date',
                value: date,
                min: field.min,
                readOnly: field.readOnly,
                required: true,
                onChange: (event) => setDate(event.target.value),
              }}
            />
            <Input
              label={m.time(body.timeZone)}
              {...fields.field('time')}
              nativeInputProps={{
                name: 'time',
                type: 'time',
                value: time,
                required: true,
                onChange: (event) => setTime(event.target.value),
              }}
            />
          </div>
          <Input
            label={m.place}
            hintText={m.placeHint}
            nativeInputProps={{ value: place, maxLength: 500, onChange: (event) => setPlace(event.target.value) }}
          />
          {convening.error && <GraphqlError error={convening.error} />}
          <Button type="submit" iconId="fr-icon-calendar-line" disabled={convening.loading}>
            {m.submit}
          </Button>
        </form>
      )}
    </section>
  );
}
