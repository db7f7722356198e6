import { describe, expect, it } from 'vitest';
import { sseParser } from '../../src/seance/sse.ts';

describe('the server-sent events reader', () => {
  it('reads events with their id, kind and data, whatever the chunks', () => {
    const feed = sseParser();
    expect(feed('id: 12\nevent: seance\ndata: {"kind":"ARRIVAL"')).toEqual([]);
    expect(feed('}\n\nid: 13\r\ndata: a\r\ndata: b\r\n\r\n')).toEqual([
      { id: '12', event: 'seance', data: '{"kind":"ARRIVAL"}' },
      { id: '13', event: 'message', data: 'a\nb' },
    ]);
  });

  it('skips keep-alive comments and empty blocks', () => {
    const feed = sseParser();
    expect(feed(': ping\n\n\n\n: ping\n\nid: 14\ndata:x\n\n')).toEqual([{ id: '14', event: 'message', data: 'x' }]);
  });
});
