import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { builtServer } from '../serverBinary';
import { runSize, sizeInvocation, sizeReportHtml } from '../size';
import { extensionRoot } from './manifest';

describe('sizeInvocation', () => {
  it('passes a saved file by path, run from its directory', () => {
    assert.deepEqual(sizeInvocation('/bin/docklens', { fsPath: '/p/app/Dockerfile', text: 'FROM x', dirty: false }), {
      command: '/bin/docklens',
      args: ['size', '--format', 'text', '/p/app/Dockerfile'],
      cwd: '/p/app',
    });
  });

  it('pipes unsaved text, still from the file directory', () => {
    assert.deepEqual(
      sizeInvocation('/bin/docklens', { fsPath: '/p/app/Dockerfile', text: 'FROM y', dirty: true }, {}, 'json'),
      { command: '/bin/docklens', args: ['size', '--format', 'json', '-'], stdin: 'FROM y', cwd: '/p/app' },
    );
    assert.deepEqual(sizeInvocation('/bin/docklens', { text: 'FROM z', dirty: false }), {
      command: '/bin/docklens',
      args: ['size', '--format', 'text', '-'],
      stdin: 'FROM z',
      cwd: undefined,
    });
  });
});

// A stand-in command with known behaviour: node itself.
function node(script: string, stdin?: string) {
  return { command: process.execPath, args: ['-e', script], stdin };
}

describe('sizeInvocation with settings', () => {
  it('passes target and build arguments as flags, skipping what is unset or malformed', () => {
    const run = sizeInvocation(
      '/bin/docklens',
      { fsPath: '/p/Dockerfile', text: '', dirty: false },
      { target: 'runtime', buildArgs: { GO: '1.24', EMPTY: '', BAD: 3 } },
    );
    assert.deepEqual(run.args, [
      'size',
      '--format',
      'text',
      '--target',
      'runtime',
      '--build-arg',
      'GO=1.24',
      '--build-arg',
      'EMPTY=',
      '/p/Dockerfile',
    ]);
    const unset = sizeInvocation('/bin/docklens', { text: '', dirty: true }, { target: null, buildArgs: [] });
    assert.deepEqual(unset.args, ['size', '--format', 'text', '-']);
  });
});

describe('runSize', () => {
  it('returns stdout on success, with stdin delivered', async () => {
    const out = await runSize(node('process.stdin.pipe(process.stdout)', 'FROM alpine\n'));
    assert.deepEqual(out, { ok: true, report: 'FROM alpine\n' });
  });

  it('reports the exit status and stderr on failure', async () => {
    const out = await runSize(node('console.log("partial"); console.error("error: no such stage"); process.exit(2)'));
    assert.equal(out.ok, false);
    assert.match((out as { message: string }).message, /^`node -e .*` exited with 2: error: no such stage$/);
    assert.match((out as { detail: string }).detail, /^`node -e .*` exited with 2:\nerror: no such stage$/);
  });

  it('falls back to stdout when stderr is empty, and says when both are', async () => {
    const out = await runSize(node('console.log("only stdout"); console.log("more"); process.exit(1)'));
    assert.match((out as { message: string }).message, /exited with 1: only stdout$/);
    assert.match((out as { detail: string }).detail, /exited with 1:\nonly stdout\nmore$/);
    const silent = await runSize(node('process.exit(3)'));
    assert.match((silent as { message: string }).message, /exited with 3 without a word\.$/);
  });

  it('says so when the command cannot be started', async () => {
    const out = await runSize({ command: '/nonexistent/docklens', args: ['size'] });
    assert.equal(out.ok, false);
    assert.match((out as { message: string }).message, /^Could not run `docklens size`: .*ENOENT/);
  });

  it('stops a command that hangs', async () => {
    const out = await runSize(node('setInterval(() => {}, 1000)'), 200);
    assert.match((out as { message: string }).message, /did not finish within 0.2 s/);
  });
});

describe('the size report from the real server', () => {
  const t1 = path.resolve(extensionRoot, '..', '..', 'tests', 'fixtures', 'seed', 't1.Dockerfile');
  const text = fs.readFileSync(t1, 'utf8');

  it('reports a saved file', async () => {
    const out = await runSize(sizeInvocation(builtServer(), { fsPath: t1, text, dirty: false }));
    assert.ok(out.ok, JSON.stringify(out));
    assert.match(out.report, /golang:alpine/);
    assert.match(out.report, /final image/);
  });

  it('reports unsaved text, as the editor shows it', async () => {
    const edited = text.replace('FROM golang:alpine', 'FROM golang:alpine AS build\n\nFROM alpine:3.20');
    const out = await runSize(sizeInvocation(builtServer(), { fsPath: t1, text: edited, dirty: true }));
    assert.ok(out.ok, JSON.stringify(out));
    assert.match(out.report, /alpine:3\.20/);
  });

  it('passes the target setting, and says when it names no stage', async () => {
    const out = await runSize(
      sizeInvocation(builtServer(), { fsPath: t1, text, dirty: false }, { target: 'nope' }),
    );
    assert.equal(out.ok, false);
    assert.match((out as { message: string }).message, /exited with 2: .*no stage is named `nope`/);
  });
});

describe('sizeReportHtml', () => {
  it('escapes the report and allows no scripts', () => {
    const html = sizeReportHtml('Image size: a<b>', 'RUN echo "<script>alert(1)</script>" & more');
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
    assert.ok(html.includes('Image size: a&#60;b&#62;'));
    assert.ok(html.includes("default-src 'none'"));
  });
});
