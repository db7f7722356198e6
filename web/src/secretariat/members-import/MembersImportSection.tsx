import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useState } from 'react';
import type { PreviewMembersImportMutation as Preview } from '../../graphql/generated/secretariat/graphql.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { messages } from '../messages.ts';
import { ImportMembersMutation, PreviewMembersImportMutation } from './operations.ts';

const m = messages.secretariat.membersImport;
const seatRole = messages.secretariat.assemblies.role;

/**
 * CSV import of officials: the file is checked line by line (nothing written), each line shown with its
 * French errors; the import, all lines or none, is offered once no line has one.
 */
export function MembersImportSection({ bodyId, onImported }: { bodyId: string; onImported: (message: string) => void }) {
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview['previewMembersImport'] | null>(null);
  const [check, checked] = useMutation(PreviewMembersImportMutation);
  const [run, ran] = useMutation(ImportMembersMutation);

  const checkFile = async () => {
    if (csv === null) return;
    setPreview(null);
    try {
      setPreview((await check({ variables: { bodyId, csv } })).data!.previewMembersImport);
    } catch {
      // Shown from the mutation's state.
    }
  };
  const confirm = async () => {
    if (csv === null) return;
    try {
      const result = (await run({ variables: { bodyId, csv } })).data!.importMembers;
      setPreview(null);
      setCsv(null);
      onImported(m.imported(result.imported, result.groupsCreated.length));
    } catch {
      // Shown from the mutation's state.
    }
  };

  return (
    <section aria-labelledby="members-import-heading" className="fr-mt-6w">
      <h2 id="members-import-heading">{m.title}</h2>
      <p className="fr-text--sm">{m.intro}</p>
      <Upload
        label={m.file}
        hint={m.fileHint}
        nativeInputProps={{
          accept: '.csv,text/csv',
          onChange: (event) => {
            const file = event.target.files?.[0];
            setPreview(null);
            // Read as UTF-8 (the RNE's published files are): the server checks the text it receives.
            if (file) void file.text().then(setCsv);
            else setCsv(null);
          },
        }}
      />
      <Button className="fr-mt-2w" priority="secondary" disabled={csv === null || checked.loading} onClick={() => void checkFile()}>
        {m.check}
      </Button>
      {checked.error && !preview && <GraphqlError error={checked.error} />}
      {preview && (
        <>
          <p role="status" className="fr-mt-2w">
            <strong>{m.format[preview.format]}</strong> — {m.summary(preview.lines.length, preview.linesWithErrors)}
            {preview.newGroups.length > 0 && <> {m.newGroups(preview.newGroups.join(', '))}</>}
          </p>
          <StackedTable
            caption={m.caption}
            headers={[m.columns.line, m.columns.person, m.columns.group, m.columns.seat, m.columns.status]}
            data={preview.lines.map((line) => [
              <span key="line">
                {line.line} {line.mergedLines.length > 0 && m.merged(line.mergedLines.join(', '))}
              </span>,
              <span key="person">
                {line.givenName} {line.familyName}
                <br />
                <span className="fr-text--xs">{line.email}</span>
              </span>,
              line.groupName ?? '—',
              line.assemblyName ? `${line.assemblyName} (${seatRole[line.role]})` : '—',
              line.errors.length === 0 ? (
                <span key="status">{m.ok}</span>
              ) : (
                <ul key="status" className="cartable-import-errors fr-error-text fr-mt-0">
                  {line.errors.map((error) => (
                    <li key={error}>{error}</li>
                  ))}
                </ul>
              ),
            ])}
          />
          {ran.error && <GraphqlError error={ran.error} />}
          {preview.linesWithErrors === 0 && (
            <Button iconId="fr-icon-upload-line" disabled={ran.loading} onClick={() => void confirm()}>
              {m.confirm(preview.lines.length)}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
