import { describe, expect, it } from 'vitest';
import { createThrottle, type Clock } from '../../../renderer/src/lib/throttle';

function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.fn();
  };
  return { clock, advance, pending: () => timers.length };
}

describe('createThrottle', () => {
  it('runs at once, then at most once per interval, and always after the last trigger', () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const throttle = createThrottle(() => runs++, 1000, clock);
    throttle.trigger();
    expect(runs).toBe(1);
    throttle.trigger();
    throttle.trigger();
    expect(runs).toBe(1);
    advance(999);
    expect(runs).toBe(1);
    advance(1);
    expect(runs).toBe(2);
    advance(5000);
    expect(runs).toBe(2);
    throttle.trigger();
    expect(runs).toBe(3);
  });

  it('cancels a pending run', () => {
    const { clock, advance, pending } = fakeClock();
    let runs = 0;
    const throttle = createThrottle(() => runs++, 1000, clock);
    throttle.trigger();
    throttle.trigger();
    expect(pending()).toBe(1);
    throttle.cancel();
    advance(2000);
    expect(runs).toBe(1);
  });
});
