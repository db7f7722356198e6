import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState, type FormEvent } from 'react';
import type { AttendanceAnswerFieldsFragment, AttendanceResponse } from '../graphql/generated/graphql.ts';
import { AnswerConvocationMutation } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useFieldErrors } from '../ui/form-errors.ts';
import { useOnline } from '../offline/use-online.ts';
import { userError } from '../ui/error-message.ts';
import { formatDateTime, formatShortDate } from '../ui/format.ts';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';
import { writeMyConvocation } from './convocation-cache.ts';
import type { MeetingBody } from './use-meeting.ts';

const m = messages.answer;
const responses: AttendanceResponse[] = ['PRESENT', 'ABSENT', 'PROXY'];

function describe(answer: AttendanceAnswerFieldsFragment): string {
  const text =
    answer.response === 'PROXY' && answer.proxyHolder ? m.proxyTo(answer.proxyHolder.displayName) : messages.response[answer.response];
  return answer.illnessDeclared ? `${text} (${m.illnessDeclared})` : text;
}

/**
 * Present, absent, or a proxy to a colleague of the assembly — checked by the server against the legal
 * proxy rules, whose refusals are shown as they are written (plain French) — changeable until the
 * meeting starts, with every answer given.
 */
export function AnswerPanel({ body }: { body: MeetingBody }) {
  const meeting = body.meeting;
  const mine = meeting.myConvocation;
  const online = useOnline();
  const current = mine?.answer ?? null;
  const [response, setResponse] = useState<AttendanceResponse | null>(current?.response ?? null);
  const [holderId, setHolderId] = useState(current?.proxyHolder?.personId ?? '');
  const [illness, setIllness] = useState(current?.illnessDeclared ?? false);
  const [certifiedOn, setCertifiedOn] = useState(current?.illnessCertifiedOn ?? '');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [answer, { loading }] = useMutation(AnswerConvocationMutation);
  const fields = useFieldErrors();

  if (meeting.convocations.length === 0) return null;
  if (!mine) {
    return (
      <section className="fr-my-3w" aria-labelledby="reponse">
        <h2 id="reponse">{m.title}</h2>
        <p>{messages.meeting.notConvened}</p>
      </section>
    );
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget) || !response) return;
    setOutcome(null);
    const proxy = response === 'PROXY';
    try {
      await answer({
        variables: {
          bodyId: body.id,
          input: {
            meetingId: meeting.id,
            response,
            proxyHolderId: proxy ? holderId : null,
            illnessDeclared: proxy && illness,
            illnessCertifiedOn: proxy && illness && certifiedOn ? certifiedOn : null,
          },
        },
        update(cache, { data }) {
          const saved = data?.answerConvocation;
          if (saved)
            writeMyConvocation(
              cache,
              meeting.id,
              (cached) => cached && { ...cached, answer: saved, answerHistory: [saved, ...cached.answerHistory] },
            );
        },
      });
      setOutcome({ ok: m.saved });
    } catch (error) {
      setOutcome({ error: userError(error).message });
    }
  };

  const options = responses.filter((value) => value !== 'PROXY' || mine.votingRight);
  const incomplete = !response || (response === 'PROXY' && !holderId);
  return (
    <section className="fr-my-3w" aria-labelledby="reponse">
      <h2 id="reponse">{m.title}</h2>
      <p className="fr-mb-1w">{current ? m.current(describe(current), formatShortDate(current.recordedAt)) : m.none}</p>
      {!mine.answersOpen ? (
        <p className="fr-message fr-message--info">{m.closed}</p>
      ) : (
        <form noValidate onSubmit={(event) => void submit(event)} onInput={fields.onInput} className="cartable-answer">
          <p className="fr-hint-text">{m.openUntil(formatDateTime(meeting.startsAt, body.timeZone))}</p>
          <RadioButtons
            legend={m.legend}
            name="reponse"
            disabled={!online}
            {...fields.field('reponse')}
            options={options.map((value) => ({
              label: m[value],
              hintText: value === 'PROXY' ? m.proxyHint : undefined,
              nativeInputProps: { value, required: true, checked: response === value, onChange: () => setResponse(value) },
            }))}
          />
          {response === 'PROXY' && (
            <>
              <Select
                label={m.holder}
                {...fields.field('holder')}
                nativeSelectProps={{
                  name: 'holder',
                  value: holderId,
                  required: true,
                  disabled: !online,
                  onChange: (event) => setHolderId(event.target.value),
                }}
              >
                <option value="" disabled>
                  {m.chooseHolder}
                </option>
                {mine.proxyCandidates.map((colleague) => (
                  <option key={colleague.personId} value={colleague.personId}>
                    {colleague.displayName}
                  </option>
                ))}
              </Select>
              {meeting.legalNotices.illnessExtendsProxy ? (
                <Checkbox
                  disabled={!online}
                  options={[
                    {
                      label: m.illness,
                      hintText: meeting.legalNotices.proxy,
                      nativeInputProps: { checked: illness, onChange: (event) => setIllness(event.target.checked) },
                    },
                  ]}
                />
              ) : (
                <p className="fr-hint-text">{meeting.legalNotices.proxy}</p>
              )}
              {meeting.legalNotices.illnessExtendsProxy && illness && (
                <Input
                  label={m.certifiedOn}
                  nativeInputProps={{
                    type: 'date',
                    value: certifiedOn,
                    disabled: !online,
                    onChange: (event) => setCertifiedOn(event.target.value),
                  }}
                />
              )}
            </>
          )}
          <OutcomeMessage outcome={outcome} errorTitle={m.refused} />
          {!online && <p className="fr-message fr-message--info">{m.offline}</p>}
          <Button type="submit" disabled={!online || loading || incomplete} iconId="fr-icon-check-line">
            {loading ? m.saving : m.submit}
          </Button>
        </form>
      )}
      {mine.answerHistory.length > 0 && (
        <>
          <h3 className="fr-h6 fr-mt-3w">{m.history}</h3>
          <ol className="cartable-answer-history">
            {mine.answerHistory.map((given, index) => (
              <li key={given.id}>
                <strong>{formatShortDate(given.recordedAt)}</strong> — {describe(given)}
                {given.recordedOnBehalf && ` (${m.onBehalf})`}
                {index === 0 && ` — ${m.currentMark}`}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
