import { createHash, randomFillSync } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, writeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createDeflate } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';

/*
 * PDFs that pdf-lib cannot produce: a password-protected one, and a very large one written as a
 * stream (pdf-lib builds the whole file in memory).
 */

/** Assembles a classic PDF (header, numbered objects, xref table, trailer) from object bodies. */
function assemble(objects: Buffer[], trailerExtra = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n'];
  for (const at of offsets) xref.push(`${String(at).padStart(10, '0')} 00000 n \n`);
  parts.push(
    Buffer.from(
      `${xref.join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${offset}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** RC4, which the PDF standard security handler (revision 2) uses; OpenSSL 3 no longer offers it. */
function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();

const PASSWORD_PADDING = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const pad = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PADDING]).subarray(0, 32);

/**
 * A genuinely password-protected one-page PDF (standard security handler, RC4 40 bits, PDF 1.4
 * algorithms 2 to 4): the page's text, "Document confidentiel du bureau municipal", is encrypted and
 * can only be read with `userPassword`. With another `handler` (e.g. Adobe.PubSec, certificates), the
 * encryption dictionary names a security handler that readers may not support.
 */
export function createEncryptedPdf(userPassword = 'secret', ownerPassword = 'proprietaire', handler = 'Standard'): Buffer {
  const permissions = -44; // print and copy refused; 32-bit two's complement
  const fileId = Buffer.from('8f2b6c1d0e4a5b3c9d7e6f5a4b3c2d1e', 'hex');
  // Algorithm 3: /O, the padded user password encrypted with a key derived from the owner password.
  const owner = rc4(md5(pad(ownerPassword)).subarray(0, 5), pad(userPassword));
  // Algorithm 2: the file key.
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const fileKey = md5(pad(userPassword), owner, p, fileId).subarray(0, 5);
  // Algorithm 4: /U, the padding string encrypted with the file key.
  const user = rc4(fileKey, PASSWORD_PADDING);
  // Algorithm 1: each string and stream is encrypted with a key derived from its object number.
  const objectKey = (num: number) => {
    const suffix = Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, 0, 0]);
    return md5(fileKey, suffix).subarray(0, 10);
  };
  const content = rc4(objectKey(4), Buffer.from('BT /F1 18 Tf 72 720 Td (Document confidentiel du bureau municipal) Tj ET'));
  return assemble(
    [
      Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
      Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
      Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' + '/Resources << /Font << /F1 5 0 R >> >> >>'),
      Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
      Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
      Buffer.from(`<< /Filter /${handler} /V 1 /R 2 /O <${owner.toString('hex')}> /U <${user.toString('hex')}> /P ${permissions} >>`),
    ],
    `/Encrypt 6 0 R /ID [<${fileId.toString('hex')}> <${fileId.toString('hex')}>] `,
  );
}

/** A well-formed PDF whose page tree is empty (pdf-lib adds a blank page unless told not to). */
export async function createZeroPagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  return doc.save({ addDefaultPage: false });
}

/**
 * Writes a large PDF as a stream, the way a scanner would: each page holds a text line and a
 * full-page greyscale image of random noise (stored uncompressed, hence incompressible and exactly
 * `imageBytes` long). Memory stays flat whatever the size. Returns the file size.
 */
export function writeLargePdf(filePath: string, options: { pages: number; imageBytes: number }): number {
  const { pages } = options;
  const side = Math.ceil(Math.sqrt(options.imageBytes));
  const imageLength = side * side;
  const fd = openSync(filePath, 'w');
  let offset = 0;
  const offsets: number[] = [];
  const write = (data: Buffer | string) => {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    let written = 0;
    while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written);
    offset += buffer.length;
  };
  const object = (num: number, body: string | Buffer[]) => {
    offsets[num] = offset;
    write(`${num} 0 obj\n`);
    if (typeof body === 'string') write(body);
    else body.forEach(write);
    write('\nendobj\n');
  };
  // Object numbers: 1 catalog, 2 page tree, 3 font, then page i (0-based) = 4 + 3i, its content 5 + 3i,
  // its image 6 + 3i.
  const pageRef = (i: number) => 4 + 3 * i;
  const noise = Buffer.allocUnsafe(imageLength);
  try {
    write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
    object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    const kids = Array.from({ length: pages }, (_, i) => `${pageRef(i)} 0 R`).join(' ');
    object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
    object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    for (let i = 0; i < pages; i++) {
      const num = pageRef(i);
      object(
        num,
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${num + 1} 0 R ` +
          `/Resources << /Font << /F1 3 0 R >> /XObject << /Im0 ${num + 2} 0 R >> >> >>`,
      );
      // WinAnsi is Latin-1 for these letters: the accents are written as single bytes.
      const text = `BT /F1 16 Tf 56 790 Td (Délibération n° ${i + 1} : pièce annexée, numérisée) Tj ET\n`;
      const content = `q 483 0 0 640 56 100 cm /Im0 Do Q\n${text}`;
      object(num + 1, `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
      randomFillSync(noise);
      object(num + 2, [
        Buffer.from(
          `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray ` +
            `/BitsPerComponent 8 /Length ${imageLength} >>\nstream\n`,
          'latin1',
        ),
        noise,
        Buffer.from('\nendstream', 'latin1'),
      ]);
    }
    const count = 3 + 3 * pages;
    const xrefAt = offset;
    write(`xref\n0 ${count + 1}\n0000000000 65535 f \n`);
    let table = '';
    for (let num = 1; num <= count; num++) {
      table += `${String(offsets[num]).padStart(10, '0')} 00000 n \n`;
      if (table.length > 1 << 16) {
        write(table);
        table = '';
      }
    }
    write(table);
    write(`trailer\n<< /Size ${count + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  } finally {
    closeSync(fd);
  }
  return offset;
}

/**
 * Writes a one-page PDF whose content stream is `data` under `filter` (e.g. `/FlateDecode`), streamed to
 * the file: the stream's /Length is an indirect object written after it, so that a stream of any size
 * needs no buffering. Returns the file size.
 */
export async function writeStreamPdf(filePath: string, filter: string, data: AsyncIterable<Buffer>): Promise<number> {
  const out = createWriteStream(filePath);
  let offset = 0;
  const offsets: number[] = [];
  const write = async (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    offset += buffer.length;
    if (!out.write(buffer)) await once(out, 'drain');
  };
  const object = async (num: number, body: string) => {
    offsets[num] = offset;
    await write(`${num} 0 obj\n${body}\nendobj\n`);
  };
  await write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  await object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  await object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  await object(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>');
  offsets[4] = offset;
  await write(`4 0 obj\n<< /Length 5 0 R /Filter ${filter} >>\nstream\n`);
  let length = 0;
  for await (const chunk of data) {
    length += chunk.length;
    await write(chunk);
  }
  await write('\nendstream\nendobj\n');
  await object(5, String(length));
  const xrefAt = offset;
  const table = [1, 2, 3, 4, 5].map((num) => `${String(offsets[num]).padStart(10, '0')} 00000 n \n`).join('');
  await write(`xref\n0 6\n0000000000 65535 f \n${table}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  out.end();
  await finished(out);
  return offset;
}

/** `bytes` zeros deflated (zlib), streamed: the compressed chunks, never the zeros at once. */
export async function* deflatedZeros(bytes: number, level = 9): AsyncGenerator<Buffer> {
  const zeros = Buffer.alloc(1024 * 1024);
  const deflater = createDeflate({ level });
  const source = Readable.from(
    (function* () {
      for (let left = bytes; left > 0; left -= zeros.length) yield left >= zeros.length ? zeros : zeros.subarray(0, left);
    })(),
  );
  source.pipe(deflater);
  for await (const chunk of deflater) yield chunk as Buffer;
}
