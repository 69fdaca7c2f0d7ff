// What the debugger shows of a check: the summary and diagnosis, the units the network view
// marks, "yours − ours" per matrix and ours beside yours for one unit — all read from the
// report the check made for this batch, with numbers worked out here from the two traces.
import { describe, expect, it } from 'vitest';
import { checkFocus, checkMarks, checkView, differenceLayers, differenceMatrices, unitComparison } from '../../src/viewmodel/check-view';
import { correctJson, plantedJson } from '../check/helpers';
import { at, bytes, debuggerOn, frame, input } from '../machine/check-helpers';

describe('check view', () => {
  it('missing f′: the verdict, the first difference counted from 1, the diagnosis with its equation', () => {
    const actor = debuggerOn();
    actor.send({ type: 'check.file', name: 'mine.json', bytes: bytes(plantedJson('missing-activation-derivative', input)) });
    const view = checkView(actor.getSnapshot().context)!;
    expect(view.status).toBe('done');
    expect(view.agree).toBe(false);
    // δ₁, ∂C/∂W₁, ∂C/∂b₁, W₁ and b₁ after differ; the forward pass, the loss and everything of layer 2 agree.
    expect(view.verdict).toBe('5 of the 19 quantities you gave differ beyond 1 × 10⁻⁶ of their largest magnitude.');
    expect(view.settings).toBe('α = 0.3, float64');
    const d = view.firstDifference!;
    expect(d.symbol).toBe('δⱼ');
    expect(d.step).toBe('δⱼ = f′(zⱼ) ∘ (δₖ Wₖⱼ)');
    expect(d.equation).toBe('(8), (12), (13)');
    const [n, j] = actor.getSnapshot().context.check!.report!.firstDifference!.index;
    expect(d.name).toBe(`layers[0].delta[${n}][${j}]`);
    expect(d.where).toBe(`example ${n + 1}, unit ${j + 1} of layer 1`);
    const mine = plantedJson('missing-activation-derivative', input).layers[0].delta[n][j];
    const ours = correctJson(input).layers[0].delta[n][j];
    expect(d.yours).toBe(mine);
    expect(d.ours).toBe(ours);
    expect(d.difference).toBe(mine - ours);
    expect(view.diagnoses).toHaveLength(1);
    expect(view.diagnoses[0]).toMatchObject({ id: 'missing-activation-derivative', title: "hidden δ without the f'(z) factor", equation: '(8), (12), (13)' });
    // Where the debugger is (the end of δ₁): the gradients and the update are not computed yet.
    expect(view.quantities.find((q) => q.name === 'layers[0].delta')).toMatchObject({ status: 'differs', computed: true });
    expect(view.quantities.find((q) => q.name === 'layers[0].gradW')).toMatchObject({ status: 'differs', computed: false });
    expect(view.quantities.find((q) => q.name === 'layers[1].gradW')).toMatchObject({ status: 'ok', computed: false });
  });

  it('marks the units whose δ differs for the selected example, and only from the sub-steps reached', () => {
    const actor = debuggerOn();
    actor.send({ type: 'check.file', name: 'mine.json', bytes: bytes(plantedJson('missing-activation-derivative', input)) });
    const ctx = () => actor.getSnapshot().context;
    const mine = plantedJson('missing-activation-derivative', input);
    const ours = correctJson(input);
    const sample = ctx().sample;
    // Which hidden units differ for this example, from the two traces: f′ < 1 everywhere for a sigmoid, so all of them.
    const expected = [0, 1, 2, 3].filter((j) => Math.abs(mine.layers[0].delta[sample][j] - ours.layers[0].delta[sample][j]) > 1e-6 * 0.3);
    expect(expected.length).toBeGreaterThan(0);
    const marks = checkMarks(ctx())!;
    expect([...marks.units[0]].sort()).toEqual(expected);
    expect([...marks.units[1]]).toEqual([]); // δ₂ and everything of layer 2 agree
    expect(marks.from).toEqual(['δⱼ']);
    expect(checkFocus(ctx())).toEqual({ layer: 0, neuron: ctx().check!.report!.firstDifference!.index[1] });
    // One sub-step back (δ₂ computed, δ₁ not): no marks yet.
    actor.send({ type: 'step.prev' });
    expect(frame(actor).stepIndex).toBe(at('outputDelta', 1));
    expect(checkMarks(ctx())!.units.every((u) => u.size === 0)).toBe(true);
  });

  it('yours − ours per matrix of the layer, with the differing cells; a summed gradient is (N − 1) × ours', () => {
    const actor = debuggerOn();
    actor.send({ type: 'step.batch' });
    actor.send({ type: 'check.file', name: 'summed.json', bytes: bytes(plantedJson('gradient-sum-not-mean', input)) });
    expect(frame(actor).stepIndex).toBe(at('gradients', 1));
    const ctx = actor.getSnapshot().context;
    expect(differenceLayers(ctx)).toEqual([0, 1]);
    const layer2 = differenceMatrices(ctx, 1);
    expect(layer2.map((m) => m.symbol)).toEqual(['zₖ', 'ŷ', 'δₖ', '∂C/∂Wₖⱼ', '∂C/∂bₖ']);
    const gradW = layer2.find((m) => m.symbol === '∂C/∂Wₖⱼ')!;
    expect([gradW.rows, gradW.cols]).toEqual([3, 4]);
    expect(gradW.rowAxis.label).toBe('class k');
    expect(gradW.colAxis.label).toBe('unit j of layer 1');
    const ours = correctJson(input).layers[1].gradW;
    for (let k = 0; k < 3; k++) for (let j = 0; j < 4; j++) expect(gradW.values[k * 4 + j]).toBeCloseTo(2 * ours[k][j], 14);
    expect(gradW.differing).toBe(Array.from(gradW.differs).filter((x) => x === 1).length);
    expect(gradW.differing).toBe(ours.flat().filter((g) => Math.abs(2 * g) > gradW.limit).length);
    expect(layer2.find((m) => m.symbol === 'δₖ')!.differing).toBe(0);
    expect(layer2.find((m) => m.symbol === 'δₖ')!.status).toBe('ok');
    // Layer 1's gradient is not computed at this sub-step: its matrices stop at δ₁.
    expect(differenceMatrices(ctx, 0).map((m) => m.symbol)).toEqual(['zⱼ', 'aⱼ', 'f′(zⱼ)', 'δⱼ']);
  });

  it('ours beside yours for the unit: the δ of the selected example and the row entry of ∂C/∂W that differs most', () => {
    const actor = debuggerOn();
    actor.send({ type: 'check.file', name: 'summed.json', bytes: bytes(plantedJson('gradient-sum-not-mean', input)) });
    const ctx = actor.getSnapshot().context;
    const rows = unitComparison(ctx, 1, 2);
    const delta = rows.find((r) => r.symbol === 'δₖ')!;
    const ours = correctJson(input);
    expect(delta.ours).toBe(ours.layers[1].delta[ctx.sample][2]);
    expect(delta.yours).toBe(delta.ours);
    expect(delta.differs).toBe(false);
    const grad = rows.find((r) => r.symbol === '∂C/∂Wₖⱼ')!;
    const row = ours.layers[1].gradW[2];
    const largest = row.reduce((best, g, j) => (Math.abs(g) > Math.abs(row[best]) ? j : best), 0);
    expect(grad.entry).toBe(`largest |yours − ours| of the row: from unit ${largest + 1} of layer 1`);
    expect(grad.ours).toBe(row[largest]);
    expect(grad.yours).toBeCloseTo(3 * row[largest], 14);
    expect(grad.differs).toBe(true);
    expect(rows.find((r) => r.symbol === '∂C/∂bₖ')!.yours).toBeCloseTo(3 * ours.layers[1].gradB[2], 14);
  });

  it('no check, a failed check, a check of another batch: nothing to mark', () => {
    const actor = debuggerOn();
    expect(checkView(actor.getSnapshot().context)).toBeNull();
    actor.send({ type: 'check.file', name: 'x.npz', bytes: Uint8Array.of(0x50, 0x4b, 3, 4, 0) });
    const failed = checkView(actor.getSnapshot().context)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^x\.npz: /);
    expect(checkMarks(actor.getSnapshot().context)).toBeNull();
  });
});
