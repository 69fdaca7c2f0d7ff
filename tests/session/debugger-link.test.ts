// A link to a debugger state: its fields written and read back, every bad field named and
// replaced by its default, and the replay behind it bit-identical to stepping there by hand.
import { describe, expect, it } from 'vitest';
import { defaultLink, fitLink, formatLink, LINK_FIELDS, linkOfSession, parseLink, type DebuggerLink } from '../../src/session/debugger-link';
import { replayLink } from '../../src/session/link-replay';
import { bits, frameOf, randomImages, repeat, send, start } from '../machine/helpers';

const images = randomImages(100, 30, 10, 7); // 100 = 4 batches of 24 and one of 4

function data() {
  // 90 training images, 10 held out: the debugger's MNIST shape on a small scale.
  const train = { ...images, images: images.images.subarray(0, 90 * 30), labels: images.labels.subarray(0, 90), count: 90 };
  const validation = { ...images, images: images.images.subarray(90 * 30), labels: images.labels.subarray(90), count: 10 };
  return { kind: 'mnist' as const, train, validation, test: null, seed: 5, shuffle: true };
}

const teacher: DebuggerLink = {
  settings: { ...defaultLink().settings, sizes: [30, 12, 10], hiddenActivation: 'improved-sigmoid', init: { kind: 'uniform', range: 0.25 }, seed: 42, learningRate: 0.3, momentum: 0.9, batchSize: 24, precision: 'float64' },
  data: { split: { pool: 100, validation: 10 }, orderSeed: 5, shuffle: true },
  place: { epoch: 1, batch: 2, step: 5 },
  view: { layer: 1, neuron: 3, example: 6, tab: 'matrices' },
};

describe('debugger links', () => {
  it('write every field of the table, counted from 1 where people read them, and read back the same state', () => {
    const query = formatLink(teacher);
    expect(query).toBe('v=1&net=30-12-10&act=improved-sigmoid&c=0.001&init=uniform%3A0.25&bias=zero&seed=42&lr=0.3&mu=0.9&bs=24&prec=float64&split=100-10&order=5&shuffle=1&epoch=2&batch=3&step=5&unit=2.3&example=7&tab=matrices');
    expect(query.split('&').map((p) => p.split('=')[0])).toEqual(LINK_FIELDS.map((f) => f.key));
    const read = fitLink(parseLink(query), data());
    expect(read.problems).toEqual([]);
    expect(read.link).toEqual(teacher);
  });

  it('an empty link is the debugger opening: the report fan-in init, epoch 1, batch 1, nothing computed', () => {
    const { link, problems } = parseLink('');
    expect(problems).toEqual([]);
    expect(link).toEqual(defaultLink());
    expect(link.settings.init).toEqual({ kind: 'normal-fan-in' });
  });

  it('names each unknown, malformed or out-of-range field and uses its default', () => {
    const read = fitLink(parseLink('v=1&net=30-12-10&foo=1&mu=1&lr=0x10&seed=-3&prec=float16&epoch=0&tab=%zz&unit=1.13&example=99&bs=24&split=100-10&mu=0.5'), data());
    expect(read.problems).toEqual([
      'The link\'s field “foo” is unknown; it was left out.',
      'The link\'s mu “1”: Too big: expected number to be <1; the default 0 was used.',
      'The link\'s lr “0x10” is not a decimal number; the default 0.5 was used.',
      expect.stringMatching(/^The link's seed “-3”: .*; the default 1 was used\.$/),
      expect.stringMatching(/^The link's prec “float16”: .*; the default float32 was used\.$/),
      'The link\'s epoch “0” is not a whole number ≥ 1; the default 1 was used.',
      'The link\'s tab “%zz” has a malformed %-escape; the default update was used.',
      'The link gives “mu” twice; the first was used.',
      'The link\'s unit 1.13 is not a unit of 30-12-10; the default 1.1 was used.',
      'The link\'s example is beyond the 24 examples of the batch; the default 1 was used.',
    ]);
    const d = defaultLink();
    expect(read.link.settings.momentum).toBe(d.settings.momentum);
    expect(read.link.settings.learningRate).toBe(d.settings.learningRate);
    expect(read.link.view).toEqual(d.view);
  });

  it('a net MNIST cannot take, or a batch beyond the epoch, falls back to the default with the reason', () => {
    const read = fitLink(parseLink('net=30-12-7&bs=24&split=100-10&batch=9&step=99'), data());
    expect(read.problems).toEqual([
      "The link's net does not fit (the data has 10 classes, the topology 7 outputs); the default 784-64-10 was used.",
      "The link's batch is beyond the 4 batches of an epoch; the default 1 was used.",
      expect.stringMatching(/^The link's step is beyond the \d+ sub-steps of a batch; the default 0 was used\.$/),
    ]);
  });

  for (const momentum of [0, 0.9]) {
    it(`replaying a link rebuilds the weights of stepping there by hand, bit for bit (μ = ${momentum})`, () => {
      const link = { ...teacher, settings: { ...teacher.settings, momentum } };
      let s = start({ data: data(), settings: link.settings });
      // epoch 2, batch 3 = 4 batches of epoch 1 and 2 of epoch 2: 6 whole batches, then 5 sub-steps.
      s = repeat(s, { type: 'step.batch' }, 6);
      s = repeat(s, { type: 'step.next' }, 6); // load the 7th batch, then 5 sub-steps
      const byHand = frameOf(s);
      expect(byHand.start.order).toEqual({ epoch: 1, batch: 2 });
      expect(byHand.stepIndex).toBe(4);
      const made = linkOfSession(s.context, { layer: 1, neuron: 3, tab: 'matrices' });
      expect(made?.inexact).toBeNull();
      expect(formatLink(made!.link)).toBe(formatLink({ ...link, view: { ...link.view, example: 0 } }));

      const load = replayLink(link, data());
      let r = start({ data: data(), settings: defaultLink().settings.sizes && link.settings });
      r = send(r, { type: 'load', ...load });
      r = repeat(r, { type: 'step.next' }, link.place.step);
      const replayed = frameOf(r);
      expect(replayed.start.order).toEqual(byHand.start.order);
      expect(replayed.stepIndex).toBe(byHand.stepIndex);
      const L = 2;
      for (let l = 0; l < L; l++) {
        expect(bits(replayed.start.net.params.weights[l])).toEqual(bits(byHand.start.net.params.weights[l]));
        expect(bits(replayed.quantities.z[l]!)).toEqual(bits(byHand.quantities.z[l]!));
        if (momentum) expect(bits(replayed.start.velocity!.weights[l])).toEqual(bits(byHand.start.velocity!.weights[l]));
      }
      expect(replayed.quantities.loss?.loss).toBe(byHand.quantities.loss?.loss);
    });
  }

  it('says when a session cannot be rebuilt by replay: a batch chosen out of order', () => {
    let s = start({ data: data(), settings: teacher.settings });
    s = send(s, { type: 'batch.choose', choice: { kind: 'order', epoch: 0, batch: 2 } });
    expect(linkOfSession(s.context, { layer: 0, neuron: 0, tab: 'update' })?.inexact).toBe('the batches were not stepped in order from the start');
  });
});

describe("the README's table of link fields", () => {
  it('lists every field of LINK_FIELDS, in order, with its default', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `(\w+)` \| .* \| `([^`]*)` \|$/gm)].map((m) => [m[1], m[2]]);
    const d = defaultLink();
    expect(rows).toEqual(LINK_FIELDS.map((f) => [f.key, f.write(d)]));
  });
});
