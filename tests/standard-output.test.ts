// The CLI's lines go straight to file descriptors 1 and 2 (src/standard-output.ts): every line arrives, in
// order, through a pipe that a slow reader lets fill up, and a reader that goes away ends the writing, not
// the process.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MODULE = new URL('../lib/standard-output.js', import.meta.url).href;

function child(script: string): ReturnType<typeof spawn> {
  return spawn(process.execPath, ['--input-type=module', '-e', `import { writeStandard, outputQueued } from ${JSON.stringify(MODULE)};\n${script}`], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('standard output', () => {
  it('delivers every line in order through a full pipe', async () => {
    // 2,000 lines of 500 bytes: a megabyte, far past what a pipe holds while its reader waits.
    const proc = child(`for (let i = 0; i < 2000; i++) writeStandard(1, String(i).padStart(6, '0') + ' ' + 'x'.repeat(493) + '\\n');`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const chunks: Buffer[] = [];
    proc.stdout!.on('data', (c: Buffer) => chunks.push(c));
    const code = await new Promise((resolve) => proc.on('close', resolve));
    expect(code).toBe(0);
    const lines = Buffer.concat(chunks).toString().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2000);
    lines.forEach((line, i) => expect(line.slice(0, 6)).toBe(String(i).padStart(6, '0')));
  });

  it('stops writing, without an error, once the reader is gone', async () => {
    const proc = child(`for (let i = 0; i < 20000; i++) writeStandard(1, 'line ' + i + '\\n'); writeStandard(2, 'done ' + outputQueued() + '\\n');`);
    proc.stdout!.destroy();
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => (err += c));
    const code = await new Promise((resolve) => proc.on('close', resolve));
    expect(err).toBe('done false\n');
    expect(code).toBe(0);
  });
});
