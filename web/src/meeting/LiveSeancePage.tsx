import { useMutation, useQuery } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { LiveSeanceQuery as LiveSeanceData } from '../graphql/generated/graphql.ts';
import { messages } from '../i18n/messages.ts';
import { BallotCard, type BallotOption } from '../seance/BallotCard.tsx';
import { ballotSlots } from '../seance/ballots.ts';
import { resultView } from '../seance/result-view.ts';
import { SeanceLawContext } from '../seance/seance-law.ts';
import { LiveNotice } from '../seance/LiveNotice.tsx';
import { useLiveSeance } from '../seance/use-live-seance.ts';
import { VoteCount, type LiveCount } from '../seance/VoteCount.tsx';
import { VoteResult } from '../seance/VoteResult.tsx';
import '../seance/seance.css';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { StatusLine } from '../ui/StatusLine.tsx';
import { CastBallotMutation, CloseVoteFromTabletMutation, LiveSeanceQuery, LiveVoteCountQuery } from './live-seance-operations.ts';
import { VoteBallotsQuery } from '../seance/operations.ts';

const m = messages.liveSeance;

type Body = LiveSeanceData['body'];
type Seance = NonNullable<Body['meeting']['seance']>;

/** The président's part of a vote on the tablets: the count as it arrives, and closing the vote. */
function PresidentCount({
  body,
  seance,
  count,
  onSay,
}: {
  body: Body;
  seance: Seance;
  count: LiveCount | null;
  onSay: (text: string) => void;
}) {
  const vote = seance.openVote!;
  const [close, closing] = useMutation(CloseVoteFromTabletMutation);
  const [failure, setFailure] = useState<unknown>(null);
  const closeVote = async (presidentChoice: 'FOR' | 'AGAINST' | null) => {
    setFailure(null);
    try {
      const result = await close({ variables: { bodyId: body.id, input: { voteId: vote.id, presidentChoice } } });
      const closed = result.data?.closeVote.votes.find((candidate) => candidate.id === vote.id)?.result;
      onSay(m.vote.closed(closed ? m.result[closed] : ''));
    } catch (caught) {
      setFailure(caught);
    }
  };
  return (
    <section aria-labelledby="live-count" className="cartable-seance__panel">
      <h3 id="live-count" className="fr-h5">
        {m.vote.count}
      </h3>
      {failure !== null && <GraphqlError error={failure} offline={m.network.lost} />}
      <VoteCount count={count} secret={vote.method === 'SECRET'} busy={closing.loading} onClose={(choice) => void closeVote(choice)} />
    </section>
  );
}

/** The open vote on the tablet: what kind of ballot it is, and the ballots the official casts. */
function VoteSection({
  body,
  seance,
  myId,
  count,
  onSay,
}: {
  body: Body;
  seance: Seance;
  myId: string;
  count: LiveCount | null;
  onSay: (text: string) => void;
}) {
  const vote = seance.openVote!;
  const item = seance.currentItem?.id === vote.itemId ? seance.currentItem : null;
  const secret = vote.method === 'SECRET';
  const [cast, casting] = useMutation(CastBallotMutation);
  const [choices, setChoices] = useState<ReadonlyMap<string, string>>(new Map());
  const [failure, setFailure] = useState<unknown>(null);
  const interested = new Set(item?.interested.map((member) => member.personId) ?? []);
  const slots = ballotSlots({
    myId,
    present: seance.me.present,
    holdsProxyOf: seance.me.holdsProxyOf,
    interested,
    myBallots: vote.myBallots,
  });

  const castBallot = async (voterId: string, choice: BallotOption) => {
    setFailure(null);
    try {
      await cast({ variables: { bodyId: body.id, input: { voteId: vote.id, choice, voterId: voterId === myId ? null : voterId } } });
      setChoices((current) => new Map(current).set(`${vote.id}:${voterId}`, choice));
    } catch (caught) {
      setFailure(caught);
    }
  };

  return (
    <section aria-labelledby="live-vote" className="cartable-seance__panel cartable-seance__current">
      <h2 id="live-vote">{m.vote.title}</h2>
      {item && <p className="fr-text--lead fr-mb-1w">{m.vote.onItem(item.number, item.title)}</p>}
      <p className="fr-mb-1w">
        <Badge noIcon severity={secret ? 'warning' : 'info'}>
          {secret ? m.vote.secret : vote.method === 'PUBLIC' ? m.vote.public : m.vote.hand}
        </Badge>
      </p>
      {vote.electronic && <p className="fr-text--sm">{secret ? m.vote.secretHint : m.vote.publicHint}</p>}
      {!vote.electronic ? (
        <p>{vote.method === 'PUBLIC' ? m.vote.rollCall : secret ? m.vote.paperBallot : m.vote.notElectronic}</p>
      ) : (
        <>
          {interested.has(myId) && <p>{m.vote.interested(body.legalArticles.interest)}</p>}
          {seance.me.member && !seance.me.present && <p>{m.vote.notPresent}</p>}
          {failure !== null && <GraphqlError error={failure} offline={m.network.offlineVote} />}
          {seance.me.manager && <PresidentCount body={body} seance={seance} count={count} onSay={onSay} />}
          {slots.map((slot) => (
            <BallotCard
              key={`${vote.id}:${slot.voterId}`}
              title={slot.proxyFor ? m.vote.forProxy(slot.proxyFor) : m.vote.mine}
              secret={secret}
              cast={
                slot.cast || choices.has(`${vote.id}:${slot.voterId}`)
                  ? { choice: choices.get(`${vote.id}:${slot.voterId}`) ?? null }
                  : null
              }
              busy={casting.loading}
              onCast={(choice) => void castBallot(slot.voterId, choice)}
            />
          ))}
        </>
      )}
    </section>
  );
}

const namedChoices = ['FOR', 'AGAINST', 'ABSTENTION', 'NOT_VOTING'];

/** The last vote's result; for a public ballot, who voted what (read once the vote is closed). */
function LastResult({
  slug,
  meetingId,
  vote,
  heading,
}: {
  slug: string;
  meetingId: string;
  vote: Seance['votes'][number];
  heading: string;
}) {
  const named = vote.method === 'PUBLIC';
  const { data } = useQuery(VoteBallotsQuery, { variables: { slug, meetingId, voteId: vote.id }, skip: !named });
  const view = resultView(vote, data?.body.meeting.seance?.vote?.ballots, m.vote.choices, namedChoices);
  return view && <VoteResult result={view} heading={heading} />;
}

/**
 * « Séance en cours » (`/organismes/:slug/seances/:meetingId/seance-en-cours`): the item under
 * discussion and its documents, followed live; the vote on the tablet — for oneself and for the pouvoir
 * held —, and the last result. When the network fails, the page says so: the room's totals are then
 * entered by the secretariat.
 */
export function LiveSeancePage() {
  const { slug = '', meetingId = '' } = useParams();
  const { data, error, refetch } = useQuery(LiveSeanceQuery, { variables: { slug, meetingId }, fetchPolicy: 'cache-and-network' });
  const [said, setSaid] = useState('');
  const bodyId = data?.body.id;
  const seanceNow = data?.body.meeting.seance;
  // The live count is the président's and the secretariat's: asked only by them, for a vote on the tablets.
  const counting = Boolean(seanceNow?.me.manager && seanceNow.openVote?.electronic);
  const count = useQuery(LiveVoteCountQuery, { variables: { slug, meetingId }, skip: !counting, fetchPolicy: 'cache-and-network' });
  const live = useLiveSeance(bodyId ? `/live/seance?bodyId=${bodyId}&meetingId=${meetingId}` : null, () =>
    Promise.all([refetch(), counting ? count.refetch() : null]),
  );

  if (!data)
    return error ? <GraphqlError error={error} onRetry={() => void refetch()} offline={m.network.lost} /> : <p>{messages.app.loading}</p>;
  const body = data.body;
  const meeting = body.meeting;
  const seance = meeting.seance;
  const item = seance?.currentItem ?? null;
  const documents = item ? meeting.documents.filter((document) => document.agendaItemId === item.id) : [];
  const lastVote = seance?.votes.filter((vote) => vote.status === 'CLOSED').at(-1);
  const lastItem = lastVote && (lastVote.itemId === item?.id ? item : null);

  const page = (
    <div className="cartable-seance">
      <Breadcrumb
        currentPageLabel={m.title}
        homeLinkProps={{ to: '/' }}
        segments={[
          { label: body.name, linkProps: { to: '/' } },
          { label: meeting.title, linkProps: { to: `/organismes/${body.slug}/seances/${meeting.id}` } },
        ]}
      />
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{meeting.title}</p>
      <LiveNotice status={live} texts={m.network} />
      <StatusLine text={said} />
      {!seance || seance.status === 'NO_QUORUM' ? (
        <p>{seance ? m.closed : m.notOpen}</p>
      ) : (
        <>
          <ul className="fr-badges-group fr-mb-2w">
            {seance.status !== 'OPEN' && (
              <li>
                <Badge noIcon severity="warning">
                  {seance.status === 'SUSPENDED' ? m.suspended : m.closed}
                </Badge>
              </li>
            )}
            {seance.closedSession && (
              <li>
                <Badge noIcon severity="warning">
                  {m.closedSession}
                </Badge>
              </li>
            )}
          </ul>
          {seance.openVote && data.me && (
            <VoteSection
              body={body}
              seance={seance}
              myId={data.me.id}
              count={counting ? (count.data?.body.meeting.seance?.openVote?.liveCount ?? null) : null}
              onSay={setSaid}
            />
          )}
          <section aria-labelledby="live-item" className="cartable-seance__panel">
            <h2 id="live-item">{m.currentItem}</h2>
            {item ? (
              <>
                <p className="fr-text--lead fr-mb-1w" aria-live="polite">
                  {m.item(item.number, item.title)}
                </p>
                {item.rapporteur && <p>{m.rapporteur(item.rapporteur)}</p>}
                <h3 className="fr-h6">{m.documents}</h3>
                {documents.length === 0 ? (
                  <p>{m.noDocument}</p>
                ) : (
                  <ul className="cartable-documents">
                    {documents.map((document) => (
                      <li key={document.id}>
                        <Link
                          className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
                          to={`/organismes/${body.slug}/seances/${meeting.id}/documents/${document.id}`}
                        >
                          {document.title}
                        </Link>{' '}
                        <span className="fr-hint-text cartable-inline-hint">{messages.documentKind[document.kind]}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            ) : (
              <p>{m.noCurrentItem}</p>
            )}
          </section>
          {lastVote && (
            <LastResult
              slug={slug}
              meetingId={meetingId}
              vote={lastVote}
              heading={lastItem ? m.result.last(lastItem.number) : m.result.title}
            />
          )}
        </>
      )}
      <p>
        <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`/organismes/${body.slug}/seances/${meeting.id}`}>
          {m.backToMeeting}
        </Link>
      </p>
    </div>
  );
  return <SeanceLawContext value={meeting.legalNotices}>{page}</SeanceLawContext>;
}
