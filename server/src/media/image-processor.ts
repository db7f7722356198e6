import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { ImageRejectedError } from './errors.js';

/*
 * The only module that imports sharp (libvips). A server handles few images at a time and must keep
 * its memory flat: no operation cache, one libvips thread per image (requests already run in
 * parallel; more threads per image only multiply the peak memory).
 */
sharp.cache(false);
sharp.concurrency(1);

/** Decoding refuses anything larger (checked from the header, before any pixel is decoded). */
export const MAX_INPUT_PIXELS = 40_000_000;
/** WebP cannot encode a side longer than this. */
const WEBP_MAX_SIDE = 16_383;
/** Default width of thumbnails (documents and images). */
export const THUMBNAIL_WIDTH = 480;

export type ImagePreset = 'logo' | 'avatar' | 'thumbnail';

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  contentType: 'image/webp';
}

/** Uncompressed 8-bit RGBA pixels, row by row (e.g. a canvas' ImageData). */
export interface RawRgbaImage {
  data: Uint8Array | Uint8ClampedArray | Buffer;
  width: number;
  height: number;
}

type SupportedFormat = 'jpeg' | 'png' | 'webp';

/** Identifies the format from the first bytes; names and declared types are never trusted. */
function sniffFormat(input: Buffer): SupportedFormat | null {
  if (input.length >= 3 && input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff) return 'jpeg';
  if (input.length >= 8 && input.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  if (input.length >= 12 && input.toString('latin1', 0, 4) === 'RIFF' && input.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return null;
}

const decodeOptions: SharpOptions = {
  limitInputPixels: MAX_INPUT_PIXELS,
  failOn: 'error',
  // Animated WebP: only the first frame is read.
  pages: 1,
};

/**
 * Checks format and size from the header only, so that a pixel bomb (a tiny file declaring 20,000 ×
 * 20,000 pixels) is refused before libvips allocates anything for its pixels.
 */
async function checkInput(input: Buffer): Promise<void> {
  const sniffed = sniffFormat(input);
  if (!sniffed) throw new ImageRejectedError('NOT_AN_IMAGE', 'unrecognised signature');
  let metadata: Metadata;
  try {
    // No pixel limit here: metadata only reads the header, and the limit is reported below as its own error.
    metadata = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageRejectedError('NOT_AN_IMAGE', (error as Error).message);
  }
  if (metadata.format !== sniffed) {
    throw new ImageRejectedError('NOT_AN_IMAGE', `signature ${sniffed}, decoder ${metadata.format}`);
  }
  const { width, height } = metadata;
  if (!width || !height) throw new ImageRejectedError('NOT_AN_IMAGE', 'no dimensions');
  if (width * height > MAX_INPUT_PIXELS) {
    throw new ImageRejectedError('IMAGE_TOO_LARGE', `${width}×${height}`);
  }
}

/** Runs a pipeline, turning libvips decoding failures (truncated or damaged data) into a typed error. */
async function encode(pipeline: Sharp): Promise<EncodedImage> {
  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, contentType: 'image/webp' };
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) throw new ImageRejectedError('IMAGE_TOO_LARGE', message);
    throw new ImageRejectedError('NOT_AN_IMAGE', message);
  }
}

function applyPreset(pipeline: Sharp, preset: ImagePreset): Sharp {
  switch (preset) {
    case 'logo':
      return pipeline
        .resize({ width: 512, height: 512, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 90, alphaQuality: 100, effort: 4 });
    case 'avatar':
      return pipeline
        .resize({ width: 256, height: 256, fit: 'cover', position: 'centre', withoutEnlargement: true })
        .webp({ quality: 82, effort: 4 });
    case 'thumbnail':
      return thumbnail(pipeline, THUMBNAIL_WIDTH);
  }
}

/** `maxWidth` wide; very tall images are bounded to a 1:4 ratio instead of producing a ribbon. */
function thumbnail(pipeline: Sharp, maxWidth: number): Sharp {
  const width = Math.min(maxWidth, WEBP_MAX_SIDE);
  return pipeline
    .resize({ width, height: Math.min(4 * width, WEBP_MAX_SIDE), fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80, effort: 4 });
}

/**
 * Normalises an uploaded image (JPEG, PNG or WebP, recognised from its content) to a WebP of the preset's
 * size: EXIF orientation applied before resizing, never enlarged, every metadata (EXIF, GPS, ICC, XMP)
 * stripped, colours converted to sRGB.
 *
 * - logo: fits inside 512 × 512, transparency kept;
 * - avatar: 256 × 256, cropped from the centre;
 * - thumbnail: 480 wide (at most 1,920 high).
 */
export async function processImage(input: Buffer, preset: ImagePreset): Promise<EncodedImage> {
  await checkInput(input);
  return encode(applyPreset(sharp(input, decodeOptions).rotate(), preset));
}

/**
 * Encodes a thumbnail as WebP, `maxWidth` (default 480) wide at most, never enlarged: either an encoded
 * image (same checks as processImage) or raw RGBA pixels, e.g. a rendered PDF page, whose alpha channel
 * is dropped (pages are opaque).
 */
export async function encodeThumbnail(input: Buffer | RawRgbaImage, options: { maxWidth?: number } = {}): Promise<EncodedImage> {
  const maxWidth = options.maxWidth ?? THUMBNAIL_WIDTH;
  if (!Number.isInteger(maxWidth) || maxWidth <= 0) throw new RangeError('maxWidth must be a positive integer');
  if (Buffer.isBuffer(input)) {
    await checkInput(input);
    return encode(thumbnail(sharp(input, decodeOptions).rotate(), maxWidth));
  }
  const { width, height, data } = input;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError('Invalid raw image dimensions');
  }
  if (width * height > MAX_INPUT_PIXELS) throw new RangeError(`Raw image too large: ${width}×${height}`);
  if (data.byteLength !== width * height * 4) {
    throw new RangeError(`Raw image data is ${data.byteLength} bytes, expected ${width * height * 4}`);
  }
  const pixels = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const raw = sharp(pixels, { raw: { width, height, channels: 4 }, limitInputPixels: MAX_INPUT_PIXELS }).removeAlpha();
  const { data: out, info } = await thumbnail(raw, maxWidth).toBuffer({ resolveWithObject: true });
  return { data: out, width: info.width, height: info.height, contentType: 'image/webp' };
}
