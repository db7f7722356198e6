import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ConsoleSeanceFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import type { ConsoleMeetingData } from '../console-context.ts';
import { ProxyHolderSelect } from '../follow-up/ProxyHolderSelect.tsx';
import { DecideSeanceItemMutation, DeclareInterestMutation } from './operations.ts';
import type { SeanceAct } from './VotePanel.tsx';

const m = messages.secretariat.seance;

type Seance = ConsoleSeanceFieldsFragment;

/**
 * The item under discussion, as every tablet shows it: rapporteur, documents, the members who declared
 * an interest (out of its vote), and withdrawing or adjourning it.
 */
export function CurrentItemPanel({
  seance,
  meeting,
  slug,
  bodyId,
  interestArticle,
  act,
  busy,
  editable,
}: {
  seance: Seance;
  meeting: ConsoleMeetingData;
  slug: string;
  bodyId: string;
  interestArticle: string | null;
  act: SeanceAct;
  busy: boolean;
  editable: boolean;
}) {
  const [declare] = useMutation(DeclareInterestMutation);
  const [decide] = useMutation(DecideSeanceItemMutation);
  const [interested, setInterested] = useState('');
  const item = seance.items.find((candidate) => candidate.id === seance.currentItem?.id);
  if (!item) {
    return (
      <section aria-labelledby="seance-current" className="cartable-seance__panel">
        <h3 id="seance-current">{m.items.current}</h3>
        <p className="fr-mb-0">{m.items.none}</p>
      </section>
    );
  }
  const documents = meeting.documents.filter((document) => document.agendaItemId === item.id);
  const candidates = seance.attendees.filter(
    (attendee) => attendee.votingRight && !item.interested.some((member) => member.personId === attendee.personId),
  );
  const open = item.status === 'CURRENT' || item.status === 'PENDING';
  const voting = seance.openVote !== null;
  const decideItem = (decision: 'WITHDRAWN' | 'ADJOURNED') =>
    act(
      () => decide({ variables: { bodyId, meetingId: seance.meetingId, itemId: item.id, decision } }),
      decision === 'WITHDRAWN' ? m.items.withdrawn(item.number) : m.items.adjourned(item.number),
    );
  const declareInterest = async () => {
    const name = candidates.find((candidate) => candidate.personId === interested)?.displayName ?? '';
    if (
      await act(
        () => declare({ variables: { bodyId, meetingId: seance.meetingId, itemId: item.id, personId: interested } }),
        m.interests.declared(name),
      )
    )
      setInterested('');
  };
  return (
    <section aria-labelledby="seance-current" className="cartable-seance__panel cartable-seance__current">
      <h3 id="seance-current">{m.items.current}</h3>
      <p className="fr-text--lead fr-mb-1w">
        {item.number}. {item.title}
      </p>
      <p className="fr-mb-1w">{item.rapporteur ? m.items.rapporteur(item.rapporteur) : m.items.noRapporteur}</p>
      {item.closedSession && <p className="fr-badge fr-badge--warning fr-mb-1w">{m.closedSession.planned}</p>}
      <h4 className="fr-h6">{m.items.documents}</h4>
      {documents.length === 0 ? (
        <p>{m.items.noDocument}</p>
      ) : (
        <ul>
          {documents.map((document) => (
            <li key={document.id}>
              <Link
                className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
                to={`/organismes/${slug}/seances/${seance.meetingId}/documents/${document.id}`}
              >
                {document.title}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <h4 className="fr-h6">{m.interests.title}</h4>
      <p className="fr-text--sm">{m.interests.intro(interestArticle)}</p>
      {item.interested.length === 0 ? (
        <p>{m.interests.none}</p>
      ) : (
        <ul>
          {item.interested.map((member) => (
            <li key={member.personId}>{m.interests.entry(member.displayName)}</li>
          ))}
        </ul>
      )}
      {editable && open && (
        <>
          <div className="cartable-console-form fr-mb-0">
            <ProxyHolderSelect
              label={m.interests.member}
              placeholder={m.interests.choose}
              holders={candidates}
              value={interested}
              onChange={setInterested}
            />
          </div>
          <p>
            <Button priority="secondary" disabled={busy || !interested || voting} onClick={() => void declareInterest()}>
              {m.interests.declare}
            </Button>
          </p>
          <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
            <li>
              <Button priority="tertiary" disabled={busy || voting} onClick={() => void decideItem('WITHDRAWN')}>
                {m.items.withdraw}
              </Button>
            </li>
            <li>
              <Button priority="tertiary" disabled={busy || voting} onClick={() => void decideItem('ADJOURNED')}>
                {m.items.adjourn}
              </Button>
            </li>
          </ul>
        </>
      )}
    </section>
  );
}
