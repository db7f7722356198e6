import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AgendaItemKind, ConsoleProjetFieldsFragment, ProjetStatus } from '../../graphql/generated/secretariat/graphql.ts';
import { ProjetReading, ProjetStatusBadge } from '../../acts/ProjetReading.tsx';
import { formatShortDate } from '../../ui/format.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { OutcomeMessage, type Outcome } from '../../ui/OutcomeMessage.tsx';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { userError } from '../../ui/error-message.ts';
import { useBodyConsole } from '../console-context.ts';
import { messages } from '../messages.ts';
import {
  AttachProjetDocumentMutation,
  CircuitNamesQuery,
  CreateProjetMutation,
  PlaceProjetOnAgendaMutation,
  ProjetQuery,
  ProjetsQuery,
  RemoveProjetDocumentMutation,
  SubmitProjetMutation,
  UpdateProjetMutation,
} from './projets-operations.ts';

const m = messages.secretariat.projets;
const v = messages.visa;
const statuses: ProjetStatus[] = ['DRAFT', 'IN_VALIDATION', 'SENT_BACK', 'APPROVED'];
const kinds: AgendaItemKind[] = ['DELIBERATION', 'INFORMATION', 'COMMUNICATION', 'DESIGNATION'];

/** `/secretariat/:slug/projets`: the body's projets by state, and the way to write a new one. */
export function ProjetsPage() {
  const { body } = useBodyConsole();
  const [status, setStatus] = useState<ProjetStatus | ''>('');
  const { data, error, refetch } = useQuery(ProjetsQuery, {
    variables: { bodyId: body.id, status: status || null },
    fetchPolicy: 'cache-and-network',
  });
  const projets = data?.projets ?? [];
  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <Button linkProps={{ to: `/secretariat/${body.slug}/projets/nouveau` }} iconId="fr-icon-add-line" className="fr-mb-3w">
        {m.create}
      </Button>
      <Select
        label={m.filter}
        nativeSelectProps={{ value: status, onChange: (event) => setStatus(event.target.value as ProjetStatus | '') }}
      >
        <option value="">{m.all}</option>
        {statuses.map((value) => (
          <option key={value} value={value}>
            {v.status[value]}
          </option>
        ))}
      </Select>
      {error && <GraphqlError error={error} onRetry={() => void refetch()} />}
      {data && projets.length === 0 && <p>{m.none}</p>}
      {projets.length > 0 && (
        <StackedTable
          caption={m.caption}
          headers={[m.columns.title, m.columns.kind, m.columns.status, m.columns.step, m.columns.updated]}
          data={projets.map((projet) => [
            <Link key="open" className="fr-link" to={`/secretariat/${body.slug}/projets/${projet.id}`}>
              {projet.title}
            </Link>,
            v.kind[projet.kind],
            <span key="status">
              <ProjetStatusBadge status={projet.status} /> {v.version(projet.version)}
              {projet.agendaItemId && <> — {m.onAgenda}</>}
            </span>,
            projet.currentStep != null && projet.steps[projet.currentStep]
              ? v.step(projet.currentStep + 1, projet.steps[projet.currentStep]!.label)
              : '',
            formatShortDate(projet.updatedAt, body.timeZone),
          ])}
        />
      )}
    </>
  );
}

interface Draft {
  title: string;
  kind: AgendaItemKind;
  rapporteur: string;
  rapport: string;
  projetText: string;
  circuitId: string;
}

const draftOf = (projet: ConsoleProjetFieldsFragment | null): Draft => ({
  title: projet?.title ?? '',
  kind: projet?.kind ?? 'DELIBERATION',
  rapporteur: projet?.rapporteur ?? '',
  rapport: projet?.rapport ?? '',
  projetText: projet?.projetText ?? '',
  circuitId: projet?.circuitId ?? '',
});

/** The writing form of a draft or of a projet sent back. */
function ProjetForm({
  projet,
  circuits,
  onSaved,
}: {
  projet: ConsoleProjetFieldsFragment | null;
  circuits: readonly { id: string; name: string }[];
  onSaved: (id: string) => void;
}) {
  const { body } = useBodyConsole();
  const [draft, setDraft] = useState(() => draftOf(projet));
  const [create, creating] = useMutation(CreateProjetMutation);
  const [update, updating] = useMutation(UpdateProjetMutation);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fields = useFieldErrors();
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOutcome(null);
    if (!fields.check(event.currentTarget)) return;
    const input = { ...draft, rapporteur: draft.rapporteur.trim() || null, circuitId: draft.circuitId || null };
    try {
      if (projet) {
        await update({ variables: { bodyId: body.id, id: projet.id, input } });
        setOutcome({ ok: m.saved });
        onSaved(projet.id);
      } else {
        const result = await create({ variables: { bodyId: body.id, input } });
        onSaved(result.data!.createProjet.id);
      }
    } catch (failure) {
      setOutcome({ error: userError(failure).message });
    }
  };

  return (
    <form
      noValidate
      className="cartable-console-form"
      aria-labelledby="projet-form-heading"
      onSubmit={(event) => void submit(event)}
      onInput={fields.onInput}
    >
      <h2 id="projet-form-heading" className="fr-h5">
        {m.formTitle}
      </h2>
      <Input
        label={m.titleLabel}
        {...fields.field('title')}
        nativeInputProps={{
          name: 'title',
          required: true,
          maxLength: 500,
          value: draft.title,
          onChange: (event) => set({ title: event.target.value }),
        }}
      />
      <div className="cartable-inline-fields">
        <Select
          label={m.kindLabel}
          nativeSelectProps={{ value: draft.kind, onChange: (event) => set({ kind: event.target.value as AgendaItemKind }) }}
        >
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {v.kind[kind]}
            </option>
          ))}
        </Select>
        <Input
          label={m.rapporteurLabel}
          nativeInputProps={{
            name: 'rapporteur',
            maxLength: 200,
            value: draft.rapporteur,
            onChange: (event) => set({ rapporteur: event.target.value }),
          }}
        />
      </div>
      <Input
        label={m.rapportLabel}
        hintText={m.rapportHint}
        textArea
        nativeTextAreaProps={{
          name: 'rapport',
          rows: 8,
          maxLength: 50_000,
          value: draft.rapport,
          onChange: (event) => set({ rapport: event.target.value }),
        }}
      />
      <Input
        label={m.projetTextLabel}
        hintText={m.projetTextHint}
        textArea
        nativeTextAreaProps={{
          name: 'projetText',
          rows: 8,
          maxLength: 50_000,
          value: draft.projetText,
          onChange: (event) => set({ projetText: event.target.value }),
        }}
      />
      <Select
        label={m.circuitLabel}
        hint={circuits.length === 0 ? m.noCircuit : undefined}
        nativeSelectProps={{ value: draft.circuitId, onChange: (event) => set({ circuitId: event.target.value }) }}
      >
        <option value="">{m.chooseCircuit}</option>
        {circuits.map((circuit) => (
          <option key={circuit.id} value={circuit.id}>
            {circuit.name}
          </option>
        ))}
      </Select>
      <OutcomeMessage outcome={outcome} />
      <Button type="submit" disabled={creating.loading || updating.loading}>
        {m.save}
      </Button>
    </form>
  );
}

const fileBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read'));
    reader.readAsDataURL(file);
  });

/** The attached PDFs of an editable projet: add, remove. */
function ProjetAttachments({ projet, onChanged }: { projet: ConsoleProjetFieldsFragment; onChanged: () => Promise<unknown> }) {
  const { body } = useBodyConsole();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [attach, attaching] = useMutation(AttachProjetDocumentMutation);
  const [remove, removing] = useMutation(RemoveProjetDocumentMutation);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const run = async (action: () => Promise<unknown>, ok?: string) => {
    setOutcome(null);
    try {
      await action();
      if (ok) setOutcome({ ok });
      await onChanged();
    } catch (failure) {
      setOutcome({ error: userError(failure).message });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    void run(async () => {
      await attach({
        variables: {
          bodyId: body.id,
          projetId: projet.id,
          title: title.trim() || file.name,
          fileName: file.name,
          contentBase64: await fileBase64(file),
        },
      });
      setTitle('');
      setFile(null);
    }, m.attached);
  };
  return (
    <section aria-labelledby="attachments-heading" className="cartable-console-form">
      <h2 id="attachments-heading" className="fr-h5">
        {m.attachTitle}
      </h2>
      <p className="fr-hint-text">{m.attachHint}</p>
      <ul>
        {projet.documents.map((document) => (
          <li key={document.id}>
            <a
              className="fr-link"
              href={document.downloadUrl}
              target="_blank"
              rel="noopener noreferrer"
              title={`${document.title} — ${messages.app.newWindow}`}
            >
              {document.title}
            </a>{' '}
            <Button
              size="small"
              priority="tertiary"
              iconId="fr-icon-delete-line"
              title={m.remove(document.title)}
              disabled={removing.loading}
              onClick={() => void run(() => remove({ variables: { bodyId: body.id, projetId: projet.id, documentId: document.id } }))}
            >
              {m.remove(document.title)}
            </Button>
          </li>
        ))}
      </ul>
      <form noValidate onSubmit={submit}>
        <div className="cartable-inline-fields">
          <Input
            label={m.attachLabel}
            nativeInputProps={{ value: title, maxLength: 300, onChange: (event) => setTitle(event.target.value) }}
          />
          <Input
            label={m.attachFile}
            nativeInputProps={{ type: 'file', accept: 'application/pdf', onChange: (event) => setFile(event.target.files?.[0] ?? null) }}
          />
        </div>
        <OutcomeMessage outcome={outcome} />
        <Button size="small" type="submit" priority="secondary" disabled={!file || attaching.loading}>
          {m.attach}
        </Button>
      </form>
    </section>
  );
}

/** An approved projet not yet on an agenda: choose a draft meeting and put it there. */
function PlaceOnAgenda({ projet, onPlaced }: { projet: ConsoleProjetFieldsFragment; onPlaced: (message: string) => Promise<unknown> }) {
  const { body } = useBodyConsole();
  const drafts = body.meetings.filter((meeting) => meeting.status === 'DRAFT');
  const [meetingId, setMeetingId] = useState('');
  const [place, placing] = useMutation(PlaceProjetOnAgendaMutation);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fields = useFieldErrors();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    setOutcome(null);
    try {
      await place({ variables: { bodyId: body.id, id: projet.id, meetingId } });
      await onPlaced(m.placed);
    } catch (failure) {
      setOutcome({ error: userError(failure).message });
    }
  };
  return (
    <section aria-labelledby="place-heading" className="cartable-console-form">
      <h2 id="place-heading" className="fr-h5">
        {m.placeTitle}
      </h2>
      <p>{m.placeIntro}</p>
      {drafts.length === 0 ? (
        <p className="fr-text--sm">{m.noDraftMeeting}</p>
      ) : (
        <form noValidate onSubmit={(event) => void submit(event)} onInput={fields.onInput}>
          <Select
            label={m.meetingLabel}
            {...fields.field('meetingId')}
            nativeSelectProps={{
              name: 'meetingId',
              value: meetingId,
              required: true,
              onChange: (event) => setMeetingId(event.target.value),
            }}
          >
            <option value="">{m.chooseMeeting}</option>
            {drafts.map((meeting) => (
              <option key={meeting.id} value={meeting.id}>
                {meeting.title} — {meeting.assembly.name}, {formatShortDate(meeting.startsAt, body.timeZone)}
              </option>
            ))}
          </Select>
          <Button type="submit" iconId="fr-icon-calendar-event-line" disabled={placing.loading}>
            {m.place}
          </Button>
        </form>
      )}
      <OutcomeMessage outcome={outcome} />
    </section>
  );
}

/** `/secretariat/:slug/projets/:projetId` (or `nouveau`): write, submit, follow and put on an agenda one projet. */
export function ProjetPage() {
  const { body, refetch: refetchBody } = useBodyConsole();
  const { projetId = 'nouveau' } = useParams();
  const navigate = useNavigate();
  const creating = projetId === 'nouveau';
  const { data, error, refetch } = useQuery(ProjetQuery, {
    variables: { bodyId: body.id, id: projetId },
    skip: creating,
    fetchPolicy: 'cache-and-network',
  });
  const [submitProjet, submitting] = useMutation(SubmitProjetMutation);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const back = (
    <p>
      <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`/secretariat/${body.slug}/projets`}>
        {m.back}
      </Link>
    </p>
  );
  if (creating) {
    return (
      <>
        {back}
        <h1>{m.newTitle}</h1>
        <NewProjet onSaved={(id) => void navigate(`/secretariat/${body.slug}/projets/${id}`)} />
      </>
    );
  }
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const projet = data.projet;
  const editable = projet.status === 'DRAFT' || projet.status === 'SENT_BACK';
  const sentBack = projet.status === 'SENT_BACK' ? [...projet.history].reverse().find((entry) => entry.action === 'SENT_BACK') : undefined;

  const onSubmit = async () => {
    setOutcome(null);
    try {
      await submitProjet({ variables: { bodyId: body.id, id: projet.id, circuitId: projet.circuitId ?? null } });
      setOutcome({ ok: m.submitted });
      await refetch();
    } catch (failure) {
      setOutcome({ error: userError(failure).message });
    }
  };

  return (
    <>
      {back}
      <h1>{projet.title}</h1>
      {sentBack && (
        <Alert severity="warning" small className="fr-mb-3w" description={m.sentBack(sentBack.actorName, sentBack.comment ?? '')} />
      )}
      {projet.status === 'IN_VALIDATION' && <Alert severity="info" small className="fr-mb-3w" description={m.frozen} />}
      <OutcomeMessage outcome={outcome} />
      {editable && (
        <>
          <ProjetForm
            key={`${projet.id}-${projet.version}-${projet.status}`}
            projet={projet}
            circuits={data.circuits}
            onSaved={() => void refetch()}
          />
          <ProjetAttachments projet={projet} onChanged={refetch} />
          <Button
            iconId="fr-icon-send-plane-line"
            className="fr-mb-4w"
            disabled={submitting.loading || !projet.circuitId}
            onClick={() => void onSubmit()}
          >
            {projet.status === 'SENT_BACK' ? m.resubmit : m.submit}
          </Button>
        </>
      )}
      {projet.status === 'APPROVED' && !projet.agendaItemId && (
        <PlaceOnAgenda
          projet={projet}
          onPlaced={async (message) => {
            setOutcome({ ok: message });
            await Promise.all([refetch(), refetchBody()]);
          }}
        />
      )}
      {projet.meetingId && (
        <p>
          <Link className="fr-link" to={`/secretariat/${body.slug}/seances/${projet.meetingId}`}>
            {m.toAgenda}
          </Link>
        </p>
      )}
      {(!editable || projet.history.length > 0) && (
        <section aria-labelledby="projet-reading-heading">
          <h2 id="projet-reading-heading">{m.readTitle}</h2>
          <ProjetReading projet={projet} headingLevel={3} />
        </section>
      )}
    </>
  );
}

function NewProjet({ onSaved }: { onSaved: (id: string) => void }) {
  const { body } = useBodyConsole();
  const { data } = useQuery(CircuitNamesQuery, { variables: { bodyId: body.id } });
  if (!data) return <p>{messages.app.loading}</p>;
  return <ProjetForm projet={null} circuits={data.circuits} onSaved={onSaved} />;
}
