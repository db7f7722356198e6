import { describe, expect, it } from 'vitest';
import { checkFile, storageRefusal, UploadError } from '../../../src/secretariat/documents/upload.ts';

const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

describe('the storage’s refusals, in French', () => {
  it('types the refusals of S3 and of the local storage', () => {
    const tooLarge = storageRefusal(400, s3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'));
    expect(tooLarge).toBeInstanceOf(UploadError);
    expect(tooLarge.failure).toBe('TOO_LARGE');
    expect(tooLarge.message).toBe('Le fichier dépasse la taille maximale autorisée.');
    expect(storageRefusal(403, s3Error('AccessDenied', 'Invalid according to Policy: Policy expired.')).failure).toBe('EXPIRED');
    expect(storageRefusal(403, s3Error('AccessDenied', 'Politique d’envoi expirée : demandez un nouveau lien d’envoi.')).failure).toBe(
      'EXPIRED',
    );
    expect(storageRefusal(403, s3Error('AccessDenied', 'Invalid according to Policy: Policy Condition failed')).failure).toBe('REFUSED');
    expect(storageRefusal(400, s3Error('EntityTooSmall', 'Le fichier est vide.')).failure).toBe('EMPTY');
  });

  it('names what it does not know, an HTML error page included', () => {
    expect(storageRefusal(400, s3Error('MalformedPOSTRequest', 'x')).message).toBe(
      'Le stockage a refusé le fichier (MalformedPOSTRequest) : relancez l’envoi.',
    );
    expect(storageRefusal(502, '<html>Bad Gateway</html>').message).toBe('Le stockage a refusé le fichier (HTTP 502) : relancez l’envoi.');
  });
});

describe('what the browser checks before the upload', () => {
  it('wants a non-empty PDF within the limit', () => {
    expect(checkFile({ name: 'rapport.pdf', type: 'application/pdf', size: 10 })).toBeNull();
    expect(checkFile({ name: 'rapport.PDF', type: '', size: 10 })).toBeNull();
    expect(
      checkFile({ name: 'rapport.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 10 })
        ?.message,
    ).toBe('Seuls les documents PDF sont acceptés.');
    expect(checkFile({ name: 'vide.pdf', type: 'application/pdf', size: 0 })?.failure).toBe('EMPTY');
    expect(checkFile({ name: 'gros.pdf', type: 'application/pdf', size: 11 }, 10)?.failure).toBe('TOO_LARGE');
  });
});
