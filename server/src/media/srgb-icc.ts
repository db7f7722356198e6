/**
 * A small ICC v2 display profile of sRGB (D50-adapted primaries, gamma 2.2), built in code: the output
 * intent PDF/A asks for when a document paints in DeviceRGB or DeviceGray, without shipping a file.
 */
export function srgbIccProfile(): Buffer {
  const s15 = (value: number) => Math.round(value * 65536);
  const xyz = (x: number, y: number, z: number) => {
    const data = Buffer.alloc(20);
    data.write('XYZ ', 0, 'latin1');
    data.writeInt32BE(s15(x), 8);
    data.writeInt32BE(s15(y), 12);
    data.writeInt32BE(s15(z), 16);
    return data;
  };
  const description = 'sRGB (Cartable)';
  const desc = Buffer.alloc(12 + description.length + 1 + 12 + 67);
  desc.write('desc', 0, 'latin1');
  desc.writeUInt32BE(description.length + 1, 8);
  desc.write(description, 12, 'latin1');
  const copyright = 'No copyright, use freely';
  const cprt = Buffer.alloc(8 + copyright.length + 1);
  cprt.write('text', 0, 'latin1');
  cprt.write(copyright, 8, 'latin1');
  const curve = Buffer.alloc(14);
  curve.write('curv', 0, 'latin1');
  curve.writeUInt32BE(1, 8);
  curve.writeUInt16BE(Math.round(2.2 * 256), 12);

  const tags: [string, Buffer][] = [
    ['desc', desc],
    ['cprt', cprt],
    ['wtpt', xyz(0.9642, 1, 0.8249)],
    ['rXYZ', xyz(0.4361, 0.2225, 0.0139)],
    ['gXYZ', xyz(0.3851, 0.7169, 0.0971)],
    ['bXYZ', xyz(0.1431, 0.0606, 0.7141)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  const pad = (length: number) => (length + 3) & ~3;
  let offset = 128 + 4 + tags.length * 12;
  const table = Buffer.alloc(4 + tags.length * 12);
  table.writeUInt32BE(tags.length, 0);
  const chunks: Buffer[] = [];
  const placed = new Map<Buffer, number>();
  tags.forEach(([signature, data], index) => {
    let at = placed.get(data);
    if (at === undefined) {
      at = offset;
      placed.set(data, at);
      chunks.push(data, Buffer.alloc(pad(data.length) - data.length));
      offset += pad(data.length);
    }
    table.write(signature, 4 + index * 12, 'latin1');
    table.writeUInt32BE(at, 8 + index * 12);
    table.writeUInt32BE(data.length, 12 + index * 12);
  });
  const header = Buffer.alloc(128);
  header.writeUInt32BE(offset, 0);
  header.writeUInt32BE(0x02100000, 8);
  header.write('mntrRGB XYZ ', 12, 'latin1');
  [2026, 1, 1, 0, 0, 0].forEach((value, index) => header.writeUInt16BE(value, 24 + index * 2));
  header.write('acsp', 36, 'latin1');
  header.writeInt32BE(s15(0.9642), 68);
  header.writeInt32BE(s15(1), 72);
  header.writeInt32BE(s15(0.8249), 76);
  return Buffer.concat([header, table, ...chunks]);
}
