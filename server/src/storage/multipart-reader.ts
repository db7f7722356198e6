/**
 * A streaming multipart/form-data reader (RFC 7578) for uploads: parts are read one after the other,
 * a part's body is yielded chunk by chunk as it arrives, and nothing but the current chunk and a
 * delimiter's length of look-behind is held in memory. Pulling drives the source, so a slow consumer
 * (a file being written) applies backpressure to the socket.
 */

export interface PartHeaders {
  /** The form field's name (Content-Disposition `name`). */
  name: string;
  /** Content-Disposition `filename`, for file parts. */
  fileName: string | null;
  contentType: string | null;
}

export class MalformedMultipartError extends Error {
  constructor(message: string) {
    super(`malformed multipart body: ${message}`);
    this.name = 'MalformedMultipartError';
  }
}

const maxHeaderBytes = 16 * 1024;
const crlf = Buffer.from('\r\n');
const headersEnd = Buffer.from('\r\n\r\n');
const empty = Buffer.alloc(0);

/** The boundary of a `multipart/form-data` Content-Type header, or null when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
  const match = /^multipart\/form-data\s*;(?:.*;)?\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(
    contentType ?? '',
  );
  return match ? (match[1] ?? match[2] ?? null) : null;
}

export class MultipartReader {
  private readonly delimiter: Buffer;
  private readonly chunks: AsyncIterator<Buffer | string>;
  /** Bytes read from the source and not consumed yet. */
  private buffer: Buffer;
  private sourceEnded = false;
  private closed = false;

  constructor(source: AsyncIterable<Buffer | string>, boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
    // The first delimiter has no CRLF before it: start with one so that every delimiter looks alike.
    this.buffer = crlf;
    this.chunks = source[Symbol.asyncIterator]();
  }

  /**
   * Moves to the next part, discarding the unread rest of the current one, and returns its headers;
   * null after the closing delimiter.
   */
  async nextPart(): Promise<PartHeaders | null> {
    if (this.closed) return null;
    let index: number;
    while ((index = this.buffer.indexOf(this.delimiter)) === -1) {
      this.buffer = this.buffer.subarray(this.partialDelimiterStart());
      await this.fillOrFail('no boundary');
    }
    this.buffer = this.buffer.subarray(index + this.delimiter.length);
    while (this.buffer.length < 2) await this.fillOrFail('truncated boundary');
    if (this.buffer[0] === 0x2d && this.buffer[1] === 0x2d) {
      this.closed = true; // "--": the closing delimiter; the epilogue is ignored
      return null;
    }
    // The boundary line's CRLF, then header lines, then an empty line: search "\r\n\r\n" from the
    // boundary line's end so that a part without headers is found too.
    let end: number;
    while ((end = this.buffer.indexOf(headersEnd)) === -1) {
      if (this.buffer.length > maxHeaderBytes) throw new MalformedMultipartError('part headers too long');
      await this.fillOrFail('truncated part headers');
    }
    const [padding = '', ...lines] = this.buffer
      .subarray(0, end + 2)
      .toString('utf8')
      .split('\r\n');
    this.buffer = this.buffer.subarray(end + headersEnd.length);
    if (!/^[ \t]*$/.test(padding)) throw new MalformedMultipartError('garbage after boundary');
    return parseHeaders(lines.slice(0, -1));
  }

  /** The current part's body, chunk by chunk; ends at the next delimiter. */
  async *body(): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const index = this.buffer.indexOf(this.delimiter);
      if (index !== -1) {
        const chunk = this.buffer.subarray(0, index);
        this.buffer = this.buffer.subarray(index);
        if (chunk.length > 0) yield chunk;
        return;
      }
      // Everything but a possible start of the delimiter at the end is body.
      const safe = this.partialDelimiterStart();
      if (safe > 0) {
        const chunk = this.buffer.subarray(0, safe);
        this.buffer = this.buffer.subarray(safe);
        yield chunk;
      }
      await this.fillOrFail('truncated part body');
    }
  }

  /** The current part's body as UTF-8 text, refused beyond `maxBytes`. */
  async text(maxBytes: number): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.body()) {
      size += chunk.length;
      if (size > maxBytes) throw new MalformedMultipartError(`field longer than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Reads the source to its end, discarding it (so that an HTTP response can follow the request). */
  async drain(): Promise<void> {
    this.buffer = empty;
    this.closed = true;
    while (await this.fill()) this.buffer = empty;
  }

  /**
   * Where the buffer's longest suffix that is a proper prefix of the delimiter starts (the buffer's
   * length when none is): only those bytes must wait for more input. Usually none, so that the next
   * chunk is used as is, not copied onto a leftover.
   */
  private partialDelimiterStart(): number {
    const { buffer, delimiter } = this;
    for (let at = Math.max(0, buffer.length - delimiter.length + 1); ; at++) {
      at = buffer.indexOf(delimiter[0]!, at);
      if (at === -1) return buffer.length;
      if (buffer.subarray(at).equals(delimiter.subarray(0, buffer.length - at))) return at;
    }
  }

  private async fillOrFail(what: string): Promise<void> {
    if (!(await this.fill())) throw new MalformedMultipartError(what);
  }

  private async fill(): Promise<boolean> {
    if (this.sourceEnded) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.sourceEnded = true;
      return false;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    return true;
  }
}

function parseHeaders(lines: string[]): PartHeaders {
  let disposition: string | null = null;
  let contentType: string | null = null;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MalformedMultipartError('bad part header line');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw new MalformedMultipartError('part without Content-Disposition: form-data');
  }
  const parameters = new Map<string, string>();
  for (const [, key = '', quoted, bare] of disposition.matchAll(
    /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))/g,
  )) {
    parameters.set(key.toLowerCase(), quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? ''));
  }
  const name = parameters.get('name');
  if (!name) throw new MalformedMultipartError('part without a name');
  return { name, fileName: parameters.get('filename') ?? null, contentType };
}
