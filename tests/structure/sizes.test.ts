// No god files: no Svelte component with over 300 lines of script, no source file of src/
// over 400 lines — apart from generated code and the unrolled WebAssembly kernels.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const MAX_FILE_LINES = 400;
const MAX_SCRIPT_LINES = 300;

/** Over the file limit by nature: code written by scripts/ (*.generated.ts), and the kernels unrolled by hand for speed. */
const EXEMPT = new Set(['src/engine/kernels/wasm/assembly/index.ts']);
const isGenerated = (file: string) => file.endsWith('.generated.ts');


function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|svelte|js|css)$/.test(name) ? [relative(root, path)] : [];
  });
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('file sizes', () => {
  const files = sourceFiles(join(root, 'src'));

  it(`no source file over ${MAX_FILE_LINES} lines but the exempt ones`, () => {
    expect(files.length).toBeGreaterThan(150);
    const over = files
      .filter((f) => !EXEMPT.has(f) && !isGenerated(f))
      .map((f) => ({ file: f, lines: lineCount(readFileSync(join(root, f), 'utf8')) }))
      .filter(({ file, lines }) => lines > MAX_FILE_LINES);
    expect(over).toEqual([]);
    for (const file of EXEMPT) expect(files, `${file} is listed but gone`).toContain(file);
    expect(files.filter(isGenerated).length).toBeGreaterThanOrEqual(1);
  });

  it(`no component with over ${MAX_SCRIPT_LINES} lines of script`, () => {
    const over = files
      .filter((f) => f.endsWith('.svelte'))
      .map((f) => {
        const text = readFileSync(join(root, f), 'utf8');
        const script = /<script[^>]*>([\s\S]*?)<\/script>/.exec(text)?.[1] ?? '';
        return { file: f, lines: lineCount(script.replace(/^\n/, '')) };
      })
      .filter(({ lines }) => lines > MAX_SCRIPT_LINES);
    expect(over).toEqual([]);
  });
});
