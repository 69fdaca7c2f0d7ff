// The page's end of the file-load worker: one worker per load, ended when it answers. A file
// over the read budget is refused here, from its size, before a byte of it is read.

import { fileBudgetProblem } from '../engine/budgets';
import type { FileLoad, StepRule } from '../session/file-load';
import type { FileLoadMessage, FileLoadProgress } from './file-load-protocol';

export type { FileLoadProgress } from './file-load-protocol';

export interface OpenFileList {
  readonly model: File;
  readonly batch: File | null;
  readonly velocity: File | null;
}

/** Reads and parses the files in a worker; rejects with the one-line problem (naming the file and field). */
export function loadFilesInWorker(files: OpenFileList, rule: StepRule, onProgress: (progress: FileLoadProgress) => void): Promise<FileLoad> {
  for (const file of [files.model, files.batch, files.velocity]) {
    const problem = file ? fileBudgetProblem(file.size) : null;
    if (file && problem) return Promise.reject(new Error(`${file.name}: ${problem}`));
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./file-load.worker.ts', import.meta.url), { type: 'module', name: 'deltascope-file-load' });
    const end = () => worker.terminate();
    worker.onmessage = (event: MessageEvent<FileLoadMessage>) => {
      const message = event.data;
      if (message.type === 'progress') {
        onProgress(message.progress);
      } else {
        if (message.type === 'done') resolve(message.result);
        else reject(new Error(message.message));
        // Ended in a later task: freeing the worker's heap (the file's text and its parse, a
        // gigabyte for a 216 MB file) slows the page's own memory while the result is applied.
        setTimeout(end, 0);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      end();
      reject(new Error(`the file-load worker failed: ${event.message || 'it could not start'}`));
    };
    worker.postMessage({ ...files, rule });
  });
}
