import { Link } from 'react-router';
import { messages } from '../messages.ts';

/** A meeting tab that needs the convocation sent first: its heading, why it is empty, and the way to the convening step. */
export function NotConvenedYet({ headingId, title, reason }: { headingId: string; title: string; reason: string }) {
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p>
        {reason}{' '}
        <Link className="fr-link" to="../convocation" relative="path">
          {messages.secretariat.convening.toConvening}
        </Link>
      </p>
    </section>
  );
}
