// extension.ts activated against a fake `vscode` module: commands,
// the missing-server message and its buttons, restarts on settings
// changes, and the size report page. The language client itself is never
// started here (that needs VS Code); server.test.ts covers what it sends.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';

import { COMMANDS, INSTALL_URL } from '../ids';
import { type FakeDocument, installFakeVscode, settle } from './fakeVscode';

const fake = installFakeVscode();
// Loaded after the fake is in place; typed from the real module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require('../extension') as typeof import('../extension');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docklens-extension-'));
const saved = { PATH: process.env['PATH'], HOME: process.env['HOME'], CARGO_HOME: process.env['CARGO_HOME'] };

function script(name: string, body: string): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`);
  fs.chmodSync(file, 0o755);
  return file;
}

function dockerfile(text: string, dirty: boolean): { document: FakeDocument } {
  const fsPath = path.join(root, 'Dockerfile');
  return {
    document: { languageId: 'dockerfile', fileName: fsPath, uri: { scheme: 'file', fsPath }, isDirty: dirty, getText: () => text },
  };
}

describe('the extension outside VS Code', { skip: process.platform === 'win32' ? 'uses sh scripts' : false }, () => {
  before(async () => {
    // No docklens anywhere the extension looks.
    process.env['PATH'] = fs.mkdtempSync(path.join(root, 'empty-path-'));
    process.env['HOME'] = root;
    process.env['CARGO_HOME'] = path.join(root, 'cargo');
    fake.answer = 'Install instructions';
    await extension.activate({ subscriptions: [] } as never);
    await settle();
  });

  after(async () => {
    await extension.deactivate();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => {
    fake.messages = [];
    fake.answer = undefined;
  });

  it('registers its commands', () => {
    assert.deepEqual([...fake.commands.keys()].sort(), Object.values(COMMANDS).sort());
  });

  it('says the server is missing, and the button opens the install instructions', () => {
    // Recorded by `before`, which clicked "Install instructions".
    assert.deepEqual(fake.opened, [INSTALL_URL]);
    assert.ok(fake.outputLines.some((line) => /executable was not found \(looked on PATH and in .*cargo\/bin\)/.test(line)));
  });

  it('shows the log on request', async () => {
    const shown = fake.outputShown;
    await fake.commands.get(COMMANDS.showServerLog)?.();
    assert.equal(fake.outputShown, shown + 1);
  });

  it('restarts when docklens.path changes, and names a bad path', async () => {
    fake.answer = 'Open settings';
    fake.changeSettings({ 'docklens.path': path.join(root, 'missing-docklens') });
    await settle();
    await settle();
    assert.equal(fake.messages.length, 1);
    const [message] = fake.messages;
    assert.equal(message.level, 'error');
    assert.match(message.text, /docklens\.path setting points to .*missing-docklens, which cannot be run \(no such file\)/);
    assert.deepEqual(message.items, ['Install instructions', 'Open settings']);
    assert.deepEqual(fake.executed.at(-1), ['workbench.action.openSettings', 'docklens.path']);
  });

  it('does not restart for settings the server picks up itself', async () => {
    fake.changeSettings({ 'docklens.ignore': ['DL3006'] });
    await settle();
    assert.deepEqual(fake.messages, []);
  });

  it('asks for a Dockerfile before showing a size report', async () => {
    fake.activeTextEditor = undefined;
    await fake.commands.get(COMMANDS.showSizeReport)?.();
    assert.equal(fake.messages.length, 1);
    assert.match(fake.messages[0].text, /open a Dockerfile/);
  });

  it('shows the size report of unsaved text in a page', async () => {
    // Set without an event: a change would restart the (real) client.
    fake.settings['docklens.path'] = script('fake-docklens', 'echo "args: $*"; exec /bin/cat');
    fake.activeTextEditor = dockerfile('FROM alpine:3.20 <b>\n', true);
    fake.settings['docklens.target'] = 'runtime';
    await fake.commands.get(COMMANDS.showSizeReport)?.();
    delete fake.settings['docklens.target'];
    assert.deepEqual(fake.messages, []);
    const panel = fake.panels.at(-1);
    assert.ok(panel);
    assert.equal(panel.title, 'Image size: Dockerfile');
    assert.match(panel.webview.html, /args: size --format text --target runtime -\nFROM alpine:3\.20 &#60;b&#62;\n/);
  });

  it('says why there is no size report when the command fails', async () => {
    fake.settings['docklens.path'] = script('failing-docklens', 'echo "error: unknown subcommand" >&2; exit 2');
    fake.activeTextEditor = dockerfile('FROM alpine:3.20\n', false);
    const panels = fake.panels.length;
    await fake.commands.get(COMMANDS.showSizeReport)?.();
    assert.equal(fake.panels.length, panels);
    assert.equal(fake.messages.length, 1);
    assert.match(fake.messages[0].text, /^docklens: no size report\. `failing-docklens size --format text .*Dockerfile` exited with 2: error: unknown subcommand$/);
    assert.ok(fake.outputLines.some((line) => line.endsWith('exited with 2:\nerror: unknown subcommand')));
  });
});
