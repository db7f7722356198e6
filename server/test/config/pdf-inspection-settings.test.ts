import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';

describe('PDF inspection settings', () => {
  it('default to one inspection per core (unset), 128 MiB per stream, 1 GiB per document, 512 MiB per worker', () => {
    expect(loadConfig({})).toMatchObject({ PDF_MAX_STREAM_MB: 128, PDF_MAX_INFLATED_MB: 1_024, PDF_WORKER_MEMORY_MB: 512 });
    expect(loadConfig({}).PDF_INSPECTIONS).toBeUndefined();
    expect(loadConfig({ PDF_INSPECTIONS: '' }).PDF_INSPECTIONS).toBeUndefined();
  });

  it('take integers within their bounds', () => {
    expect(loadConfig({ PDF_INSPECTIONS: '1', PDF_WORKER_MEMORY_MB: '256' })).toMatchObject({
      PDF_INSPECTIONS: 1,
      PDF_WORKER_MEMORY_MB: 256,
    });
    expect(() => loadConfig({ PDF_INSPECTIONS: '0' })).toThrow(/^Invalid configuration: PDF_INSPECTIONS /);
    expect(() => loadConfig({ PDF_WORKER_MEMORY_MB: '32' })).toThrow(/^Invalid configuration: PDF_WORKER_MEMORY_MB /);
    expect(() => loadConfig({ PDF_MAX_STREAM_MB: 'beaucoup' })).toThrow(/^Invalid configuration: PDF_MAX_STREAM_MB /);
  });
});
