// The check worker: "Check my numbers" off the page's main thread (a 784-64-10 step of 128
// examples takes about a second). It switches float32 to the WebAssembly SIMD kernels — the
// page's, so deltascope's trace here is the one the debugger stepped — and answers each
// request with its outcome, tagged with the request's id.

/// <reference lib="webworker" />

import { enableFastKernels } from '../engine/kernels/wasm/index';
import { runCheck } from '../session/check-run';
import type { CheckWorkerReply, CheckWorkerRequest } from './check-worker-port';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Without WebAssembly the TypeScript kernels run: float32 then rounds differently, within the 1e-4 tolerance.
const ready = enableFastKernels().catch(() => null);

scope.onmessage = async (event: MessageEvent<CheckWorkerRequest>) => {
  await ready;
  const { id, request } = event.data;
  const reply: CheckWorkerReply = { id, outcome: runCheck(request) };
  scope.postMessage(reply);
};
