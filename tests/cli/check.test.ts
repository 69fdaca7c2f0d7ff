// The check command: trace JSON and numpy .npz files (written here with fflate, as np.savez
// writes them), the text and --json reports, and exit codes 0 / 1 / 2 with one-line
// messages naming the array.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { batchToJson, formatJson, modelToJson, velocityToJson } from '../../src/engine/io';
import { correctJson, makeCase, npy, npyRows, npz, npzArraysOf, plantedJson, transposeRows, type CaseSpec } from '../check/helpers';
import { cli, cliProcess, tempDir } from './helpers';

const dir = tempDir();
const file = (name: string) => join(dir, name);
const spec: CaseSpec = { sizes: [5, 4, 3, 3], activation: 'tanh', examples: 4, seed: 3, learningRate: 0.3 };
const input = makeCase(spec);
writeFileSync(file('model.json'), formatJson(modelToJson(input.net)));
writeFileSync(file('batch.json'), formatJson(batchToJson(input.batch)));
const base = ['check', '--model', file('model.json'), '--batch', file('batch.json'), '--lr', '0.3'];
const check = (trace: string, ...more: string[]) => cli(...base, '--trace', file(trace), ...more);
const write = (name: string, content: string | Uint8Array) => writeFileSync(file(name), content);

describe('check: trace JSON', () => {
  it('a correct trace agrees: exit 0', async () => {
    write('correct.json', formatJson(correctJson(input)));
    const result = await check('correct.json');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('AGREE: all 27 quantities given agree within 1e-6');
  });

  it('a planted mistake: exit 1, the first difference and the diagnosis in text', async () => {
    write('summed.json', formatJson(plantedJson('gradient-sum-not-mean', input)));
    const result = await check('summed.json');
    expect(result.code).toBe(1);
    // The output layer's gradient is the first computed; the text counts as the screens do (from 1, output units by class).
    expect(result.stdout).toContain('first difference, in the order the step computes: layers[2].gradW[0][0] — class 0 of output layer 3, from unit 1 of layer 2');
    expect(result.stdout).toContain('equation (7), (10): ∂C/∂w_ji = (1/N) Σ_n δ_nj a_ni');
    expect(result.stdout).toContain('diagnosis gradient-sum-not-mean: gradients summed over the batch, not averaged');
    expect(result.stdout).toContain('Your layers[2].gradW is N = 4 times deltascope\'s: summed over the batch instead of averaged.');
  });

  it('--json prints the object of issue 12', async () => {
    write('flipped.json', formatJson(plantedJson('output-delta-sign', input)));
    const result = await check('flipped.json', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['agree', 'tolerance', 'quantities', 'firstDifference', 'diagnosis']);
    expect(report.agree).toBe(false);
    expect(report.quantities[0]).toEqual({ name: 'layers[0].z', status: 'ok', maxAbs: 0, maxRel: 0 });
    const delta = report.quantities.find((q: { name: string }) => q.name === 'layers[2].delta');
    expect(delta.status).toBe('differs');
    expect(delta.maxAbs).toBeGreaterThan(0.1);
    expect(report.firstDifference).toMatchObject({ name: 'layers[2].delta', layer: 2, index: [0, 0], axes: ['example', 'class'], equation: '(3)' });
    expect(report.firstDifference.actual).toBe(-report.firstDifference.expected);
    expect(report.diagnosis).toHaveLength(1);
    expect(report.diagnosis[0]).toMatchObject({ id: 'output-delta-sign', message: 'Your layers[2].delta is y − ŷ, the negative of ŷ − y.', equation: '(3)' });
  });

  it('takes α and μ from the trace when no flag is given; a flag that disagrees is bad input', async () => {
    const m = makeCase({ ...spec, momentum: 0.9 });
    write('v.json', formatJson(velocityToJson(m.velocity!, m.net)));
    write('momentum.json', formatJson(correctJson(m)));
    const ok = await cli('check', '--model', file('model.json'), '--batch', file('batch.json'), '--trace', file('momentum.json'), '--velocity', file('v.json'));
    expect(ok.code).toBe(0);
    const clash = await cli('check', '--model', file('model.json'), '--batch', file('batch.json'), '--trace', file('momentum.json'), '--lr', '0.1');
    expect(clash).toEqual({ code: 2, stdout: '', stderr: `${file('momentum.json')}: learningRate: the trace says 0.3, --lr says 0.1\n` });
  });

  it('--float32: a float64 trace agrees within 1e-4; --tolerance tightens it', async () => {
    write('correct.json', formatJson(correctJson(input)));
    const json = { ...correctJson(input), precision: undefined };
    write('no-precision.json', formatJson(json));
    expect((await check('no-precision.json', '--float32')).code).toBe(0);
    const strict = await check('no-precision.json', '--float32', '--tolerance', '1e-12', '--json');
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).tolerance).toBe(1e-12);
  });

  it('--float32: deltascope\'s own float32 trace agrees exactly', async () => {
    const traced = await cli('trace', '--model', file('model.json'), '--batch', file('batch.json'), '--lr', '0.3', '--float32');
    write('trace32.json', traced.stdout);
    const result = await check('trace32.json', '--float32', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.tolerance).toBe(1e-4);
    expect(report.quantities.every((q: { maxAbs: number }) => q.maxAbs === 0)).toBe(true);
    // The trace says float32: without --float32 the check follows it; with a float64 reference it would differ in the 8th digit.
    expect((await check('trace32.json')).code).toBe(0);
  });
});

describe('check: numpy .npz', () => {
  it('a correct npz agrees, stored or deflated, in float32, Fortran order and [in][out]', async () => {
    const arrays = npzArraysOf(correctJson(input));
    write('correct.npz', npz(arrays));
    expect((await check('correct.npz')).code).toBe(0);
    write('compressed.npz', npz(arrays, true));
    expect((await check('compressed.npz')).code).toBe(0);
    const json = correctJson(input);
    const odd = {
      ...arrays,
      gradW1: npyRows(transposeRows(json.layers[0].gradW), '<f8', true), // [in][out], Fortran order
      z1: npyRows(json.layers[0].z, '<f4'),
      loss: npy([json.loss], [1]),
    };
    write('odd.npz', npz(odd));
    const result = await check('odd.npz', '--json', '--tolerance', '1e-6');
    const report = JSON.parse(result.stdout);
    // z1 rounded to float32 is within 6e-8 relative: it agrees at 1e-6.
    expect(result.code).toBe(0);
    expect(report.quantities.find((q: { name: string }) => q.name === 'layers[0].z').maxRel).toBeGreaterThan(0);
    expect(report.quantities.find((q: { name: string }) => q.name === 'layers[0].gradW')).toMatchObject({ given: 'gradW1', note: 'given as [in][out], compared transposed' });
  });

  it('a planted mistake in an npz: exit 1, named with the npz name', async () => {
    write('nofprime.npz', npz(npzArraysOf(plantedJson('missing-activation-derivative', input))));
    const result = await check('nofprime.npz', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.firstDifference).toMatchObject({ name: 'layers[1].delta', given: 'delta2' });
    expect(report.diagnosis.map((d: { id: string }) => d.id)).toEqual(['missing-activation-derivative']);
    expect(report.diagnosis[0].message).toBe("Your delta2 is Σ_k w_kj δ_k without the factor f'(z_j).");
  });

  const refused = async (name: string, arrays: Record<string, Uint8Array>) => {
    write(name, npz(arrays));
    const result = await check(name);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    return result.stderr.trim();
  };
  const json = correctJson(input);

  it('missing arrays: an npz with none of the documented arrays', async () => {
    expect(await refused('empty.npz', {})).toBe(`${file('empty.npz')}: holds no arrays (expected names such as loss, loss_per_example, output, z1, z2, z3, … — docs/formats.md)`);
  });

  it('extra arrays: a layer the model does not have, the softmax f′, an unknown name', async () => {
    expect(await refused('extra.npz', { gradW4: npyRows(json.layers[0].gradW) })).toBe(`${file('extra.npz')}: gradW4: the model has 3 layers (gradW1 … gradW3)`);
    expect(await refused('fprime.npz', { fprime3: npyRows(json.layers[0].z) })).toMatch(/: fprime3: the softmax layer has no f'\(z\)/);
    expect(await refused('unknown.npz', { accuracy: npyRows(0.5) })).toMatch(/: accuracy: not a documented name \(expected loss, loss_per_example, output, z1, delta1/);
  });

  it('misnamed arrays: the name probably meant', async () => {
    expect(await refused('m1.npz', { gradB1: npyRows(json.layers[0].gradB) })).toBe(`${file('m1.npz')}: gradB1: not a documented name: did you mean gradb1?`);
    expect(await refused('m2.npz', { dW2: npyRows(json.layers[1].gradW) })).toMatch(/: dW2: not a documented name: did you mean gradW2\?$/);
    expect(await refused('m3.npz', { W1: npyRows(json.after.layers[0].weights) })).toMatch(/: W1: not a documented name: did you mean W1_after\? \(the weights before the step come from --model\)$/);
    expect(await refused('m4.npz', { z0: npyRows(json.layers[0].z) })).toMatch(/: z0: layers are numbered from 1 in npz names \(z1 … z3\)$/);
    expect(await refused('m5.npz', { arr_0: npyRows(json.layers[0].z) })).toMatch(/: arr_0: an array saved without a name/);
  });

  it('wrongly shaped arrays', async () => {
    expect(await refused('s1.npz', { gradW1: npyRows(json.layers[1].gradW) })).toBe(`${file('s1.npz')}: gradW1: expected 4 × 5 (or 5 × 4, read transposed), got 3 × 4`);
    expect(await refused('s2.npz', { delta2: npy([1, 2, 3], [3]) })).toBe(`${file('s2.npz')}: delta2: expected 4 × 3 (or 3 × 4, read transposed), got 3`);
    expect(await refused('s3.npz', { loss: npy([1, 2], [2]) })).toBe(`${file('s3.npz')}: loss: expected a number, got 2`);
  });

  it('dtypes it cannot read, and files that are not npz', async () => {
    expect(await refused('d1.npz', { loss: npy([1], [], '>f8') })).toMatch(/: loss: has dtype big-endian "?>f8"?; save it as float64/);
    expect(await refused('d2.npz', { loss: npy([1], [], '<f2') })).toMatch(/: loss: has dtype float16; save it as float64/);
    expect(await refused('d3.npz', { loss: npy([1], [], '|b1') })).toMatch(/: loss: has dtype bool; save it as float64/);
    write('cut.npz', npz({ loss: npyRows(1) }).subarray(0, 60));
    const cut = await check('cut.npz');
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/cut\.npz: not a readable \.npz \(zip\)/);
    write('text.npz', zipSync({ 'notes.txt': new TextEncoder().encode('hi') }));
    expect((await check('text.npz')).stderr).toMatch(/text\.npz: notes\.txt: not an \.npy array/);
  });

  it('with momentum: the velocity after the step as vW{l}_after, vb{l}_after', async () => {
    const m = makeCase({ ...spec, momentum: 0.9 });
    write('v.json', formatJson(velocityToJson(m.velocity!, m.net)));
    const withVelocity = (json: ReturnType<typeof correctJson>) => {
      const arrays = npzArraysOf(json);
      json.velocityAfter!.weights.forEach((w, l) => (arrays[`vW${l + 1}_after`] = npyRows(w)));
      json.velocityAfter!.biases.forEach((b, l) => (arrays[`vb${l + 1}_after`] = npyRows(b)));
      return npz(arrays);
    };
    const momentum = ['--momentum', '0.9', '--velocity', file('v.json')];
    write('momentum-ok.npz', withVelocity(correctJson(m)));
    expect((await check('momentum-ok.npz', ...momentum)).code).toBe(0);
    write('momentum-sign.npz', withVelocity(plantedJson('momentum-convention', m, { momentumConvention: 'negative-velocity' })));
    const result = await check('momentum-sign.npz', ...momentum, '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.firstDifference).toMatchObject({ name: 'velocityAfter.weights[2]', given: 'vW3_after' });
    expect(report.diagnosis.map((d: { id: string }) => d.id)).toEqual(['momentum-convention']);
    // Without --momentum the velocity has nothing to be compared with: bad input, naming the array.
    expect((await check('momentum-ok.npz')).stderr).toBe(`${file('momentum-ok.npz')}: vW1_after: a velocity, but the momentum is 0 (plain SGD keeps no velocity): pass --momentum\n`);
  });

  it('the process exits 1 and prints the report (subprocess)', async () => {
    write('summed.npz', npz(npzArraysOf(plantedJson('gradient-sum-not-mean', input))));
    const result = await cliProcess(...base, '--trace', file('summed.npz'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('diagnosis gradient-sum-not-mean');
  });
});
