import { useMutation, useQuery } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useRef, useState } from 'react';
import type { ConsoleSeanceFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { locale } from '../../i18n/messages.ts';
import { messages } from '../messages.ts';
import { LiveNotice } from '../../seance/LiveNotice.tsx';
import { SeanceLawContext } from '../../seance/seance-law.ts';
import { useLiveSeance } from '../../seance/use-live-seance.ts';
import '../../seance/seance.css';
import { ConfirmPanel } from '../../ui/ConfirmPanel.tsx';
import { formatTime } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { StatusLine } from '../../ui/StatusLine.tsx';
import { useMeetingConsole } from '../console-context.ts';
import { NotConvenedYet } from '../convening/NotConvenedYet.tsx';
import { CurrentItemPanel } from './CurrentItemPanel.tsx';
import { ItemsPanel } from './ItemsPanel.tsx';
import { OpenSeanceForm, type Opening } from './OpenSeanceForm.tsx';
import {
  CheckSeanceQuorumMutation,
  CloseSeanceMutation,
  ConsoleSeanceQuery,
  DecideClosedSessionMutation,
  OpenSeanceMutation,
  RecordArrivalMutation,
  RecordDepartureMutation,
  ResumeSeanceMutation,
  SetCurrentItemMutation,
  SuspendSeanceMutation,
} from './operations.ts';
import { PresencePanel, type Movement, type PresenceRow } from './PresencePanel.tsx';
import { QuorumPanel } from './QuorumPanel.tsx';
import { VotePanel, type SeanceAct } from './VotePanel.tsx';

const m = messages.secretariat.seance;
type Seance = ConsoleSeanceFieldsFragment;

/** The members as the presence table shows them, from the séance's attendees. */
function presenceRows(seance: Seance): PresenceRow[] {
  const secretaries = new Set(seance.secretaries.map((member) => member.personId));
  return seance.attendees.map((attendee) => {
    const last = attendee.stays.at(-1);
    return {
      personId: attendee.personId,
      displayName: attendee.displayName,
      votingRight: attendee.votingRight,
      state: attendee.present ? 'PRESENT' : attendee.representedBy ? 'REPRESENTED' : last ? 'LEFT' : 'ABSENT',
      arrivedAt: attendee.present ? (last?.arrivedAt ?? null) : null,
      leftAt: last?.leftAt ?? null,
      representedBy: attendee.representedBy?.displayName ?? null,
      holdsFor: attendee.holdsProxyOf.map((giver) => giver.displayName).join(', ') || null,
      secretary: secretaries.has(attendee.personId),
    };
  });
}

/** Huis clos, suspension and closing: the conduct of the séance. */
function ConductPanel({
  seance,
  bodyId,
  timeZone,
  closedSessionArticle,
  act,
  busy,
}: {
  seance: Seance;
  bodyId: string;
  timeZone: string;
  closedSessionArticle: string;
  act: SeanceAct;
  busy: boolean;
}) {
  const [closedSession] = useMutation(DecideClosedSessionMutation);
  const [suspend] = useMutation(SuspendSeanceMutation);
  const [resume] = useMutation(ResumeSeanceMutation);
  const [close] = useMutation(CloseSeanceMutation);
  const [confirming, setConfirming] = useState(false);
  const meetingId = seance.meetingId;
  const now = () => formatTime(new Date().toISOString(), timeZone);
  const voting = seance.openVote !== null;
  return (
    <section aria-labelledby="seance-conduct" className="cartable-seance__panel">
      <h3 id="seance-conduct">{m.conduct}</h3>
      <h4 className="fr-h6">{m.closedSession.title}</h4>
      <p className="fr-text--sm fr-mb-1w">{m.closedSession.intro(closedSessionArticle)}</p>
      <p>{seance.closedSession ? m.closedSession.on : m.closedSession.off}</p>
      {seance.status === 'OPEN' && (
        <Button
          priority="secondary"
          iconId="fr-icon-lock-line"
          disabled={busy}
          onClick={() =>
            void act(
              () => closedSession({ variables: { bodyId, meetingId, closedSession: !seance.closedSession } }),
              seance.closedSession ? m.closedSession.ended : m.closedSession.started,
            )
          }
        >
          {seance.closedSession ? m.closedSession.end : m.closedSession.start}
        </Button>
      )}
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--icon-left fr-mt-3w">
        {seance.status === 'OPEN' && (
          <li>
            <Button
              priority="secondary"
              iconId="fr-icon-pause-circle-line"
              disabled={busy || voting}
              onClick={() => void act(() => suspend({ variables: { bodyId, meetingId } }), m.suspend.suspended(now()))}
            >
              {m.suspend.suspend}
            </Button>
          </li>
        )}
        {seance.status === 'SUSPENDED' && (
          <li>
            <Button
              iconId="fr-icon-play-circle-line"
              disabled={busy}
              onClick={() => void act(() => resume({ variables: { bodyId, meetingId } }), m.suspend.resumed(now()))}
            >
              {m.suspend.resume}
            </Button>
          </li>
        )}
        <li>
          <Button priority="secondary" iconId="fr-icon-stop-circle-line" disabled={busy || voting} onClick={() => setConfirming(true)}>
            {m.close.title}
          </Button>
        </li>
      </ul>
      {confirming && (
        <ConfirmPanel
          title={m.close.question}
          text={m.close.intro}
          confirm={m.close.confirm}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            void act(() => close({ variables: { bodyId, meetingId } }), m.close.done(now())).then((done) => done && setConfirming(false))
          }
        />
      )}
    </section>
  );
}

/**
 * « Séance »: the séance of the meeting, live — opening (members present, secrétaires, tablets), the
 * quorum, arrivals and departures with pouvoirs, the current item, votes and their results, huis clos,
 * suspension and closing. Every action goes to the server, which records it in the proof ledger and
 * tells every tablet.
 */
export function SeancePage() {
  const { body, meeting } = useMeetingConsole();
  const { data, error, refetch } = useQuery(ConsoleSeanceQuery, {
    variables: { slug: body.slug, meetingId: meeting.id },
    fetchPolicy: 'cache-and-network',
  });
  const live = useLiveSeance(`/live/seance?bodyId=${body.id}&meetingId=${meeting.id}`, refetch);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const failureRef = useRef<HTMLDivElement>(null);
  const [openSeance] = useMutation(OpenSeanceMutation);
  const [checkQuorum] = useMutation(CheckSeanceQuorumMutation);
  const [arrival] = useMutation(RecordArrivalMutation);
  const [departure] = useMutation(RecordDepartureMutation);
  const [setCurrent] = useMutation(SetCurrentItemMutation);

  const act: SeanceAct = async (action, done) => {
    setBusy(true);
    setFailure(null);
    try {
      const answer = await action();
      setAnnouncement(typeof done === 'string' ? done : done(answer));
      return true;
    } catch (caught) {
      setFailure(caught);
      setAnnouncement('');
      requestAnimationFrame(() => failureRef.current?.scrollIntoView({ block: 'center' }));
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const { attendance, seance, legalNotices, quorumFailure } = data.body.meeting;
  const articles = body.legalArticles;
  if (!attendance) return <NotConvenedYet headingId="seance-heading" title={m.title} reason={m.notConvened} />;
  const timeZone = body.timeZone;
  const editable = seance?.status === 'OPEN' || seance?.status === 'SUSPENDED';
  const sitting = seance?.status === 'OPEN';
  const lastCheck = seance?.quorumChecks.at(-1) ?? null;

  const open = (opening: Opening) =>
    act(
      async () => (await openSeance({ variables: { bodyId: body.id, input: { meetingId: meeting.id, ...opening } } })).data?.openSeance,
      (fresh) => (fresh?.status === 'NO_QUORUM' ? m.quorum.noQuorum : m.open.done),
    );
  const move = (kind: 'arrival' | 'departure', movement: Movement) => {
    const name = seance?.attendees.find((attendee) => attendee.personId === movement.personId)?.displayName ?? '';
    const input = {
      meetingId: meeting.id,
      personId: movement.personId,
      at: movement.at,
      proxyHolderId: movement.proxyHolderId,
      illnessDeclared: movement.illnessDeclared || null,
    };
    const time = formatTime(movement.at ?? new Date().toISOString(), timeZone);
    return kind === 'arrival'
      ? act(() => arrival({ variables: { bodyId: body.id, input } }), m.presence.arrived(name, time))
      : act(() => departure({ variables: { bodyId: body.id, input } }), m.presence.departed(name, time));
  };

  const page = (
    <section aria-labelledby="seance-heading" className="cartable-seance">
      <h2 id="seance-heading">{m.title}</h2>
      <p className="fr-text--sm">{m.intro}</p>
      <LiveNotice status={live} texts={m.live} />
      <StatusLine text={announcement} />
      <div ref={failureRef}>{failure !== null && <GraphqlError error={failure} />}</div>
      {!seance ? (
        attendance.open ? (
          <OpenSeanceForm
            convened={attendance.entries.map((entry) => ({
              personId: entry.personId,
              displayName: entry.displayName,
              expected: entry.status ? entry.status === 'PRESENT' : entry.announced?.response === 'PRESENT',
            }))}
            timeZone={timeZone}
            secretariesArticle={articles.secretaries}
            busy={busy}
            onOpen={(opening) => void open(opening)}
          />
        ) : (
          <p>
            {m.notToday(
              new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${attendance.opensOn}T12:00:00Z`)),
            )}
          </p>
        )
      ) : (
        <>
          <ul className="fr-badges-group fr-mb-1w">
            <li>
              <Badge noIcon severity={sitting ? 'success' : seance.status === 'SUSPENDED' ? 'warning' : 'info'}>
                {m.state[seance.status] ?? seance.status}
              </Badge>
            </li>
            {seance.closedSession && (
              <li>
                <Badge noIcon severity="warning">
                  {m.closedSession.title}
                </Badge>
              </li>
            )}
          </ul>
          <p className="fr-mb-1w">
            {m.openedAt(formatTime(seance.openedAt, timeZone))}
            {seance.closedAt && ` — ${m.closedAt(formatTime(seance.closedAt, timeZone))}`}
          </p>
          <p>
            {seance.secretaries.length > 0
              ? m.secretaries(seance.secretaries.map((member) => member.displayName).join(', '))
              : m.noSecretary}
          </p>
          {seance.status === 'NO_QUORUM' && (
            <p className="fr-alert fr-alert--warning fr-mb-3w">
              {m.quorum.noQuorum} {quorumFailure && m.quorum.afterNoQuorum(quorumFailure.dePleinDroit, quorumFailure.article)}
            </p>
          )}
          <QuorumPanel
            now={seance.quorum}
            last={lastCheck}
            lostAt={seance.quorumLostAt}
            timeZone={timeZone}
            busy={busy}
            editable={sitting}
            onCheck={() =>
              void act(
                async () => (await checkQuorum({ variables: { bodyId: body.id, meetingId: meeting.id } })).data?.checkSeanceQuorum,
                (fresh) => m.quorum.checked(fresh?.quorumChecks.at(-1)?.reached !== false),
              )
            }
          />
          <div className="cartable-seance__grid">
            <div>
              <CurrentItemPanel
                seance={seance}
                meeting={meeting}
                slug={body.slug}
                bodyId={body.id}
                interestArticle={articles.interest}
                act={act}
                busy={busy}
                editable={sitting}
              />
              <VotePanel
                seance={seance}
                slug={body.slug}
                meetingId={meeting.id}
                bodyId={body.id}
                law={legalNotices}
                act={act}
                busy={busy}
              />
            </div>
            <div>
              <PresencePanel
                rows={presenceRows(seance)}
                timeZone={timeZone}
                law={legalNotices}
                busy={busy}
                editable={editable}
                onMovement={move}
              />
              <ItemsPanel
                items={seance.items.map((item) => ({
                  id: item.id,
                  number: item.number,
                  title: item.title,
                  state: item.status,
                  current: item.id === seance.currentItem?.id,
                }))}
                editable={sitting && seance.openVote === null}
                busy={busy}
                onSetCurrent={(item) =>
                  void act(
                    () => setCurrent({ variables: { bodyId: body.id, meetingId: meeting.id, itemId: item.id } }),
                    m.items.nowCurrent(item.number),
                  )
                }
              />
              {editable && (
                <ConductPanel
                  seance={seance}
                  bodyId={body.id}
                  timeZone={timeZone}
                  closedSessionArticle={articles.closedSession}
                  act={act}
                  busy={busy}
                />
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
  return <SeanceLawContext value={legalNotices}>{page}</SeanceLawContext>;
}
