import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

import { describeFailure, expandConfigured, findServer, type SearchContext } from '../binary';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docklens-binary-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function dir(name: string): string {
  const res = path.join(root, name);
  fs.mkdirSync(res, { recursive: true });
  return res;
}

function file(at: string, mode: number): string {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, '#!/bin/sh\n');
  fs.chmodSync(at, mode);
  return at;
}

function context(overrides: Partial<SearchContext>): SearchContext {
  return { env: {}, platform: 'linux', workspaceFolders: [], home: dir('empty-home'), ...overrides };
}

describe('findServer', { skip: process.platform === 'win32' ? 'POSIX permissions' : false }, () => {
  const first = dir('path-a');
  const second = dir('path-b');
  const onPath = file(path.join(second, 'docklens'), 0o755);
  // Not executable: skipped in favour of a later PATH entry.
  file(path.join(first, 'docklens'), 0o644);

  it('takes the first executable on PATH', () => {
    const res = findServer(context({ env: { PATH: [dir('path-none'), first, second].join(':') } }));
    assert.deepEqual(res, { kind: 'found', path: onPath, source: 'PATH' });
  });

  it('prefers the setting to PATH', () => {
    const mine = file(path.join(dir('custom'), 'my-docklens'), 0o755);
    const res = findServer(context({ configured: mine, env: { PATH: second } }));
    assert.deepEqual(res, { kind: 'found', path: mine, source: 'setting' });
  });

  it('does not fall back when the setting is wrong', () => {
    const res = findServer(context({ configured: path.join(root, 'nope'), env: { PATH: second } }));
    assert.deepEqual(res, { kind: 'bad-setting', path: path.join(root, 'nope'), reason: 'no such file' });
    assert.match(describeFailure(res), /docklens\.path.*nope.*no such file/);
    const folder = dir('a-directory');
    assert.equal((findServer(context({ configured: folder })) as { reason: string }).reason, 'not a file');
    const plain = file(path.join(root, 'plain'), 0o644);
    assert.equal((findServer(context({ configured: plain })) as { reason: string }).reason, 'not executable');
  });

  it('treats an empty setting as unset', () => {
    const res = findServer(context({ configured: '  ', env: { PATH: second } }));
    assert.equal(res.kind, 'found');
  });

  it("falls back to cargo's bin directory", () => {
    const home = dir('home');
    const cargo = file(path.join(home, '.cargo', 'bin', 'docklens'), 0o755);
    assert.deepEqual(findServer(context({ home, env: { PATH: dir('path-none') } })), {
      kind: 'found',
      path: cargo,
      source: 'cargo',
    });
    const cargoHome = dir('cargo-home');
    const elsewhere = file(path.join(cargoHome, 'bin', 'docklens'), 0o755);
    assert.equal((findServer(context({ home, env: { CARGO_HOME: cargoHome } })) as { path: string }).path, elsewhere);
  });

  it('says where it looked when there is nothing', () => {
    const res = findServer(context({ env: { PATH: dir('path-none') } }));
    assert.equal(res.kind, 'missing');
    const message = describeFailure(res);
    assert.match(message, /not found \(looked on PATH and in .*\.cargo[/\\]bin\)/);
    assert.match(message, /set docklens\.path/);
  });
});

describe('expandConfigured', () => {
  const ctx = context({ home: '/home/me', workspaceFolders: ['/work/project', '/work/other'] });

  it('expands ~ and ${workspaceFolder}, anchors relative paths in the first folder', () => {
    assert.equal(expandConfigured('~/bin/docklens', ctx), '/home/me/bin/docklens');
    assert.equal(expandConfigured('${workspaceFolder}/target/debug/docklens', ctx), '/work/project/target/debug/docklens');
    assert.equal(expandConfigured('target/release/docklens', ctx), '/work/project/target/release/docklens');
    assert.equal(expandConfigured(' /usr/bin/docklens ', ctx), '/usr/bin/docklens');
  });
});
