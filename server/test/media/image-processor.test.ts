import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageRejectedError, type ImageRejectionReason } from '../../src/media/errors.js';
import { encodeThumbnail, processImage } from '../../src/media/image-processor.js';
import { createTruncatedPng, createUniformPng } from './image-fixtures.js';

const RED = { r: 255, g: 0, b: 0 };
const BLUE = { r: 0, g: 0, b: 255 };

/** A JPEG stored `width` × `height`, left half red and right half blue, with an EXIF orientation. */
async function twoColourJpeg(width: number, height: number, orientation?: number): Promise<Buffer> {
  const half = await sharp({ create: { width: width / 2, height, channels: 3, background: BLUE } })
    .png()
    .toBuffer();
  const image = sharp({ create: { width, height, channels: 3, background: RED } })
    .composite([{ input: half, left: width / 2, top: 0 }])
    .jpeg({ quality: 95 });
  return (orientation ? image.withMetadata({ orientation }) : image).toBuffer();
}

async function pixel(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

async function expectRejection(promise: Promise<unknown>, reason: ImageRejectionReason): Promise<ImageRejectedError> {
  const error = await promise.then(
    () => expect.unreachable('the image should have been refused'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImageRejectedError);
  const rejected = error as ImageRejectedError;
  expect(rejected.reason).toBe(reason);
  expect(rejected.code).toBe('BAD_USER_INPUT');
  expect(rejected.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
  return rejected;
}

describe('processImage', () => {
  it('applies the EXIF orientation before resizing, and strips every metadata', async () => {
    const input = await twoColourJpeg(300, 200, 6);
    expect(await sharp(input).metadata()).toMatchObject({ width: 300, height: 200, orientation: 6 });

    const output = await processImage(input, 'thumbnail');
    expect(output).toMatchObject({ width: 200, height: 300, contentType: 'image/webp' });
    const metadata = await sharp(output.data).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 200, height: 300 });
    expect(metadata.orientation).toBeUndefined();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    // Orientation 6 turns the image a quarter clockwise: the red left half ends up on top.
    const [r1, , b1] = await pixel(output.data, 100, 40);
    const [r2, , b2] = await pixel(output.data, 100, 260);
    expect(r1).toBeGreaterThan(200);
    expect(b1).toBeLessThan(60);
    expect(r2).toBeLessThan(60);
    expect(b2).toBeGreaterThan(200);
  });

  it('drops EXIF data such as the camera and the location', async () => {
    const input = await sharp({ create: { width: 64, height: 64, channels: 3, background: RED } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Appareil', Copyright: 'Mairie' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 0/1 0/1' } })
      .toBuffer();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const output = await processImage(input, 'logo');
    expect((await sharp(output.data).metadata()).exif).toBeUndefined();
  });

  it('sizes each preset', async () => {
    const landscape = await twoColourJpeg(1600, 1000);
    expect(await processImage(landscape, 'logo')).toMatchObject({ width: 512, height: 320 });
    expect(await processImage(landscape, 'avatar')).toMatchObject({ width: 256, height: 256 });
    expect(await processImage(landscape, 'thumbnail')).toMatchObject({ width: 480, height: 300 });
    // Avatars are cropped from the centre of the oriented image.
    const portrait = await processImage(await twoColourJpeg(1200, 800, 6), 'avatar');
    expect(portrait).toMatchObject({ width: 256, height: 256 });
  });

  it('never enlarges, and keeps the transparency of logos', async () => {
    const logo = await sharp({ create: { width: 120, height: 80, channels: 4, background: { r: 0, g: 90, b: 160, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const output = await processImage(logo, 'logo');
    expect(output).toMatchObject({ width: 120, height: 80 });
    expect((await sharp(output.data).metadata()).hasAlpha).toBe(true);
    expect(await processImage(logo, 'thumbnail')).toMatchObject({ width: 120, height: 80 });
  });

  it('accepts WebP', async () => {
    const webp = await sharp({ create: { width: 900, height: 600, channels: 3, background: BLUE } })
      .webp()
      .toBuffer();
    expect(await processImage(webp, 'thumbnail')).toMatchObject({ width: 480, height: 320, contentType: 'image/webp' });
  });

  it('refuses a 20,000 × 20,000 PNG from its header, without decoding it', async () => {
    const png = await createUniformPng(20_000, 20_000);
    expect(png.length).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage.rss();
    const started = performance.now();
    const error = await expectRejection(processImage(png, 'logo'), 'IMAGE_TOO_LARGE');
    const elapsed = performance.now() - started;
    expect(error.message).toBe('L’image est trop grande : elle ne doit pas dépasser 40 millions de pixels.');
    // Decoding would take seconds and 400 MB (one byte per pixel).
    expect(elapsed).toBeLessThan(1_000);
    expect(process.memoryUsage.rss() - before).toBeLessThan(50 * 1024 * 1024);
    await expectRejection(encodeThumbnail(png), 'IMAGE_TOO_LARGE');
  }, 30_000);

  it('refuses a pixel bomb of a few kilobytes declaring 60,000 × 60,000 pixels', async () => {
    const bomb = createTruncatedPng(60_000, 60_000);
    expect(bomb.length).toBeLessThan(10_000);
    await expectRejection(processImage(bomb, 'avatar'), 'IMAGE_TOO_LARGE');
  });

  it('refuses what is not a JPEG, PNG or WebP image, whatever its name', async () => {
    const error = await expectRejection(processImage(Buffer.from('Compte rendu de la séance\n'), 'logo'), 'NOT_AN_IMAGE');
    expect(error.message).toBe('Le fichier n’est pas une image prise en charge : seuls les formats JPEG, PNG et WebP sont acceptés.');
    await expectRejection(processImage(Buffer.alloc(0), 'logo'), 'NOT_AN_IMAGE');
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: RED } })
      .gif()
      .toBuffer();
    await expectRejection(processImage(gif, 'logo'), 'NOT_AN_IMAGE');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    await expectRejection(processImage(svg, 'logo'), 'NOT_AN_IMAGE');
    const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: RED } })
      .tiff()
      .toBuffer();
    await expectRejection(processImage(tiff, 'avatar'), 'NOT_AN_IMAGE');
    // The right signature, then garbage.
    const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('pas vraiment une image')]);
    await expectRejection(processImage(fakeJpeg, 'thumbnail'), 'NOT_AN_IMAGE');
    await expectRejection(encodeThumbnail(Buffer.from('%PDF-1.7')), 'NOT_AN_IMAGE');
  });

  it('refuses a truncated image (decoding errors are not tolerated)', async () => {
    const jpeg = await twoColourJpeg(800, 600);
    await expectRejection(processImage(jpeg.subarray(0, jpeg.length >> 1), 'thumbnail'), 'NOT_AN_IMAGE');
  });
});

describe('encodeThumbnail', () => {
  it('encodes raw RGBA pixels (a rendered page) as an opaque WebP, at most maxWidth wide', async () => {
    const width = 960;
    const height = 1358;
    const data = new Uint8ClampedArray(width * height * 4).fill(255);
    const output = await encodeThumbnail({ data, width, height });
    expect(output).toMatchObject({ width: 480, height: 679, contentType: 'image/webp' });
    const metadata = await sharp(output.data).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 480, height: 679, hasAlpha: false });
    expect(await encodeThumbnail({ data, width, height }, { maxWidth: 1200 })).toMatchObject({ width: 960, height: 1358 });
  });

  it('rejects inconsistent raw input as a programming error', async () => {
    await expect(encodeThumbnail({ data: new Uint8Array(10), width: 4, height: 4 })).rejects.toThrow(RangeError);
  });
});

describe('the media module', () => {
  it('imports sharp in image-processor.ts only', async () => {
    const root = fileURLToPath(new URL('../../src', import.meta.url));
    const offenders: string[] = [];
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (/from ['"]sharp['"]|import\(['"]sharp['"]\)|require\(['"]sharp['"]\)/.test(await readFile(file, 'utf8'))) {
        offenders.push(path.relative(root, file));
      }
    }
    expect(offenders).toEqual(['media/image-processor.ts']);
  });
});
