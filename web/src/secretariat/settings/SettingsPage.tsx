import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type FormEvent } from 'react';
import { succeeded } from '../../ui/api-failure.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { userError } from '../../ui/error-message.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { OutcomeMessage, type Outcome } from '../../ui/OutcomeMessage.tsx';
import { useBodyConsole } from '../console-context.ts';
import { messages } from '../messages.ts';
import {
  BodyMailSettingsQuery,
  CompleteBodyLogoUploadMutation,
  RequestBodyLogoUploadMutation,
  UpdateBodyMailSettingsMutation,
} from '../operations.ts';
import { sendToStorage } from '../documents/upload.ts';
import { useConsoleBodies } from '../use-console-bodies.ts';

const m = messages.secretariat.settings;

type MailSettings = { mailSenderName: string; defaultMailSenderName: string; mailReplyTo?: string | null };

/** The form's values: a sender name equal to the default is shown blank (it follows the body's name). */
const formOf = (settings: MailSettings) => ({
  senderName: settings.mailSenderName === settings.defaultMailSenderName ? '' : settings.mailSenderName,
  replyTo: settings.mailReplyTo ?? '',
});

function MailSettingsForm({ bodyId, settings }: { bodyId: string; settings: MailSettings }) {
  const [form, setForm] = useState(() => formOf(settings));
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [save, saving] = useMutation(UpdateBodyMailSettingsMutation);
  const fields = useFieldErrors();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOutcome(null);
    if (!fields.check(event.currentTarget)) return;
    if (await succeeded(() => save({ variables: { bodyId, input: { senderName: form.senderName, replyTo: form.replyTo } } })))
      setOutcome({ ok: m.saved });
  };
  return (
    <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)} onInput={fields.onInput}>
      <Input
        label={m.senderName}
        hintText={m.senderNameHint(settings.defaultMailSenderName)}
        {...fields.field('senderName')}
        nativeInputProps={{
          name: 'senderName',
          maxLength: 120,
          value: form.senderName,
          onChange: (event) => setForm({ ...form, senderName: event.target.value }),
        }}
      />
      <Input
        label={m.replyTo}
        hintText={m.replyToHint}
        {...fields.field('replyTo')}
        nativeInputProps={{
          name: 'replyTo',
          type: 'email',
          autoComplete: 'email',
          maxLength: 254,
          value: form.replyTo,
          onChange: (event) => setForm({ ...form, replyTo: event.target.value }),
        }}
      />
      <p className="fr-text--sm">{m.preview(form.senderName.trim() || settings.defaultMailSenderName)}</p>
      <OutcomeMessage outcome={outcome} />
      {saving.error && <GraphqlError error={saving.error} />}
      <Button type="submit" disabled={saving.loading}>
        {m.save}
      </Button>
    </form>
  );
}

/** The body's logo, through the image pipeline (its admins): shown in the header beside its name. */
function LogoForm({ bodyId, name, logoUrl }: { bodyId: string; name: string; logoUrl: string | null | undefined }) {
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [requestUpload] = useMutation(RequestBodyLogoUploadMutation);
  // The answer updates the body in the cache: the header shows the new logo at once.
  const [completeUpload] = useMutation(CompleteBodyLogoUploadMutation);
  const fields = useFieldErrors();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOutcome(null);
    if (!fields.check(event.currentTarget) || !file) return;
    setBusy(true);
    try {
      const ticket = (await requestUpload({ variables: { bodyId, contentType: file.type, sizeBytes: file.size } })).data
        ?.requestBodyLogoUpload;
      if (!ticket?.url) return;
      await sendToStorage({ url: ticket.url, fields: ticket.fields, maxBytes: ticket.maxBytes }, file, () => undefined);
      await completeUpload({ variables: { bodyId, uploadId: ticket.uploadId } });
      setOutcome({ ok: m.logoSaved });
    } catch (error) {
      setOutcome({ error: userError(error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)} onInput={fields.onInput}>
      {logoUrl ? <img src={logoUrl} alt={m.currentLogo(name)} className="cartable-settings__logo" /> : <p>{m.noLogo}</p>}
      <Input
        label={m.logoFile}
        hintText={m.logoHint}
        {...fields.field('logo')}
        nativeInputProps={{
          name: 'logo',
          type: 'file',
          required: true,
          accept: 'image/png,image/jpeg,image/webp',
          onChange: (event) => setFile(event.target.files?.[0] ?? null),
        }}
      />
      <OutcomeMessage outcome={outcome} />
      <Button type="submit" disabled={busy}>
        {m.logoSave}
      </Button>
    </form>
  );
}

/** `/secretariat/:slug/parametres`: how the body's emails present themselves (sender name, Reply-To). */
export function SettingsPage() {
  const { body } = useBodyConsole();
  const administrator = useConsoleBodies().bodies.some((candidate) => candidate.slug === body.slug && candidate.administrator);
  const { data, error, refetch } = useQuery(BodyMailSettingsQuery, { variables: { slug: body.slug }, fetchPolicy: 'cache-and-network' });
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  return (
    <>
      <h1>{m.title}</h1>
      <section aria-labelledby="settings-mail-heading">
        <h2 id="settings-mail-heading" className="fr-h4">
          {m.mailTitle}
        </h2>
        <p>{m.mailIntro}</p>
        <MailSettingsForm key={data.body.id} bodyId={data.body.id} settings={data.body} />
      </section>
      {administrator && (
        <section aria-labelledby="settings-logo-heading" className="fr-mt-4w">
          <h2 id="settings-logo-heading" className="fr-h4">
            {m.logoTitle}
          </h2>
          <p>{m.logoIntro}</p>
          <LogoForm bodyId={data.body.id} name={data.body.name} logoUrl={data.body.logoUrl} />
        </section>
      )}
    </>
  );
}
