import { BadUserInputError } from '../common/errors.js';

/**
 * Why an uploaded PDF was refused. Stable: clients and logs switch on it (extension `reason`, next to the
 * code BAD_USER_INPUT), never on the message.
 */
export type PdfRejectionReason = 'NOT_A_PDF' | 'ENCRYPTED_PDF' | 'CORRUPT_PDF' | 'EMPTY_PDF' | 'PDF_TOO_COMPLEX';

/** Why an uploaded image was refused (same contract as PdfRejectionReason). */
export type ImageRejectionReason = 'NOT_AN_IMAGE' | 'IMAGE_TOO_LARGE';

const PDF_MESSAGES: Record<PdfRejectionReason, string> = {
  NOT_A_PDF: 'Le fichier n’est pas un document PDF.',
  ENCRYPTED_PDF: 'Le document est protégé par un mot de passe : enregistrez-en une copie sans protection, puis déposez-la de nouveau.',
  CORRUPT_PDF: 'Le document PDF est endommagé ou illisible. Vérifiez qu’il s’ouvre correctement, puis déposez-le de nouveau.',
  EMPTY_PDF: 'Le document PDF ne contient aucune page.',
  PDF_TOO_COMPLEX:
    'Le document PDF est trop complexe pour être analysé (durée, mémoire ou volume une fois décompressé). Essayez d’en déposer une version allégée.',
};

const IMAGE_MESSAGES: Record<ImageRejectionReason, string> = {
  NOT_AN_IMAGE: 'Le fichier n’est pas une image prise en charge : seuls les formats JPEG, PNG et WebP sont acceptés.',
  IMAGE_TOO_LARGE: 'L’image est trop grande : elle ne doit pas dépasser 40 millions de pixels.',
};

/** A PDF the user supplied cannot be used. `detail` is for logs only (never sent to the client). */
export class PdfRejectedError extends BadUserInputError {
  readonly reason: PdfRejectionReason;
  readonly detail: string | undefined;

  constructor(reason: PdfRejectionReason, detail?: string) {
    super(PDF_MESSAGES[reason], { reason });
    this.name = 'PdfRejectedError';
    this.reason = reason;
    this.detail = detail;
  }
}

/** An image the user supplied cannot be used. `detail` is for logs only (never sent to the client). */
export class ImageRejectedError extends BadUserInputError {
  readonly reason: ImageRejectionReason;
  readonly detail: string | undefined;

  constructor(reason: ImageRejectionReason, detail?: string) {
    super(IMAGE_MESSAGES[reason], { reason });
    this.name = 'ImageRejectedError';
    this.reason = reason;
    this.detail = detail;
  }
}
