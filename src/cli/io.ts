// Everything the CLI touches outside itself is injected, so tests run the
// commands in-process and main.ts wires the real process streams.

import { readFile } from 'node:fs/promises';

export interface Writer {
  write(text: string): void;
}

export interface CliIO {
  stdout: Writer;
  stderr: Writer;
  /** standard input, read when a FILE argument is `-` */
  stdin?: string | (() => Promise<string>);
  /** file reader (default: node:fs) */
  readFile?: (path: string) => Promise<string>;
}

export interface InputFile {
  file: string;
  text: string;
}

export class InputError extends Error {
  override name = 'InputError';
}

/** Reads each FILE (`-` = standard input, read once) in order. */
export async function readInputs(files: readonly string[], io: CliIO): Promise<InputFile[]> {
  const out: InputFile[] = [];
  let stdinText: string | undefined;
  for (const file of files) {
    if (file === '-') {
      stdinText ??= await readStdin(io);
      out.push({ file: '-', text: stdinText });
      continue;
    }
    try {
      out.push({ file, text: await (io.readFile ?? ((p) => readFile(p, 'utf8')))(file) });
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new InputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
    }
  }
  return out;
}

async function readStdin(io: CliIO): Promise<string> {
  if (typeof io.stdin === 'string') return io.stdin;
  if (io.stdin) return io.stdin();
  return '';
}

/** Reads all of a Node stream (process.stdin) as UTF-8. */
export async function readStream(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  chunks.push(decoder.decode());
  return chunks.join('');
}
