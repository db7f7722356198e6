import { useMutation, useQuery } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useState } from 'react';
import type { BallotChoice, ConsoleSeanceFieldsFragment, PresidentChoice } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import type { Figures } from '../../seance/tally.ts';
import { VoteResult } from '../../seance/VoteResult.tsx';
import { FiguresForm } from './FiguresForm.tsx';
import type { BallotLaw } from './messages.fr.ts';
import { OpenVoteForm, type VoteOpening } from './OpenVoteForm.tsx';
import { VoteBallotsQuery } from '../../seance/operations.ts';
import { CastBallotByNameMutation, CloseVoteMutation, EnterVoteTotalsMutation, OpenVoteMutation } from './operations.ts';
import { VoteCount } from '../../seance/VoteCount.tsx';
import { resultView, type Ballot } from '../../seance/result-view.ts';
import { rollCall } from './vote-view.ts';

const m = messages.secretariat.seance.vote;
const openChoices: BallotChoice[] = ['FOR', 'AGAINST', 'ABSTENTION', 'NOT_VOTING'];

type Seance = ConsoleSeanceFieldsFragment;
type Vote = Seance['votes'][number];
/** Runs a séance action, says what it did (from its answer), and tells whether it worked (the page shows the refusal). */
export type SeanceAct = <T>(action: () => Promise<T>, done: string | ((answer: T) => string)) => Promise<boolean>;

/** The names behind a vote that is not secret (none asked for a secret ballot); read again when `version` changes. */
function useBallots(slug: string, meetingId: string, vote: Pick<Vote, 'id' | 'method'>, version: unknown): readonly Ballot[] {
  const secret = vote.method === 'SECRET';
  const { data, refetch } = useQuery(VoteBallotsQuery, {
    variables: { slug, meetingId, voteId: vote.id },
    skip: secret,
    fetchPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (!secret && version !== undefined) void refetch().catch(() => undefined);
  }, [secret, version, refetch]);
  return data?.body.meeting.seance?.vote?.ballots ?? [];
}

/** A closed vote's result, with the names of a public ballot. */
function ClosedVote({ seance, vote, slug }: { seance: Seance; vote: Vote; slug: string }) {
  const ballots = useBallots(slug, seance.meetingId, vote, undefined);
  const item = seance.items.find((candidate) => candidate.id === vote.itemId);
  const view = resultView(vote, ballots, m.choices, openChoices);
  return (
    view && <VoteResult result={view} heading={m.resultOf(item?.number ?? '', item?.title ?? '', m.methods[vote.method] ?? vote.method)} />
  );
}

/** The roll call of a public vote not held on the tablets: the secretariat records each member's vote. */
function RollCall({
  seance,
  vote,
  ballots,
  bodyId,
  act,
}: {
  seance: Seance;
  vote: Vote;
  ballots: readonly Ballot[];
  bodyId: string;
  act: SeanceAct;
}) {
  const [cast, casting] = useMutation(CastBallotByNameMutation);
  const item = seance.items.find((candidate) => candidate.id === vote.itemId);
  const voters = rollCall(seance.attendees, new Set(item?.interested.map((member) => member.personId) ?? []));
  return (
    <div className="fr-table">
      <table>
        <caption>{m.rollCallCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.rollCallColumns.voter}</th>
            <th scope="col">{m.rollCallColumns.choice}</th>
          </tr>
        </thead>
        <tbody>
          {voters.map((voter) => {
            const ballot = ballots.find((candidate) => candidate.voter.personId === voter.personId);
            return (
              <tr key={voter.personId}>
                <th scope="row">
                  {voter.displayName}
                  {voter.holder && <span className="fr-hint-text">{m.byProxy(voter.holder)}</span>}
                </th>
                <td>
                  {ballot ? (
                    m.choices[ballot.choice]
                  ) : (
                    <Select
                      label={m.choiceFor(voter.displayName)}
                      className="fr-mb-0"
                      nativeSelectProps={{
                        value: '',
                        disabled: casting.loading,
                        onChange: (event) => {
                          const choice = event.target.value as BallotChoice;
                          void act(
                            () => cast({ variables: { bodyId, input: { voteId: vote.id, voterId: voter.personId, choice } } }),
                            `${m.choiceFor(voter.displayName)} : ${m.choices[choice]}.`,
                          );
                        },
                      }}
                    >
                      <option value="" disabled>
                        {m.chooseChoice}
                      </option>
                      {openChoices.map((choice) => (
                        <option key={choice} value={choice}>
                          {m.choices[choice]}
                        </option>
                      ))}
                    </Select>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The open vote: the live count, the names as they come (public), closing it, or the room's totals. */
function OpenVote({ seance, vote, slug, bodyId, act }: { seance: Seance; vote: Vote; slug: string; bodyId: string; act: SeanceAct }) {
  const [close, closing] = useMutation(CloseVoteMutation);
  const [enter, entering] = useMutation(EnterVoteTotalsMutation);
  const [typing, setTyping] = useState(!vote.electronic && vote.method !== 'PUBLIC');
  const item = seance.items.find((candidate) => candidate.id === vote.itemId)!;
  const live = vote.liveCount;
  // Each change of the live count reads the names again.
  const ballots = useBallots(slug, seance.meetingId, vote, live?.cast);
  const secret = vote.method === 'SECRET';
  const byName = vote.method === 'PUBLIC' && !vote.electronic;
  const closable = vote.electronic || byName;
  /** « Vote clos : adopté. », from the séance the server answers with. */
  const closedSaying = (fresh: Seance | undefined) => {
    const result = fresh?.votes.find((candidate) => candidate.id === vote.id)?.result;
    return messages.liveSeance.vote.closed(result ? messages.liveSeance.result[result] : '');
  };
  const closeVote = (presidentChoice: PresidentChoice | null) =>
    act(async () => (await close({ variables: { bodyId, input: { voteId: vote.id, presidentChoice } } })).data?.closeVote, closedSaying);
  const enterTotals = (figures: Figures, choice: PresidentChoice | null) =>
    act(
      async () =>
        (await enter({ variables: { bodyId, input: { voteId: vote.id, ...figures, presidentChoice: choice } } })).data?.enterVoteTotals,
      closedSaying,
    );
  return (
    <section aria-labelledby="vote-in-progress" className="cartable-seance__panel cartable-seance__current">
      <h4 id="vote-in-progress" className="fr-h5">
        {m.inProgress(item.number, item.title)}
      </h4>
      <ul className="fr-badges-group">
        <li>
          <Badge noIcon severity="info">
            {m.methods[vote.method] ?? vote.method}
          </Badge>
        </li>
        {vote.electronic && (
          <li>
            <Badge noIcon severity="new">
              {m.electronicBadge}
            </Badge>
          </li>
        )}
      </ul>
      {secret && <p className="fr-text--sm">{m.secretLabel}</p>}
      {byName && <RollCall seance={seance} vote={vote} ballots={ballots} bodyId={bodyId} act={act} />}
      {vote.method === 'PUBLIC' && vote.electronic && ballots.length > 0 && (
        <ul className="fr-text--sm">
          {ballots.map((ballot) => (
            <li key={ballot.voter.personId}>{`${ballot.voter.displayName} : ${m.choices[ballot.choice]}`}</li>
          ))}
        </ul>
      )}
      {closable && <VoteCount count={live} secret={secret} busy={closing.loading} onClose={(choice) => void closeVote(choice)} />}
      {typing || !closable ? (
        <FiguresForm
          key={vote.id}
          voters={live?.eligible ?? 0}
          secret={secret}
          busy={entering.loading}
          onSubmit={(figures, choice) => void enterTotals(figures, choice)}
        />
      ) : (
        <p className="fr-mt-2w">
          <Button priority="tertiary" onClick={() => setTyping(true)}>
            {m.totalsFallback}
          </Button>
        </p>
      )}
    </section>
  );
}

/**
 * « Vote » of the current item: open it (mode, requesters, tablets), follow it, close it or enter the
 * room's totals; then the results of the séance, the last first, with the names of public ballots.
 */
export function VotePanel({
  seance,
  slug,
  meetingId,
  bodyId,
  law,
  act,
  busy,
}: {
  seance: Seance;
  slug: string;
  meetingId: string;
  bodyId: string;
  law: BallotLaw;
  act: SeanceAct;
  busy: boolean;
}) {
  const [open] = useMutation(OpenVoteMutation);
  const openVote = seance.votes.find((vote) => vote.id === seance.openVote?.id) ?? null;
  const current = seance.items.find((item) => item.id === seance.currentItem?.id) ?? null;
  const present = seance.attendees.filter((attendee) => attendee.present && attendee.votingRight);
  const sitting = seance.status === 'OPEN';
  const closedVotes = seance.votes.filter((vote) => vote.status === 'CLOSED').reverse();
  const opening = (choice: VoteOpening) =>
    act(() => open({ variables: { bodyId, input: { meetingId, itemId: current!.id, ...choice } } }), m.opened(current!.number));

  return (
    <section aria-labelledby="seance-vote" className="cartable-seance__panel">
      <h3 id="seance-vote">{m.title}</h3>
      {openVote ? (
        <OpenVote key={openVote.id} seance={seance} vote={openVote} slug={slug} bodyId={bodyId} act={act} />
      ) : sitting && current && (current.status === 'CURRENT' || current.status === 'PENDING') ? (
        <OpenVoteForm
          key={current.id}
          present={present}
          electronicVoting={seance.electronicVoting}
          law={law}
          busy={busy}
          onOpen={(choice) => void opening(choice)}
        />
      ) : null}
      <h4 className="fr-h6 fr-mt-3w">{m.results}</h4>
      {closedVotes.length === 0 && <p>{m.noVote}</p>}
      {closedVotes.map((vote) => (
        <ClosedVote key={vote.id} seance={seance} vote={vote} slug={slug} />
      ))}
    </section>
  );
}
