// Finding the `docklens` executable: the `docklens.path` setting, else
// `PATH`, else cargo's install directory (editors started from a desktop
// launcher often have a `PATH` without `~/.cargo/bin`).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SearchContext {
  /** The `docklens.path` setting, if any. */
  configured?: string | null;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Filesystem paths of the workspace folders, first one first. */
  workspaceFolders: readonly string[];
  home: string;
}

export type SearchResult =
  | { kind: 'found'; path: string; source: 'setting' | 'PATH' | 'cargo' }
  /** `docklens.path` is set but unusable: no fallback, the user asked for it. */
  | { kind: 'bad-setting'; path: string; reason: string }
  | { kind: 'missing'; searched: string[] };

export function defaultContext(configured: string | null | undefined, workspaceFolders: readonly string[]): SearchContext {
  return { configured, env: process.env, platform: process.platform, workspaceFolders, home: os.homedir() };
}

function executableNames(ctx: SearchContext): string[] {
  if (ctx.platform !== 'win32') {
    return ['docklens'];
  }
  const exts = (ctx.env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';').filter((it) => it !== '');
  return ['docklens.exe', ...exts.map((ext) => `docklens${ext.toLowerCase()}`)].filter(
    (it, index, all) => all.indexOf(it) === index,
  );
}

/** Why `file` cannot be run, or undefined when it can. */
function unusable(file: string, platform: NodeJS.Platform): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'no such file';
  }
  if (!stat.isFile()) {
    return 'not a file';
  }
  if (platform !== 'win32') {
    try {
      fs.accessSync(file, fs.constants.X_OK);
    } catch {
      return 'not executable';
    }
  }
  return undefined;
}

/** `~` and `${workspaceFolder}` expanded, relative paths anchored. */
export function expandConfigured(configured: string, ctx: SearchContext): string {
  const folder = ctx.workspaceFolders[0];
  let res = configured.trim();
  if (res === '~' || res.startsWith('~/') || res.startsWith('~\\')) {
    res = path.join(ctx.home, res.slice(1));
  }
  if (folder !== undefined) {
    res = res.split('${workspaceFolder}').join(folder);
  }
  if (!path.isAbsolute(res) && folder !== undefined) {
    res = path.join(folder, res);
  }
  return res;
}

export function findServer(ctx: SearchContext): SearchResult {
  const configured = ctx.configured?.trim();
  if (configured) {
    const file = expandConfigured(configured, ctx);
    const reason = unusable(file, ctx.platform);
    return reason === undefined
      ? { kind: 'found', path: file, source: 'setting' }
      : { kind: 'bad-setting', path: file, reason };
  }
  const searched: string[] = [];
  const pathVar = ctx.env['PATH'] ?? ctx.env['Path'] ?? '';
  const delimiter = ctx.platform === 'win32' ? ';' : ':';
  const dirs = pathVar.split(delimiter).filter((it) => it !== '');
  for (const dir of dirs) {
    for (const name of executableNames(ctx)) {
      const file = path.join(dir, name);
      if (unusable(file, ctx.platform) === undefined) {
        return { kind: 'found', path: file, source: 'PATH' };
      }
    }
  }
  searched.push('PATH');
  const cargoHome = ctx.env['CARGO_HOME'] || path.join(ctx.home, '.cargo');
  const cargoBin = path.join(cargoHome, 'bin');
  for (const name of executableNames(ctx)) {
    const file = path.join(cargoBin, name);
    if (unusable(file, ctx.platform) === undefined) {
      return { kind: 'found', path: file, source: 'cargo' };
    }
  }
  searched.push(cargoBin);
  return { kind: 'missing', searched };
}

/** The sentence shown when no server can be started. */
export function describeFailure(result: Exclude<SearchResult, { kind: 'found' }>): string {
  if (result.kind === 'bad-setting') {
    return `docklens: the docklens.path setting points to ${result.path}, which cannot be run (${result.reason}).`;
  }
  return `docklens: the docklens executable was not found (looked on ${result.searched.join(' and in ')}). Install it, or set docklens.path.`;
}
