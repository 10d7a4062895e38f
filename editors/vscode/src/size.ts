// "Show Image Size Report": runs `docklens size` on the current document
// and renders its text report as a page.

import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface SizeDocument {
  /** The file on disk, when the document has one. */
  fsPath?: string;
  text: string;
  /** Unsaved changes: the report must describe what the user sees. */
  dirty: boolean;
}

export interface SizeInvocation {
  command: string;
  args: string[];
  /** Written to the process' stdin when set. */
  stdin?: string;
  /** Where configuration files (`docklens.toml`, ...) are found from. */
  cwd?: string;
}

/** On failure: `message` is one line for a notification, `detail` all of it for the log. */
export type SizeOutcome = { ok: true; report: string } | { ok: false; message: string; detail: string };

/**
 * The settings `docklens size` takes as flags: it reads no configuration
 * files, so the report matches the editor only if these are passed on.
 */
export interface SizeSettings {
  target?: unknown;
  buildArgs?: unknown;
}

function settingFlags(settings: SizeSettings): string[] {
  const flags: string[] = [];
  if (typeof settings.target === 'string' && settings.target !== '') {
    flags.push('--target', settings.target);
  }
  const buildArgs = settings.buildArgs;
  if (buildArgs !== null && typeof buildArgs === 'object' && !Array.isArray(buildArgs)) {
    for (const [name, value] of Object.entries(buildArgs as Record<string, unknown>)) {
      if (typeof value === 'string') {
        flags.push('--build-arg', `${name}=${value}`);
      }
    }
  }
  return flags;
}

export function sizeInvocation(
  bin: string,
  doc: SizeDocument,
  settings: SizeSettings = {},
  format: 'text' | 'json' = 'text',
): SizeInvocation {
  const args = ['size', '--format', format, ...settingFlags(settings)];
  if (doc.fsPath !== undefined && !doc.dirty) {
    return { command: bin, args: [...args, doc.fsPath], cwd: path.dirname(doc.fsPath) };
  }
  return {
    command: bin,
    args: [...args, '-'],
    stdin: doc.text,
    cwd: doc.fsPath !== undefined ? path.dirname(doc.fsPath) : undefined,
  };
}

/** The first lines of `text`, for a log that stays readable. */
function excerpt(text: string, lines = 20): string {
  const all = text.trim().split(/\r?\n/);
  const head = all.slice(0, lines).join('\n');
  return all.length > lines ? `${head}\n…` : head;
}

/**
 * Runs the command. Never rejects: a failure comes back as a message that
 * says what was run and what it printed.
 */
export function runSize(invocation: SizeInvocation, timeoutMs = 60_000): Promise<SizeOutcome> {
  const shown = [path.basename(invocation.command), ...invocation.args].join(' ');
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (outcome: SizeOutcome) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      }
    };
    const child = spawn(invocation.command, invocation.args, {
      cwd: invocation.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const timer = setTimeout(() => {
      child.kill();
      const message = `\`${shown}\` did not finish within ${timeoutMs / 1000} s and was stopped.`;
      finish({ ok: false, message, detail: message });
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (err) => {
      const message = `Could not run \`${shown}\`: ${err.message}`;
      finish({ ok: false, message, detail: message });
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        finish({ ok: true, report: stdout });
        return;
      }
      const status = code !== null ? `exited with ${code}` : `was killed by ${signal ?? 'a signal'}`;
      const said = excerpt(stderr) || excerpt(stdout);
      const first = said.split('\n')[0];
      finish({
        ok: false,
        message: said ? `\`${shown}\` ${status}: ${first}` : `\`${shown}\` ${status} without a word.`,
        detail: said ? `\`${shown}\` ${status}:\n${said}` : `\`${shown}\` ${status} without a word.`,
      });
    });
    // A server that exits before reading everything closes the pipe: the
    // exit status says what went wrong, not the EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(invocation.stdin ?? '');
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The report as a self-contained page: no scripts, no remote content
 * (the Content-Security-Policy allows inline styles only).
 */
export function sizeReportHtml(title: string, report: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
  pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); white-space: pre; overflow-x: auto; }
</style>
</head>
<body>
<h2>${escapeHtml(title)}</h2>
<pre>${escapeHtml(report)}</pre>
</body>
</html>
`;
}
