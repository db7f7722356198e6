import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { messages } from '../i18n/messages.ts';
import { formatShortDate } from '../ui/format.ts';
import { StackedTable } from '../ui/StackedTable.tsx';

const m = messages.visa;
type Role = keyof typeof m.role;
type Status = keyof typeof m.status;
type Kind = keyof typeof m.kind;
type ActionKind = keyof typeof m.action;

/** What both the officials' app and the secretariat's console read of a projet. */
export interface ProjetReadingData {
  title: string;
  kind: Kind;
  status: Status;
  version: number;
  currentStep?: number | null;
  rapporteur?: string | null;
  rapport: string;
  projetText: string;
  steps: readonly { label: string; validatorName?: string | null; validatorRole?: Role | null; delegateName?: string | null }[];
  documents: readonly { id: string; title: string; fileName: string; sizeBytes: number; downloadUrl: string }[];
  history: readonly {
    id: string;
    version: number;
    action: ActionKind;
    stepLabel?: string | null;
    actorName: string;
    asDelegate: boolean;
    comment?: string | null;
    actedAt: string;
  }[];
}

const size = (bytes: number) =>
  bytes >= 1_048_576
    ? `${(bytes / 1_048_576).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`
    : `${Math.max(1, Math.round(bytes / 1024))} ko`;
const paragraphs = (text: string) =>
  text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean);

export function ProjetStatusBadge({ status }: { status: Status }) {
  const severity = status === 'APPROVED' ? 'success' : status === 'SENT_BACK' ? 'warning' : status === 'IN_VALIDATION' ? 'info' : undefined;
  return (
    <Badge small noIcon severity={severity}>
      {m.status[status]}
    </Badge>
  );
}

/** Who validates a step: a person, or anyone with a role; and its delegate. */
export function stepWho(step: ProjetReadingData['steps'][number]): string {
  const who = step.validatorName ?? (step.validatorRole ? m.anyone(m.role[step.validatorRole]) : '');
  return m.stepWho(who, step.delegateName ?? null);
}

/** A projet as a validator reads it: its rapport and projet de délibération, its files, its circuit and its history. */
export function ProjetReading({ projet, headingLevel = 2 }: { projet: ProjetReadingData; headingLevel?: 2 | 3 }) {
  const Heading = `h${headingLevel}` as const;
  const text = (value: string) =>
    value ? paragraphs(value).map((paragraph, index) => <p key={index}>{paragraph}</p>) : <p className="fr-text--sm">{m.empty}</p>;
  return (
    <>
      <p>
        <ProjetStatusBadge status={projet.status} /> {m.kind[projet.kind]}, {m.version(projet.version)}
        {projet.rapporteur && (
          <>
            <br />
            {m.rapporteur(projet.rapporteur)}
          </>
        )}
      </p>
      <Heading className="fr-h5">{m.rapport}</Heading>
      <div className="cartable-projet-text">{text(projet.rapport)}</div>
      <Heading className="fr-h5">{m.projetText}</Heading>
      <div className="cartable-projet-text">{text(projet.projetText)}</div>
      {projet.documents.length > 0 && (
        <>
          <Heading className="fr-h5">{m.documents}</Heading>
          <ul>
            {projet.documents.map((document) => (
              <li key={document.id}>
                <a
                  className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
                  href={document.downloadUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  title={`${document.title} — ${messages.app.newWindow}`}
                >
                  {m.document(document.title, size(document.sizeBytes))}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {projet.steps.length > 0 && (
        <>
          <Heading className="fr-h5">{m.circuit}</Heading>
          <ol>
            {projet.steps.map((step, index) => (
              <li key={index} aria-current={projet.status === 'IN_VALIDATION' && projet.currentStep === index ? 'step' : undefined}>
                {m.step(index + 1, step.label)} : {stepWho(step)}
                {projet.status === 'IN_VALIDATION' && projet.currentStep === index && (
                  <>
                    {' '}
                    <Badge small noIcon severity="new">
                      {m.current}
                    </Badge>
                  </>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {projet.history.length > 0 && (
        <>
          <Heading className="fr-h5">{m.history}</Heading>
          <StackedTable
            caption={m.historyCaption}
            headers={[m.columns.when, m.columns.who, m.columns.what, m.columns.comment]}
            data={projet.history.map((entry) => [
              formatShortDate(entry.actedAt),
              entry.asDelegate ? `${entry.actorName} (${m.asDelegate})` : entry.actorName,
              entry.action === 'SUBMITTED' ? m.action.SUBMITTED(entry.version) : m.action[entry.action](entry.stepLabel ?? ''),
              entry.comment ?? '',
            ])}
          />
        </>
      )}
    </>
  );
}
