import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';

const s3 = { STORAGE_DRIVER: 's3', S3_BUCKET: 'cartable', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret' };

describe('UPLOAD_PART_SIZE_BYTES', () => {
  it('defaults to 8 MiB', () => {
    expect(loadConfig({}).UPLOAD_PART_SIZE_BYTES).toBe(8 * 1_048_576);
  });

  it('accepts small parts on the local driver, down to 64 KiB', () => {
    expect(loadConfig({ UPLOAD_PART_SIZE_BYTES: '65536' }).UPLOAD_PART_SIZE_BYTES).toBe(65_536);
    expect(() => loadConfig({ UPLOAD_PART_SIZE_BYTES: '65535' })).toThrow(/^Invalid configuration: UPLOAD_PART_SIZE_BYTES /);
  });

  it('wants S3’s minimum of 5 MiB with STORAGE_DRIVER=s3', () => {
    expect(() => loadConfig({ ...s3, UPLOAD_PART_SIZE_BYTES: '1048576' })).toThrow(
      'Invalid configuration: UPLOAD_PART_SIZE_BYTES must be at least 5242880 (5 MiB) when STORAGE_DRIVER=s3 (got 1048576)',
    );
    expect(loadConfig({ ...s3, UPLOAD_PART_SIZE_BYTES: '5242880' }).UPLOAD_PART_SIZE_BYTES).toBe(5_242_880);
  });
});
