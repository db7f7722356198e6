import { getDocument, GlobalWorkerOptions, PDFDataRangeTransport, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** pdf.js asks for the bytes it needs, by chunks of this size: page 1 needs a few, not the whole file. */
const chunkSize = 64 * 1024;

/** Reads bytes [begin, end) of a document, from the network or from the offline copy. */
export type ByteReader = (begin: number, end: number) => Promise<Uint8Array>;

/** From a Blob kept in IndexedDB (offline copy). */
export const blobReader =
  (blob: Blob): ByteReader =>
  async (begin, end) =>
    new Uint8Array(await blob.slice(begin, end).arrayBuffer());

/**
 * From the storage's download URL, with Range requests. The URL expires after a few minutes while the
 * reader may stay open for an hour: on a refusal, `freshUrl` asks the API for a new one, once.
 */
export function networkReader(initialUrl: string, freshUrl: () => Promise<string>): ByteReader {
  let url = initialUrl;
  const fetchRange = (begin: number, end: number) => fetch(url, { headers: { range: `bytes=${begin}-${end - 1}` }, credentials: 'omit' });
  return async (begin, end) => {
    let response = await fetchRange(begin, end);
    if (response.status === 403 || response.status === 401 || response.status === 410) {
      url = await freshUrl();
      response = await fetchRange(begin, end);
    }
    if (response.status !== 206 && response.status !== 200) throw new Error(`HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A server that ignores Range sends the whole file: keep the part asked for.
    return response.status === 200 ? bytes.subarray(begin, end) : bytes;
  };
}

class RangeTransport extends PDFDataRangeTransport {
  constructor(
    length: number,
    initialData: Uint8Array,
    private readonly read: ByteReader,
    private readonly onError: (error: unknown) => void,
  ) {
    super(length, initialData);
  }

  override requestDataRange(begin: number, end: number): void {
    this.read(begin, end).then(
      (chunk) => this.onDataRange(begin, chunk),
      (error: unknown) => this.onError(error),
    );
  }
}

/**
 * Opens a PDF progressively: only the first chunk is read before pdf.js starts, then the ranges each
 * page needs, on demand (no prefetch of the rest), so a 300-page file shows its first page at once.
 */
export async function openPdf(sizeBytes: number, read: ByteReader, onError: (error: unknown) => void): Promise<PDFDocumentLoadingTask> {
  const initialData = await read(0, Math.min(chunkSize, sizeBytes));
  const transport = new RangeTransport(sizeBytes, initialData, read, onError);
  return getDocument({
    range: transport,
    rangeChunkSize: chunkSize,
    disableAutoFetch: true,
    disableStream: true,
    enableXfa: false,
  });
}
