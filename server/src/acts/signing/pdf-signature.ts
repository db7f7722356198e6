import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFRef, PDFString } from 'pdf-lib';
import { SignPdf, Signer } from '@signpdf/signpdf';
import { DEFAULT_BYTE_RANGE_PLACEHOLDER, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

/** Bytes reserved for each CMS signature (hex-encoded twice as long): room for RSA chains and a qualified TSA's token. */
export const SIGNATURE_RESERVED_BYTES = 16_384;

export interface SignatureAppearance {
  /** Name of the signature field, unique in the document (e.g. « Signature 1 — Président »). */
  fieldName: string;
  /** The signer's name as written in the signature dictionary. */
  name: string;
  reason: string;
  location: string;
  signingTime: Date;
}

/** Produces the CMS signature (DER) of the bytes covered by the /ByteRange. */
export type CmsSigner = (signedBytes: Buffer) => Promise<Buffer>;

class CallbackSigner extends Signer {
  constructor(private readonly cms: CmsSigner) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return this.cms(pdfBuffer);
  }
}

/**
 * Signs a PDF in an incremental update (ISO 32000-1 §7.5.6): every byte of `pdf`, earlier signatures
 * included, is kept as it is, and a new section is appended with an invisible signature field on the
 * last page, its /Sig dictionary (SubFilter ETSI.CAdES.detached, as PAdES wants), the page's and the
 * AcroForm's updated dictionaries and a classic cross-reference section pointing back (/Prev) to the
 * previous one. @signpdf/signpdf then fills the /ByteRange and writes the CMS from `cms` into /Contents.
 * pdf-lib only reads the document here: it never re-saves it, which would break earlier signatures.
 */
export async function signPdfIncrementally(pdf: Buffer, appearance: SignatureAppearance, cms: CmsSigner): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const context = document.context;
  const rootRef = context.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef)) throw new TypeError('The PDF trailer has no indirect /Root');
  const pages = document.getPages();
  const page = pages[pages.length - 1];
  if (!page) throw new TypeError('The PDF has no page');

  const updated = new Map<number, string>();
  let next = context.largestObjectNumber + 1;
  const sigRef = PDFRef.of(next++);
  const widgetRef = PDFRef.of(next++);

  updated.set(
    sigRef.objectNumber,
    [
      '<<',
      '/Type /Sig',
      '/Filter /Adobe.PPKLite',
      `/SubFilter /${SUBFILTER_ETSI_CADES_DETACHED}`,
      // @signpdf/signpdf looks for this placeholder, then for the /Contents after it.
      `/ByteRange [0 /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER}]`,
      `/Contents <${'0'.repeat(SIGNATURE_RESERVED_BYTES * 2)}>`,
      `/Name ${PDFHexString.fromText(appearance.name).toString()}`,
      `/Reason ${PDFHexString.fromText(appearance.reason).toString()}`,
      `/Location ${PDFHexString.fromText(appearance.location).toString()}`,
      `/M ${PDFString.fromDate(appearance.signingTime).toString()}`,
      '>>',
    ].join('\n'),
  );
  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFHexString.fromText(appearance.fieldName),
    V: sigRef,
    F: 132, // print + locked
    Rect: [0, 0, 0, 0],
    P: page.ref,
  });
  updated.set(widgetRef.objectNumber, widget.toString());

  // The page's /Annots, and the AcroForm's /Fields, each rewritten where it lives (inline or indirect).
  appendToArray(page.node, 'Annots', widgetRef, page.ref, updated, context.lookup.bind(context));
  const catalog = document.catalog;
  const acroFormEntry = catalog.get(PDFName.of('AcroForm'));
  let acroFormRef: PDFRef;
  if (acroFormEntry instanceof PDFRef) {
    acroFormRef = acroFormEntry;
  } else {
    const inline = acroFormEntry instanceof PDFDict ? acroFormEntry : context.obj({ Fields: [] });
    acroFormRef = PDFRef.of(next++);
    context.assign(acroFormRef, inline);
    catalog.set(PDFName.of('AcroForm'), acroFormRef);
    updated.set(rootRef.objectNumber, catalog.toString());
  }
  const acroForm = context.lookup(acroFormRef, PDFDict);
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3)); // signatures exist, append only
  appendToArray(acroForm, 'Fields', widgetRef, acroFormRef, updated, context.lookup.bind(context));

  const prepared = appendUpdate(pdf, updated, {
    size: Math.max(next, context.largestObjectNumber + 1),
    root: rootRef,
    info: context.trailerInfo.Info,
    id: context.trailerInfo.ID,
  });
  return new SignPdf().sign(prepared, new CallbackSigner(cms));
}

/** Appends `ref` to the array `key` of `owner` (whose own reference is `ownerRef`), recording what must be rewritten. */
function appendToArray(
  owner: PDFDict,
  key: string,
  ref: PDFRef,
  ownerRef: PDFRef,
  updated: Map<number, string>,
  lookup: (ref: PDFRef) => PDFObject | undefined,
) {
  const entry = owner.get(PDFName.of(key));
  if (entry instanceof PDFRef) {
    const array = lookup(entry);
    if (!(array instanceof PDFArray)) throw new TypeError(`/${key} does not refer to an array`);
    array.push(ref);
    updated.set(entry.objectNumber, array.toString());
    return;
  }
  const array = entry instanceof PDFArray ? entry : owner.context.obj([]);
  array.push(ref);
  owner.set(PDFName.of(key), array);
  updated.set(ownerRef.objectNumber, owner.toString());
}

/** The bytes of `pdf`, then the objects of `updated`, a cross-reference section for them and a trailer. */
function appendUpdate(
  pdf: Buffer,
  updated: Map<number, string>,
  trailer: { size: number; root: PDFRef; info: PDFObject | undefined; id: PDFObject | undefined },
): Buffer {
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.subarray(Math.max(0, pdf.length - 1024)).toString('latin1'));
  if (!startxref) throw new TypeError('The PDF does not end with startxref and %%EOF');
  const chunks: Buffer[] = [pdf, Buffer.from(pdf[pdf.length - 1] === 0x0a ? '' : '\n', 'latin1')];
  let offset = chunks[0]!.length + chunks[1]!.length;
  const offsets = new Map<number, number>();
  for (const [number, body] of [...updated].sort(([left], [right]) => left - right)) {
    const text = Buffer.from(`${number} 0 obj\n${body}\nendobj\n`, 'latin1');
    offsets.set(number, offset);
    chunks.push(text);
    offset += text.length;
  }
  const numbers = [...offsets.keys()];
  let xref = 'xref\n';
  for (let start = 0; start < numbers.length;) {
    let end = start;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end]! + 1) end += 1;
    xref += `${numbers[start]} ${end - start + 1}\n`;
    for (let index = start; index <= end; index += 1) xref += `${String(offsets.get(numbers[index]!)).padStart(10, '0')} 00000 n\r\n`;
    start = end + 1;
  }
  const entries = [`/Size ${trailer.size}`, `/Root ${trailer.root.toString()}`, `/Prev ${startxref[1]}`];
  if (trailer.info) entries.push(`/Info ${trailer.info.toString()}`);
  if (trailer.id) entries.push(`/ID ${trailer.id.toString()}`);
  chunks.push(Buffer.from(`${xref}trailer\n<<\n${entries.join('\n')}\n>>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}
