import { describe, expect, it, vi } from 'vitest';
import { followLive, reconnectDelay, type LiveHandlers, type LiveStatus } from '../../src/seance/live-channel.ts';

/** A transport the test drives by hand, with the channels it opened. */
function fakeTransport() {
  const opened: { handlers: LiveHandlers; closed: boolean }[] = [];
  const transport = (handlers: LiveHandlers) => {
    const channel = { handlers, closed: false };
    opened.push(channel);
    return () => {
      channel.closed = true;
    };
  };
  return { opened, transport, last: () => opened.at(-1)! };
}

function follow() {
  vi.useFakeTimers();
  const fake = fakeTransport();
  const statuses: LiveStatus[] = [];
  const onChange = vi.fn();
  const live = followLive(fake.transport, { onStatus: (status) => statuses.push(status), onChange });
  return { ...fake, statuses, onChange, live };
}

describe('reconnectDelay', () => {
  it('doubles from one second up to fifteen', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(reconnectDelay)).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
  });
});

describe('followLive', () => {
  it('is live once open, and reads the séance on opening and on each event', () => {
    const { statuses, onChange, last } = follow();
    expect(statuses).toEqual(['connecting']);
    last().handlers.onOpen();
    expect(statuses).toEqual(['connecting', 'live']);
    expect(onChange).toHaveBeenCalledTimes(1);
    last().handlers.onEvent();
    last().handlers.onEvent();
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it('reopens a lost channel after a growing pause, and catches up when it is back', () => {
    const { statuses, onChange, opened, last } = follow();
    last().handlers.onOpen();
    last().handlers.onLost();
    expect(opened[0]!.closed).toBe(true);
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(999);
    expect(opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(opened).toHaveLength(2);
    // Failing again: two seconds this time.
    last().handlers.onLost();
    vi.advanceTimersByTime(1_999);
    expect(opened).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(opened).toHaveLength(3);
    onChange.mockClear();
    last().handlers.onOpen();
    expect(statuses.at(-1)).toBe('live');
    expect(onChange).toHaveBeenCalledTimes(1);
    // Back to a one-second pause after a success.
    last().handlers.onLost();
    vi.advanceTimersByTime(1_000);
    expect(opened).toHaveLength(4);
  });

  it('ignores what an old channel says once it was replaced', () => {
    const { onChange, opened, last } = follow();
    const first = last();
    first.handlers.onLost();
    vi.advanceTimersByTime(1_000);
    first.handlers.onEvent();
    first.handlers.onLost();
    expect(onChange).not.toHaveBeenCalled();
    expect(opened).toHaveLength(2);
  });

  it('retries at once when asked, and stops for good', () => {
    const { opened, last, live, statuses } = follow();
    last().handlers.onLost();
    live.retryNow();
    expect(opened).toHaveLength(2);
    live.stop();
    expect(last().closed).toBe(true);
    last().handlers.onLost();
    vi.advanceTimersByTime(60_000);
    expect(opened).toHaveLength(2);
    expect(statuses).toEqual(['connecting', 'reconnecting']);
  });

  it('drops a channel the network no longer carries, once', () => {
    const { opened, last, live, statuses } = follow();
    last().handlers.onOpen();
    live.drop();
    live.drop();
    expect(opened[0]!.closed).toBe(true);
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting']);
    vi.advanceTimersByTime(1_000);
    expect(opened).toHaveLength(2);
  });

  it('closes a transport that failed before it returned, and tries again', () => {
    vi.useFakeTimers();
    let calls = 0;
    const closed: number[] = [];
    const live = followLive(
      (handlers) => {
        const call = ++calls;
        if (call === 1) handlers.onLost();
        return () => closed.push(call);
      },
      { onStatus: () => undefined, onChange: () => undefined },
    );
    expect(closed).toEqual([1]);
    vi.advanceTimersByTime(1_000);
    expect(calls).toBe(2);
    live.stop();
    expect(closed).toEqual([1, 2]);
  });
});
