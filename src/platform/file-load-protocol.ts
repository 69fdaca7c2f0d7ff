// The messages between the page and the file-load worker (file-load.worker.ts), which reads
// and parses the Open-files panel's files off the main thread: a 216 MB batch file is seconds
// of JSON.parse and validation, during which the page must keep drawing and answering.

import type { FileLoad, StepRule } from '../session/file-load';

export interface FileLoadRequest {
  readonly model: File;
  readonly batch: File | null;
  readonly velocity: File | null;
  readonly rule: StepRule;
}

/** Where the load is: reading bytes (with how many of all the files' bytes), or parsing one file. */
export type FileLoadProgress =
  | { readonly stage: 'reading'; readonly file: string; readonly loaded: number; readonly total: number }
  | { readonly stage: 'parsing'; readonly file: string; readonly loaded: number; readonly total: number };

export type FileLoadMessage =
  | { readonly type: 'progress'; readonly progress: FileLoadProgress }
  | { readonly type: 'done'; readonly result: FileLoad }
  | { readonly type: 'failed'; readonly message: string };
