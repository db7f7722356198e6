import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/secretariat/messages.ts';
import { UploadError } from '../../src/secretariat/documents/upload.ts';
import { userError, UserFacingError } from '../../src/ui/error-message.ts';

const refusal = new CombinedGraphQLErrors({ errors: [{ message: 'Cette séance est déjà convoquée.', extensions: { code: 'CONFLICT' } }] });

describe('userError: what a failure says to the user, in French', () => {
  it('tells a fetch that never got an answer as the offline state, never « Failed to fetch »', () => {
    const failure = userError(new TypeError('Failed to fetch'));
    expect(failure).toEqual({ kind: 'offline', code: undefined, message: messages.app.offline });
    expect(failure.message).not.toMatch(/fetch/i);
  });

  it('uses the screen’s own offline state when it has one', () => {
    expect(userError(new TypeError('NetworkError when attempting to fetch resource.'), messages.profile.offline).message).toBe(
      messages.profile.offline,
    );
  });

  it('tells any failure as offline while the browser is offline', () => {
    expect(userError(new Error('socket hang up'), messages.meeting.notAvailableOffline, false)).toMatchObject({
      kind: 'offline',
      message: messages.meeting.notAvailableOffline,
    });
  });

  it('keeps the server’s French message and code of a GraphQL error, even offline', () => {
    expect(userError(refusal, undefined, false)).toEqual({ kind: 'server', code: 'CONFLICT', message: 'Cette séance est déjà convoquée.' });
  });

  it('keeps the French message of an error the app raised for users', () => {
    expect(userError(new UserFacingError('Le navigateur ne répond pas.'))).toMatchObject({
      kind: 'server',
      message: 'Le navigateur ne répond pas.',
    });
    expect(userError(new UploadError('NOT_PDF', messages.secretariat.upload.notPdf)).message).toBe(messages.secretariat.upload.notPdf);
  });

  it('hides anything else behind a generic French sentence', () => {
    const serverError = new ServerError('Response not successful: Received status code 502', {
      response: new Response('Bad Gateway', { status: 502 }),
      bodyText: 'Bad Gateway',
    });
    for (const error of [new Error('Unexpected token < in JSON'), serverError, 'boom', undefined]) {
      expect(userError(error, undefined, true)).toEqual({ kind: 'generic', code: undefined, message: messages.app.error });
    }
    expect(messages.app.error).not.toMatch(/[A-Za-z]+Error|status code|fetch/);
  });
});
