// The debugger's history: frames in order, a cursor, and a memory bound. Old frames
// are evicted when the bytes they hold exceed the budget, so "how far back" is set
// by memory, not by a count.
//
// A History value is persistent: operations return a new value and never change what
// an older value sees. Frames live in a shared append-only log; a history appends in
// place only when it is the log's tip, and copies its live frames otherwise (after a
// step back and a change, or when two snapshots branch).

import { newBytes, type Frame } from './frame';

export const DEFAULT_MEMORY_BUDGET = 512 * 1024 * 1024; // 512 MiB

export interface History {
  /** Shared, append-only; entries outside [start, end) belong to other values or are evicted. */
  readonly log: readonly Frame[];
  readonly start: number;
  readonly end: number;
  /** Log position of the current frame, in [start, end). */
  readonly cursor: number;
  /** Bytes the retained frames hold: all of the first one's arrays plus what each later one introduced. */
  readonly bytes: number;
  /** Bytes of the first retained frame counted as if it had no predecessor. */
  readonly firstBytes: number;
  readonly budget: number;
  /** Bytes of evicted frames the log still references (it is compacted past budget / 8). */
  readonly deadBytes: number;
  /** Frames evicted so far. */
  readonly evicted: number;
}

export function createHistory(first: Frame, budget: number = DEFAULT_MEMORY_BUDGET): History {
  if (!(budget > 0)) throw new RangeError(`the memory budget must be positive, got ${budget}`);
  const firstBytes = newBytes(first, null);
  return { log: [first], start: 0, end: 1, cursor: 0, bytes: firstBytes, firstBytes, budget, deadBytes: 0, evicted: 0 };
}

export function currentFrame(h: History): Frame {
  return h.log[h.cursor];
}

export function firstFrame(h: History): Frame {
  return h.log[h.start];
}

export function lastFrame(h: History): Frame {
  return h.log[h.end - 1];
}

export function frameCount(h: History): number {
  return h.end - h.start;
}

/** The retained frame with this index, or null (evicted, or not reached). */
export function frameAt(h: History, index: number): Frame | null {
  const position = h.start + (index - firstFrame(h).index);
  return Number.isInteger(index) && position >= h.start && position < h.end ? h.log[position] : null;
}

/** Move the cursor to a retained frame. */
export function moveTo(h: History, index: number): History {
  const frame = frameAt(h, index);
  if (!frame) throw new RangeError(`frame ${index} is not in the history (${firstFrame(h).index} … ${lastFrame(h).index})`);
  return { ...h, cursor: h.start + (index - firstFrame(h).index) };
}

/** Drop the frames after the cursor. */
export function truncateAfterCursor(h: History): History {
  if (h.cursor === h.end - 1) return h;
  let bytes = h.bytes;
  for (let i = h.cursor + 1; i < h.end; i++) bytes -= h.log[i].ownedBytes;
  return { ...h, end: h.cursor + 1, bytes };
}

/** Append a frame after the cursor (dropping any frames after it), then evict to the budget. */
export function append(h: History, frame: Frame): History {
  const cut = truncateAfterCursor(h);
  const expected = currentFrame(cut).index + 1;
  if (frame.index !== expected) throw new Error(`frame ${frame.index} appended where frame ${expected} belongs`);
  let log: Frame[];
  let start = cut.start;
  if (cut.log.length === cut.end) {
    log = cut.log as Frame[]; // the tip of the log: nobody else sees position `end`
  } else {
    log = cut.log.slice(cut.start, cut.end);
    start = 0;
  }
  log.push(frame);
  const end = start + (cut.end - cut.start) + 1;
  return evict({ ...cut, log, start, end, cursor: end - 1, bytes: cut.bytes + frame.ownedBytes });
}

/** Replace the current frame by another with the same index (e.g. a different batch loaded). */
export function replaceCurrent(h: History, frame: Frame): History {
  if (frame.index !== currentFrame(h).index) throw new Error(`frame ${frame.index} cannot replace frame ${currentFrame(h).index}`);
  if (h.cursor === h.start) return createHistory(frame, h.budget);
  const before = moveTo(h, currentFrame(h).index - 1);
  const previous = currentFrame(before);
  // Rebuild the replacement's byte count against its real predecessor.
  const rebased: Frame = { ...frame, ownedBytes: newBytes(frame, previous) };
  return append(before, rebased);
}

function evict(h: History): History {
  let { start, bytes, firstBytes, deadBytes, evicted } = h;
  while (bytes > h.budget && start < h.cursor) {
    const before = bytes;
    bytes -= firstBytes;
    start++;
    bytes -= h.log[start].ownedBytes;
    firstBytes = newBytes(h.log[start], null);
    bytes += firstBytes;
    deadBytes += before - bytes;
    evicted++;
  }
  if (start === h.start) return h;
  let log = h.log;
  let end = h.end;
  let cursor = h.cursor;
  if (deadBytes > h.budget / 8) {
    log = h.log.slice(start, end);
    end -= start;
    cursor -= start;
    start = 0;
    deadBytes = 0;
  }
  return { ...h, log, start, end, cursor, bytes, firstBytes, deadBytes, evicted };
}

/** A new budget; evicts at once if the history is over it. */
export function withBudget(h: History, budget: number): History {
  if (!(budget > 0)) throw new RangeError(`the memory budget must be positive, got ${budget}`);
  return evict({ ...h, budget });
}
