import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { filterConfiguration, serverEnvironment, serverSettings } from '../settings';

// Shaped like VS Code's WorkspaceConfiguration: data plus methods.
const vscodeSection = {
  path: '/opt/docklens',
  trace: { server: 'verbose' },
  ignore: ['DL3006'],
  formatter: { keywordCase: 'lower', continuationIndent: null },
  target: null,
  get: () => undefined,
  has: () => false,
};

describe('serverSettings', () => {
  it('drops client-only keys and methods, keeps nulls', () => {
    assert.deepEqual(serverSettings(vscodeSection), {
      ignore: ['DL3006'],
      formatter: { keywordCase: 'lower', continuationIndent: null },
      target: null,
    });
  });

  it('gives an empty object for anything but an object', () => {
    assert.deepEqual(serverSettings(undefined), {});
    assert.deepEqual(serverSettings(null), {});
    assert.deepEqual(serverSettings(['x']), {});
  });

  it('does not change its input', () => {
    const input = { path: 'x', ignore: ['a'] };
    serverSettings(input);
    assert.deepEqual(input, { path: 'x', ignore: ['a'] });
  });
});

describe('filterConfiguration', () => {
  it('filters the docklens section, asked by name or inside everything', () => {
    const out = filterConfiguration(
      [{ section: 'docklens', scopeUri: 'file:///a/Dockerfile' }, { section: 'editor' }, { section: null }, {}],
      [vscodeSection, { tabSize: 4, path: 'kept' }, { docklens: { path: 'x', target: 'run' }, other: 1 }, 7],
    );
    assert.deepEqual(out, [
      serverSettings(vscodeSection),
      { tabSize: 4, path: 'kept' },
      { docklens: { target: 'run' }, other: 1 },
      7,
    ]);
  });
});

describe('serverEnvironment', () => {
  it('passes logLevel as DOCKLENS_LOG', () => {
    const env = serverEnvironment({ PATH: '/bin' }, { logLevel: 'debug' });
    assert.deepEqual(env, { PATH: '/bin', DOCKLENS_LOG: 'debug' });
  });

  it('ignores levels the server does not know', () => {
    assert.deepEqual(serverEnvironment({ PATH: '/bin' }, { logLevel: 'loud' }), { PATH: '/bin' });
    assert.deepEqual(serverEnvironment({}, {}), {});
  });
});
