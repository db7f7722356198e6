import { useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useState } from 'react';
import type { AttendanceCountsFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { locale } from '../../i18n/messages.ts';
import { messages } from '../messages.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { useBodyConsole } from '../console-context.ts';
import { today } from '../follow-up/follow-up.ts';
import { StatisticsQuery } from '../operations.ts';
import { defaultAssumptions, rate, savings, toCsv, type SavingAssumptions } from './statistics-math.ts';
import { localInputToIso } from '../zoned-time.ts';

const m = messages.secretariat.statistics;
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

const share = (part: number, total: number) => {
  const value = rate(part, total);
  return value === null ? '—' : percent.format(value);
};
function delay(hours: number | null | undefined): string {
  if (hours == null) return '—';
  if (hours < 1) return m.minutes(whole.format(hours * 60));
  return hours < 48 ? m.hours(decimal.format(hours)) : m.days(decimal.format(hours / 24));
}

function download(fileName: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  URL.revokeObjectURL(url);
}

/** Announced presence as a bar (the table beside it carries the same figures for assistive technologies). */
function PresenceBar({ counts }: { counts: AttendanceCountsFieldsFragment }) {
  const part = (value: number) => `${(100 * value) / Math.max(1, counts.convened)}%`;
  return (
    <span className="cartable-bar" aria-hidden="true">
      <span className="cartable-bar__present" style={{ width: part(counts.present) }} />
      <span className="cartable-bar__proxy" style={{ width: part(counts.proxies) }} />
      <span className="cartable-bar__absent" style={{ width: part(counts.absent) }} />
    </span>
  );
}

const attendanceCells = (counts: AttendanceCountsFieldsFragment) => [
  String(counts.convened),
  String(counts.present),
  String(counts.proxies),
  String(counts.absent),
  String(counts.unanswered),
  share(counts.present, counts.convened),
];

/**
 * Statistics of the body over a period: meetings, sends, reading, attendance (recorded, or announced) per official and
 * per assembly, proxies, documents and pages, and what paper and postage the electronic convocations
 * saved under assumptions the secretariat can change; each table exports to CSV.
 */
export function StatisticsPage() {
  const { body } = useBodyConsole();
  const [from, setFrom] = useState(() => {
    const start = new Date();
    start.setFullYear(start.getFullYear() - 1);
    return today(body.timeZone, start);
  });
  const [to, setTo] = useState('');
  const [assumptions, setAssumptions] = useState<SavingAssumptions>(defaultAssumptions);
  const variables = {
    slug: body.slug,
    from: localInputToIso(`${from}T00:00`, body.timeZone),
    to: to ? localInputToIso(`${to}T00:00`, body.timeZone) : null,
  };
  const { data, error, refetch } = useQuery(StatisticsQuery, { variables, fetchPolicy: 'cache-and-network' });

  const assumptionInput = (key: keyof SavingAssumptions, label: string, step: string) => (
    <Input
      label={label}
      nativeInputProps={{
        type: 'number',
        min: 0,
        step,
        value: assumptions[key],
        onChange: (event) => setAssumptions({ ...assumptions, [key]: Number(event.target.value) || 0 }),
      }}
    />
  );

  const statistics = data?.body.statistics;
  const saved = statistics ? savings(statistics, assumptions) : null;
  const attendanceHeaders = [
    m.columns.convened,
    m.columns.present,
    m.columns.proxies,
    m.columns.absent,
    m.columns.unanswered,
    m.columns.rate,
  ];

  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <form
        noValidate
        className="cartable-inline-fields cartable-console-form"
        onSubmit={(event) => event.preventDefault()}
        aria-label={m.period}
      >
        <Input
          label={m.from}
          nativeInputProps={{ type: 'date', value: from, required: true, onChange: (event) => setFrom(event.target.value) }}
        />
        <Input
          label={m.to}
          hintText={m.toHint}
          nativeInputProps={{ type: 'date', value: to, onChange: (event) => setTo(event.target.value) }}
        />
      </form>
      {error && <GraphqlError error={error} onRetry={() => void refetch()} />}
      {!statistics ? (
        !error && <p>{messages.app.loading}</p>
      ) : (
        <>
          <section aria-labelledby="figures-heading">
            <h2 id="figures-heading">{m.figures}</h2>
            <ul className="cartable-figures">
              <li>
                <strong>{statistics.convenedMeetings}</strong> {m.convenedMeetings(statistics.meetings)}
              </li>
              <li>
                <strong>{statistics.sends}</strong> {m.sends(statistics.onTimeSends, statistics.urgentConvocations)}
              </li>
              <li>
                <strong>{share(statistics.opened, statistics.attendance.convened)}</strong>{' '}
                {m.opened(statistics.opened, statistics.attendance.convened)}
              </li>
              <li>
                <strong>{share(statistics.acknowledged, statistics.attendance.convened)}</strong> {m.acknowledged(statistics.acknowledged)}
              </li>
              <li>
                <strong>{delay(statistics.meanHoursToOpen)}</strong> {m.meanToOpen}
              </li>
              <li>
                <strong>{share(statistics.attendance.present, statistics.attendance.convened)}</strong> {m.presence}
                <br />
                <span className="fr-text--xs">{m.attendanceSources(statistics.recordedMeetings, statistics.announcedMeetings)}</span>
              </li>
              <li>
                <strong>{statistics.attendance.proxies}</strong> {m.proxies}
              </li>
              <li>
                <strong>{statistics.documentsSent}</strong> {m.documents(statistics.pagesSent)}
              </li>
            </ul>
          </section>

          <section aria-labelledby="savings-heading">
            <h2 id="savings-heading">{m.savingsTitle}</h2>
            <p>{m.savingsIntro(whole.format(statistics.electronicPages), statistics.electronicDeliveries, statistics.paperDeliveries)}</p>
            {saved && (
              <ul className="cartable-figures">
                <li>
                  <strong>{whole.format(saved.sheets)}</strong> {m.sheets}
                </li>
                <li>
                  <strong>{euros.format(saved.euros)}</strong> {m.euros}
                </li>
                <li>
                  <strong>{decimal.format(saved.kgCo2)}</strong> {m.kgCo2}
                </li>
              </ul>
            )}
            <fieldset className="fr-fieldset cartable-assumptions">
              <legend className="fr-fieldset__legend">{m.assumptions}</legend>
              <div className="cartable-inline-fields">
                {assumptionInput('pagesPerSheet', m.pagesPerSheet, '1')}
                {assumptionInput('eurosPerSheet', m.eurosPerSheet, '0.01')}
                {assumptionInput('eurosPerLetter', m.eurosPerLetter, '0.01')}
                {assumptionInput('kgCo2PerSheet', m.kgCo2PerSheet, '0.001')}
                {assumptionInput('kgCo2PerLetter', m.kgCo2PerLetter, '0.001')}
              </div>
              <p className="fr-text--xs fr-mb-0">{m.formula}</p>
            </fieldset>
          </section>

          <section aria-labelledby="assemblies-heading">
            <h2 id="assemblies-heading">{m.byAssembly}</h2>
            <Table
              caption={m.byAssemblyCaption}
              headers={[m.columns.assembly, m.columns.meetings, m.columns.recordedMeetings, ...attendanceHeaders]}
              data={statistics.assemblies.map((assembly) => [
                assembly.name,
                String(assembly.meetings),
                String(assembly.recordedMeetings),
                ...attendanceCells(assembly.attendance),
              ])}
            />
            <Button
              priority="secondary"
              iconId="fr-icon-download-line"
              onClick={() =>
                download(
                  `statistiques-assemblees-${body.slug}.csv`,
                  toCsv([
                    [m.columns.assembly, m.columns.meetings, m.columns.recordedMeetings, ...attendanceHeaders],
                    ...statistics.assemblies.map((assembly) => [
                      assembly.name,
                      assembly.meetings,
                      assembly.recordedMeetings,
                      ...attendanceCells(assembly.attendance),
                    ]),
                  ]),
                )
              }
            >
              {m.exportAssemblies}
            </Button>
          </section>

          <section aria-labelledby="officials-heading">
            <h2 id="officials-heading">{m.byOfficial}</h2>
            <p className="fr-text--sm">
              <span className="cartable-legend cartable-bar__present" aria-hidden="true" /> {m.columns.present}{' '}
              <span className="cartable-legend cartable-bar__proxy" aria-hidden="true" /> {m.columns.proxies}{' '}
              <span className="cartable-legend cartable-bar__absent" aria-hidden="true" /> {m.columns.absent}
            </p>
            <Table
              caption={m.byOfficialCaption}
              headers={[
                m.columns.official,
                ...attendanceHeaders,
                m.columns.proxiesHeld,
                m.columns.opened,
                m.columns.meanToOpen,
                m.columns.chart,
              ]}
              data={statistics.officials.map((official) => [
                official.displayName,
                ...attendanceCells(official.attendance),
                String(official.proxiesHeld),
                String(official.opened),
                delay(official.meanHoursToOpen),
                <PresenceBar key="bar" counts={official.attendance} />,
              ])}
            />
            <Button
              priority="secondary"
              iconId="fr-icon-download-line"
              onClick={() =>
                download(
                  `statistiques-elus-${body.slug}.csv`,
                  toCsv([
                    [m.columns.official, ...attendanceHeaders, m.columns.proxiesHeld, m.columns.opened, m.columns.meanToOpen],
                    ...statistics.officials.map((official) => [
                      official.displayName,
                      ...attendanceCells(official.attendance),
                      official.proxiesHeld,
                      official.opened,
                      delay(official.meanHoursToOpen),
                    ]),
                  ]),
                )
              }
            >
              {m.exportOfficials}
            </Button>
          </section>
        </>
      )}
    </>
  );
}
