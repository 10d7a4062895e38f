// The VS Code side of docklens: start the server, pass settings through,
// and offer a few commands. Everything a user sees about Dockerfiles comes
// from the server; the logic worth testing lives in the vscode-free modules
// next to this one.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

import { defaultContext, describeFailure, findServer } from './binary';
import { COMMANDS, INSTALL_URL, LANGUAGE_ID } from './ids';
import { clickableLenses } from './lenses';
import { SECTION } from './schema';
import { filterConfiguration, serverEnvironment, serverSettings } from './settings';
import { runSize, sizeInvocation, sizeReportHtml } from './size';

let output: vscode.OutputChannel | undefined;
let client: LanguageClient | undefined;
/** The executable the running client was started with. */
let serverPath: string | undefined;
let sizePanel: vscode.WebviewPanel | undefined;

function log(line: string): void {
  output?.appendLine(line);
}

function folderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((it) => it.uri.scheme === 'file').map((it) => it.uri.fsPath);
}

/** Finds the executable, telling the user when there is none. */
function locateServer(): string | undefined {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string | null>('path');
  const found = findServer(defaultContext(configured, folderPaths()));
  if (found.kind === 'found') {
    return found.path;
  }
  const message = describeFailure(found);
  log(message);
  const install = 'Install instructions';
  const settings = 'Open settings';
  void vscode.window.showErrorMessage(message, install, settings).then((choice) => {
    if (choice === install) {
      void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    } else if (choice === settings) {
      void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
    }
  });
  return undefined;
}

function currentSettings(): Record<string, unknown> {
  return serverSettings(vscode.workspace.getConfiguration(SECTION));
}

async function startClient(): Promise<void> {
  const bin = locateServer();
  if (bin === undefined) {
    return;
  }
  const serverOptions: ServerOptions = {
    command: bin,
    args: ['lsp', '--stdio'],
    options: { env: serverEnvironment(process.env, currentSettings()) },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    outputChannel: output,
    initializationOptions: currentSettings,
    middleware: {
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        return lenses ? clickableLenses(lenses) : lenses;
      },
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          return Array.isArray(answers) ? filterConfiguration(params.items, answers) : answers;
        },
      },
    },
  };
  // Loaded here so that a missing server costs no more than the message.
  const { LanguageClient } = await import('vscode-languageclient/node');
  const next = new LanguageClient('docklens', 'docklens', serverOptions, clientOptions);
  client = next;
  serverPath = bin;
  log(`Starting ${bin}`);
  try {
    await next.start();
  } catch (err) {
    const message = `docklens: the server at ${bin} did not start: ${err instanceof Error ? err.message : String(err)}`;
    log(message);
    void vscode.window.showErrorMessage(message, 'Show log').then((choice) => {
      if (choice !== undefined) {
        output?.show(true);
      }
    });
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  serverPath = undefined;
  if (running === undefined) {
    return;
  }
  try {
    await running.stop();
  } catch (err) {
    log(`Stopping the server: ${err instanceof Error ? err.message : String(err)}`);
  }
  await running.dispose();
}

/** Starts and stops run one after another: two quick restarts must not leave two servers. */
let lifecycle: Promise<void> = Promise.resolve();

function serialized(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step).catch((err: unknown) => {
    log(`docklens: ${err instanceof Error ? err.message : String(err)}`);
  });
  return lifecycle;
}

function restart(): Promise<void> {
  return serialized(async () => {
    await stopClient();
    await startClient();
  });
}

async function showSizeReport(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== LANGUAGE_ID) {
    void vscode.window.showWarningMessage('docklens: open a Dockerfile to see its size report.');
    return;
  }
  const bin = serverPath ?? locateServer();
  if (bin === undefined) {
    return;
  }
  const document = editor.document;
  const settings = vscode.workspace.getConfiguration(SECTION, document.uri);
  const invocation = sizeInvocation(
    bin,
    {
      fsPath: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
      text: document.getText(),
      dirty: document.isDirty,
    },
    { target: settings.get('target'), buildArgs: settings.get('buildArgs') },
  );
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'docklens: computing the size report' },
    () => runSize(invocation),
  );
  if (!outcome.ok) {
    log(outcome.detail);
    void vscode.window.showErrorMessage(`docklens: no size report. ${outcome.message}`, 'Show log').then(
      (choice) => {
        if (choice !== undefined) {
          output?.show(true);
        }
      },
    );
    return;
  }
  const title = `Image size: ${path.basename(document.fileName)}`;
  if (sizePanel === undefined) {
    sizePanel = vscode.window.createWebviewPanel('docklens.sizeReport', title, vscode.ViewColumn.Beside, {
      enableScripts: false,
    });
    sizePanel.onDidDispose(() => (sizePanel = undefined));
  } else {
    sizePanel.reveal(vscode.ViewColumn.Beside, true);
  }
  sizePanel.title = title;
  sizePanel.webview.html = sizeReportHtml(title, outcome.report);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('docklens');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(COMMANDS.restartServer, restart),
    vscode.commands.registerCommand(COMMANDS.showServerLog, () => output?.show(true)),
    vscode.commands.registerCommand(COMMANDS.showSizeReport, showSizeReport),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The executable and its log level are fixed when the process starts;
      // every other setting reaches the running server by itself.
      if (event.affectsConfiguration(`${SECTION}.path`) || event.affectsConfiguration(`${SECTION}.logLevel`)) {
        void restart();
      }
    }),
  );
  await serialized(startClient);
}

export async function deactivate(): Promise<void> {
  await serialized(stopClient);
}
