// The file-load worker: reads the Open-files panel's files in chunks (reporting the bytes
// read), parses and checks them with the same loadFromFiles the page used to run itself, and
// hands back the network and batch with their arrays transferred, not copied.

/// <reference lib="webworker" />

import './zod-jitless';
import { FormatError } from '../engine/io';
import { loadFromFiles, type FileLoad, type NamedText } from '../session/file-load';
import type { FileLoadMessage, FileLoadProgress, FileLoadRequest } from './file-load-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FileLoadMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** At most one progress message per this many milliseconds (a 216 MB file comes in thousands of chunks). */
const PROGRESS_EVERY_MS = 50;

async function readText(file: File, before: number, total: number, report: (p: FileLoadProgress) => void): Promise<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let loaded = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      report({ stage: 'reading', file: file.name, loaded: before + loaded, total });
    }
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Every typed array's buffer in the result, to transfer rather than copy. */
function buffersOf(result: FileLoad): ArrayBuffer[] {
  const { net, velocity } = result.load;
  const arrays: ArrayBufferView[] = [...net.params.weights, ...net.params.biases, ...(velocity ? [...velocity.weights, ...velocity.biases] : [])];
  const inputs = result.choice?.kind === 'custom' ? result.choice.inputs : null;
  if (inputs && ArrayBuffer.isView(inputs)) arrays.push(inputs);
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

async function load(request: FileLoadRequest): Promise<FileLoad> {
  const files = [request.model, request.batch, request.velocity].filter((f): f is File => f !== null);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const progress = (p: FileLoadProgress) => post({ type: 'progress', progress: p });
  const texts = new Map<File, NamedText>();
  let before = 0;
  for (const file of files) {
    texts.set(file, { name: file.name, text: await readText(file, before, total, progress) });
    before += file.size;
  }
  progress({ stage: 'parsing', file: request.model.name, loaded: total, total });
  const named = (file: File | null) => (file ? texts.get(file)! : null);
  return loadFromFiles({ model: named(request.model)!, batch: named(request.batch), velocity: named(request.velocity) }, request.rule);
}

scope.onmessage = (event: MessageEvent<FileLoadRequest>) => {
  load(event.data).then(
    (result) => post({ type: 'done', result }, buffersOf(result)),
    (error: unknown) => post({ type: 'failed', message: error instanceof FormatError || error instanceof Error ? error.message : String(error) }),
  );
};
