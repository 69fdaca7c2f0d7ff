// The file formats of deltascope (docs/formats.md): pure, no Node APIs, shared by the CLI
// and the browser's debugger.

export { FormatError, describeIssue, formatPath, parseWith } from './errors';
export { formatJson, numberToJson, parseJsonText, toRows } from './json';
export { LAYER_ACTIVATIONS, MODEL_FORMAT, declaredSizes, fromRows, modelToJson, parseModel, readModel } from './model';
export type { ModelJson, ModelLayerJson, ReadOptions } from './model';
export { batchToJson, declaredExamples, parseBatch, readBatch } from './batch';
export { readStepFiles } from './step-files';
export type { StepFile } from './step-files';
export type { BatchJson } from './batch';
export { parseVelocity, readVelocity, velocityToJson } from './velocity';
export type { VelocityJson } from './velocity';
export { TRACE_FORMAT, traceStep, traceToJson, traceToObject } from './trace';
export type { Trace, TraceJson, TraceLayerJson } from './trace';
