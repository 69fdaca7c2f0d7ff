// "Check my backprop" (issue 12): a learner's numbers for one step against deltascope's own
// trace of that step — first difference, layout notes and the catalogue's diagnosis.
// Pure: no DOM and no Node APIs; the CLI's `check` and the page call the same functions.
//
//   const reference = traceStep(net, batch, rule, velocity);          // engine/io
//   const learner = readLearnerTrace(bytes, net, 'mine.npz');         // JSON or npz
//   const report = checkStep(reference, learner, { tolerance });      // CheckReport
//   checkReportToJson(report) / checkReportToText(report, heading)

export { CATALOGUE, MISTAKE_IDS, type Mistake, type MistakeId } from './catalogue';
export {
  checkStep,
  DEFAULT_TOLERANCE,
  type CheckOptions,
  type CheckReport,
  type Diagnosis,
  type FirstDifference,
  type GivenReading,
  type QuantityResult,
  type QuantityStatus,
} from './check-step';
export { EQUATIONS, equationLabel, type EquationRef } from './equations';
export { layoutNote, PLAIN_LAYOUT, type Layout } from './layout';
export type { GivenArray, LearnerSettings, LearnerTrace, NumbersOwner } from './learner-trace';
export { parseLearnerJson, readLearnerJson } from './learner-json';
export { isZip, npzNames, readLearnerNpz } from './learner-npz';
export { readNpy, NpyError, type NumericArray } from './npy';
export { quantitySpecs, referenceQuantities, stepShapeOf, type Axis, type LayerShape, type Quantity, type QuantityKind, type QuantitySpec, type Stage, type StepShape } from './quantities';
export { quantitySymbol } from './quantity-symbol';
export { readLearnerTrace } from './read-learner';
export { stepAsLearnerTrace } from './step-as-learner';
export { DEFAULT_STEP_SETTINGS, stepSettings, type SettingNames, type StepSettings } from './step-settings';
export { checkReportToJson, checkReportToText, describeEntry, entryWords, type CheckReportJson } from './report';
export { absoluteLimit, entryDiffers } from './compare';
