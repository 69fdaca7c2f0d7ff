// Lesson progress read back entry by entry: one lesson's entry that does not read back is set
// aside (named, with its problem) and never wipes the other lessons' progress.
import { describe, expect, it } from 'vitest';
import { loadProgress, PROGRESS_KEY, saveProgress, type KeyValueStore } from '../../src/platform/lesson-progress';

const memoryStore = (): KeyValueStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

const good = { step: 4, furthest: 6, answers: { '2': { correct: true, given: '0.25' } } };

describe('stored lesson progress', () => {
  it('one invalid entry is set aside; every other lesson keeps its progress', () => {
    const store = memoryStore();
    store.data.set(PROGRESS_KEY, JSON.stringify({ 'chain-rule': good, momentum: { step: 'three', furthest: 1, answers: {} }, relu: { ...good, step: 2 } }));
    const { progress, setAside } = loadProgress(store);
    expect(progress).toEqual({ 'chain-rule': good, relu: { ...good, step: 2 } });
    expect(setAside).toEqual([{ kind: 'lesson-progress entry', key: 'momentum', label: null, problem: 'step: expected a number, got "three"' }]);
  });

  it('storage that is not JSON, or not a map of lessons, is set aside whole and named', () => {
    const store = memoryStore();
    store.data.set(PROGRESS_KEY, 'not json');
    expect(loadProgress(store)).toEqual({ progress: {}, setAside: [{ kind: 'lesson-progress entry', key: PROGRESS_KEY, label: null, problem: 'not JSON' }] });
    store.data.set(PROGRESS_KEY, '[1, 2]');
    expect(loadProgress(store).setAside.map((s) => s.problem)).toEqual(['expected a map of lessons, got an array of 2']);
    expect(loadProgress(null)).toEqual({ progress: {}, setAside: [] });
  });

  it('saving writes the good entries; the set-aside entry is gone after the next save', () => {
    const store = memoryStore();
    store.data.set(PROGRESS_KEY, JSON.stringify({ 'chain-rule': good, momentum: { step: 0 } }));
    saveProgress(store, loadProgress(store).progress);
    expect(JSON.parse(store.data.get(PROGRESS_KEY)!)).toEqual({ 'chain-rule': good });
    expect(loadProgress(store).setAside).toEqual([]);
  });
});
