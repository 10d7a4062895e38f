// The settings the extension sends, checked against the real server: a
// language-server session over stdio, with this package's code building
// `initializationOptions` and answering `workspace/configuration` the way
// the extension's middleware does.

import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

import { defaultSettings } from '../schema';
import { builtServer } from '../serverBinary';
import { filterConfiguration, serverSettings } from '../settings';
import { manifest } from './manifest';

const WAIT_MS = 30_000;
const URI = 'file:///tmp/docklens-vscode-test/Dockerfile';
// DL3006: untagged image. DL3000: relative WORKDIR.
const TEXT = 'FROM alpine\nWORKDIR app\n';

describe('settings against the real server', () => {
  let server: ChildProcessWithoutNullStreams;
  let connection: ProtocolConnection;
  let stderr = '';
  /** What VS Code would answer for the `docklens` section right now. */
  let section: Record<string, unknown>;
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];

  function codes(): string[] {
    const last = published.filter((it) => it.uri === URI).at(-1);
    return (last?.diagnostics ?? []).map((it) => String(it.code)).sort();
  }

  /** Resolves once the latest diagnostics satisfy `check`. */
  async function diagnosticsWhere(what: string, check: (codes: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + WAIT_MS;
    while (!check(codes())) {
      const left = deadline - Date.now();
      if (left <= 0) {
        assert.fail(`timed out waiting for ${what}; last diagnostics ${JSON.stringify(codes())}; stderr:\n${stderr}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return codes();
  }

  before(async () => {
    const properties = manifest().contributes.configuration.properties;
    // Everything at VS Code's defaults, as the extension would send it,
    // client-only keys included so that filtering them is exercised.
    section = { ...defaultSettings(properties), path: '/somewhere/docklens' };
    server = spawn(builtServer(), ['lsp', '--stdio'], { stdio: 'pipe' });
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.push(params);
      waiters.splice(0).forEach((wake) => wake());
    });
    connection.onRequest(ConfigurationRequest.type, (params) =>
      filterConfiguration(
        params.items,
        params.items.map((it) => (it.section === 'docklens' ? section : null)),
      ),
    );
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: {} },
      },
      initializationOptions: serverSettings(section),
    });
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text: TEXT },
    });
  });

  after(async () => {
    if (connection !== undefined) {
      await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
      await connection.sendNotification(ExitNotification.type).catch(() => undefined);
      connection.dispose();
    }
    server?.kill();
  });

  it('accepts every default VS Code sends', async () => {
    const seen = await diagnosticsWhere('DL3000 and DL3006', (it) => it.includes('DL3000') && it.includes('DL3006'));
    assert.ok(seen.includes('DL3000'));
    // The server names every setting it could not read.
    assert.doesNotMatch(stderr, /initializationOptions|settings:/);
  });

  it('picks up a changed setting through workspace/configuration', async () => {
    section = { ...section, ignore: ['DL3006'], rules: { DL3000: 'off' } };
    // What the client sends when the server registered for changes without
    // naming a section: "ask again".
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const seen = await diagnosticsWhere('DL3000 and DL3006 to be gone', (it) => !it.includes('DL3000') && !it.includes('DL3006'));
    assert.deepEqual(
      seen.filter((code) => code === 'DL3000' || code === 'DL3006'),
      [],
    );
    assert.doesNotMatch(stderr, /settings:/);
  });
});
