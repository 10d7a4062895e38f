// The docklens binary the tests and `npm run sync-settings` run: the one
// cargo built, unless DOCKLENS_BIN names another.

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

import type { Json } from './schema';

export function builtServer(): string {
  return process.env['DOCKLENS_BIN'] || path.resolve(__dirname, '..', '..', '..', 'target', 'debug', 'docklens');
}

/** The server's settings schema, from `docklens config-schema`. */
export function serverSchema(bin = builtServer()): Json {
  let text: string;
  try {
    text = execFileSync(bin, ['config-schema'], { encoding: 'utf8' });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot run \`${bin} config-schema\` (build it with \`cargo build\`, or set DOCKLENS_BIN): ${reason}`);
  }
  return JSON.parse(text) as Json;
}
