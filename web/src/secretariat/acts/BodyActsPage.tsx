import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ActSettingsFieldsFragment, PublicityMode } from '../../graphql/generated/secretariat/graphql.ts';
import { formatDay } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { OutcomeMessage } from '../../ui/OutcomeMessage.tsx';
import { useBodyConsole } from '../console-context.ts';
import { messages } from '../messages.ts';
import { useConsoleBodies } from '../use-console-bodies.ts';
import { BodyActsQuery, RegistreUrlQuery, UpdateActSettingsMutation } from './operations.ts';
import { useActAction } from './use-act-action.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';

const m = messages.secretariat.acts;

/** The body's act settings, for its administrators: numbering, templates, publicity, ACTES department. */
function ActSettingsForm({
  bodyId,
  settings,
  refetch,
}: {
  bodyId: string;
  settings: ActSettingsFieldsFragment;
  refetch: () => Promise<unknown>;
}) {
  const [form, setForm] = useState({
    ...settings,
    publicityModeSince: settings.publicityModeSince ?? '',
    actesDepartment: settings.actesDepartment ?? '',
  });
  const fields = useFieldErrors();
  const [update] = useMutation(UpdateActSettingsMutation);
  const { outcome, busy, run } = useActAction(refetch);
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  return (
    <section aria-labelledby="act-settings-heading" className="fr-mt-4w">
      <h2 id="act-settings-heading">{m.body.settings}</h2>
      <p>{m.body.settingsIntro}</p>
      <form
        noValidate
        onInput={fields.onInput}
        className="cartable-console-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!fields.check(event.currentTarget)) return;
          const {
            numberFormat,
            templateVisas,
            templateConsiderants,
            templateDispositif,
            publicityMode,
            publicityModeSince,
            actesDepartment,
          } = form;
          void run(
            () =>
              update({
                variables: {
                  bodyId,
                  input: {
                    numberFormat,
                    templateVisas,
                    templateConsiderants,
                    templateDispositif,
                    publicityMode,
                    publicityModeSince: publicityModeSince || null,
                    actesDepartment,
                  },
                },
              }),
            m.body.saved,
          );
        }}
      >
        <div className="cartable-inline-fields">
          <Input
            label={m.body.numberFormat}
            hintText={m.body.numberFormatHint}
            {...fields.field('numberFormat')}
            nativeInputProps={{
              name: 'numberFormat',
              required: true,
              maxLength: 40,
              value: form.numberFormat,
              onChange: set('numberFormat'),
            }}
          />
          <Input
            label={m.body.actesDepartment}
            hintText={m.body.actesDepartmentHint}
            nativeInputProps={{ maxLength: 3, value: form.actesDepartment, onChange: set('actesDepartment') }}
          />
        </div>
        <Input
          label={m.body.templateVisas}
          textArea
          nativeTextAreaProps={{ rows: 3, maxLength: 20_000, value: form.templateVisas, onChange: set('templateVisas') }}
        />
        <Input
          label={m.body.templateConsiderants}
          textArea
          nativeTextAreaProps={{ rows: 3, maxLength: 20_000, value: form.templateConsiderants, onChange: set('templateConsiderants') }}
        />
        <Input
          label={m.body.templateDispositif}
          textArea
          nativeTextAreaProps={{ rows: 3, maxLength: 50_000, value: form.templateDispositif, onChange: set('templateDispositif') }}
        />
        <div className="cartable-inline-fields">
          <Select
            label={m.body.publicityMode}
            nativeSelectProps={{
              value: form.publicityMode,
              onChange: (event) => setForm({ ...form, publicityMode: event.target.value as PublicityMode }),
            }}
          >
            {Object.entries(m.body.publicityModes).map(([mode, label]) => (
              <option key={mode} value={mode}>
                {label}
              </option>
            ))}
          </Select>
          {form.publicityMode !== 'ELECTRONIC' && (
            <Input
              label={m.body.publicityModeSince}
              {...fields.field('publicityModeSince')}
              nativeInputProps={{
                name: 'publicityModeSince',
                type: 'date',
                required: true,
                value: form.publicityModeSince,
                onChange: set('publicityModeSince'),
              }}
            />
          )}
        </div>
        <OutcomeMessage outcome={outcome} />
        <Button type="submit" disabled={busy}>
          {m.body.save}
        </Button>
      </form>
    </section>
  );
}

/** The registre's pages of one year (R2121-9 for a commune), as a PDF for the paper register. */
function RegistreSection({
  bodyId,
  article,
  commune,
  years,
}: {
  bodyId: string;
  article: string | null;
  commune: boolean;
  years: readonly number[];
}) {
  const [year, setYear] = useState(String(years[0] ?? new Date().getFullYear()));
  const client = useApolloClient();
  const { outcome, busy, run } = useActAction(async () => undefined);
  return (
    <section aria-labelledby="registre-heading" className="fr-mt-4w">
      <h2 id="registre-heading">{m.body.registre(article)}</h2>
      <p>{m.body.registreIntro(commune)}</p>
      <form
        noValidate
        className="cartable-console-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const { data } = await client.query({
              query: RegistreUrlQuery,
              variables: { bodyId, year: Number(year) },
              fetchPolicy: 'network-only',
            });
            if (data?.registreUrl) window.location.assign(data.registreUrl);
          }, m.body.download);
        }}
      >
        <div className="cartable-inline-fields">
          <Select label={m.body.year} nativeSelectProps={{ value: year, onChange: (event) => setYear(event.target.value) }}>
            {(years.length ? years : [Number(year)]).map((candidate) => (
              <option key={candidate} value={candidate}>
                {candidate}
              </option>
            ))}
          </Select>
        </div>
        <OutcomeMessage outcome={outcome} />
        <Button type="submit" iconId="fr-icon-download-line" disabled={busy}>
          {m.body.download}
        </Button>
      </form>
    </section>
  );
}

/** `/secretariat/:slug/actes`: every délibération of the body, the registre's pages, the act settings. */
export function BodyActsPage() {
  const { slug = '' } = useParams();
  const { body } = useBodyConsole();
  const administrator = useConsoleBodies().bodies.some((candidate) => candidate.slug === slug && candidate.administrator);
  const { data, error, refetch } = useQuery(BodyActsQuery, { variables: { bodyId: body.id }, fetchPolicy: 'cache-and-network' });
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const meetings = new Map(body.meetings.map((meeting) => [meeting.id, meeting]));
  const years = [
    ...new Set(
      data.deliberations
        .filter((act) => act.number && act.finalisedAt)
        .map((act) => Number(meetings.get(act.meetingId)?.startsAt.slice(0, 4) ?? act.finalisedAt!.slice(0, 4))),
    ),
  ].sort((a, b) => b - a);
  return (
    <>
      <h1>{m.body.title}</h1>
      <p>{m.body.intro}</p>
      {data.deliberations.length === 0 ? (
        <p>{m.noAct}</p>
      ) : (
        <StackedTable
          caption={m.body.caption(data.deliberations.length)}
          headers={[
            m.body.columns.number,
            m.body.columns.title,
            m.body.columns.meeting,
            m.body.columns.status,
            m.body.columns.published,
            m.body.columns.executory,
          ]}
          data={data.deliberations.map((act) => {
            const meeting = meetings.get(act.meetingId);
            return [
              act.number ?? m.unnumbered,
              act.title,
              meeting ? (
                <Link
                  key="meeting"
                  className="fr-link"
                  to={`/secretariat/${slug}/seances/${meeting.id}/actes`}
                  aria-label={m.body.open(formatDay(meeting.startsAt, body.timeZone), meeting.title)}
                >
                  {formatDay(meeting.startsAt, body.timeZone)}
                </Link>
              ) : (
                '—'
              ),
              m.status[act.status],
              act.publishedAt ? formatDay(act.publishedAt, body.timeZone) : m.body.notPublished,
              act.executoryAt ? formatDay(act.executoryAt, body.timeZone) : m.body.notExecutory,
            ];
          })}
        />
      )}
      <RegistreSection bodyId={body.id} article={body.legalArticles.register} commune={body.kind === 'COMMUNE'} years={years} />
      {administrator && (
        <ActSettingsForm key={JSON.stringify(data.actSettings)} bodyId={body.id} settings={data.actSettings} refetch={refetch} />
      )}
    </>
  );
}
