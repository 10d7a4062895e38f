// A stand-in for the `vscode` module, just big enough for extension.ts to
// activate outside VS Code, recording what the extension asks of it.
// Installed with `installFakeVscode()` before extension.ts is loaded.

import Module from 'node:module';

export interface Message {
  level: 'error' | 'warning';
  text: string;
  items: string[];
}

export interface FakeDocument {
  languageId: string;
  fileName: string;
  uri: { scheme: string; fsPath: string };
  isDirty: boolean;
  getText(): string;
}

type Listener<T> = (event: T) => unknown;

export class FakeVscode {
  settings: Record<string, unknown> = {};
  commands = new Map<string, (...args: unknown[]) => unknown>();
  executed: unknown[][] = [];
  messages: Message[] = [];
  /** The button the "user" clicks on the next message, if any. */
  answer: string | undefined;
  opened: string[] = [];
  outputLines: string[] = [];
  outputShown = 0;
  panels: { title: string; webview: { html: string } }[] = [];
  activeTextEditor: { document: FakeDocument } | undefined;
  private configurationListeners: Listener<{ affectsConfiguration(section: string): boolean }>[] = [];

  /** Fires `onDidChangeConfiguration` for the given dotted keys. */
  changeSettings(changes: Record<string, unknown>): void {
    Object.assign(this.settings, changes);
    const keys = Object.keys(changes);
    const event = {
      affectsConfiguration: (section: string) => keys.some((key) => key === section || key.startsWith(`${section}.`)),
    };
    for (const listener of this.configurationListeners) {
      listener(event);
    }
  }

  readonly module = {
    ViewColumn: { Beside: -2 },
    ProgressLocation: { Window: 10 },
    Uri: { parse: (text: string) => ({ toString: () => text }) },
    env: {
      openExternal: (uri: { toString(): string }) => {
        this.opened.push(uri.toString());
        return Promise.resolve(true);
      },
    },
    commands: {
      registerCommand: (id: string, callback: (...args: unknown[]) => unknown) => {
        this.commands.set(id, callback);
        return { dispose: () => this.commands.delete(id) };
      },
      executeCommand: (...args: unknown[]) => {
        this.executed.push(args);
        return Promise.resolve(undefined);
      },
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: (section: string) => {
        const prefix = `${section}.`;
        const data: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(this.settings)) {
          if (key.startsWith(prefix)) {
            data[key.slice(prefix.length)] = value;
          }
        }
        return { ...data, get: (key: string) => data[key] };
      },
      onDidChangeConfiguration: (listener: Listener<{ affectsConfiguration(section: string): boolean }>) => {
        this.configurationListeners.push(listener);
        return { dispose: () => undefined };
      },
    },
    window: {
      createOutputChannel: () => ({
        appendLine: (line: string) => this.outputLines.push(line),
        show: () => (this.outputShown += 1),
        dispose: () => undefined,
      }),
      showErrorMessage: (text: string, ...items: string[]) => this.message('error', text, items),
      showWarningMessage: (text: string, ...items: string[]) => this.message('warning', text, items),
      withProgress: (_options: unknown, task: () => Promise<unknown>) => task(),
      createWebviewPanel: (_type: string, title: string) => {
        const panel = {
          title,
          webview: { html: '' },
          reveal: () => undefined,
          onDidDispose: () => ({ dispose: () => undefined }),
        };
        this.panels.push(panel);
        return panel;
      },
      get activeTextEditor() {
        return fake.activeTextEditor;
      },
    },
  };

  private message(level: Message['level'], text: string, items: string[]): Promise<string | undefined> {
    this.messages.push({ level, text, items });
    return Promise.resolve(this.answer !== undefined && items.includes(this.answer) ? this.answer : undefined);
  }
}

let fake: FakeVscode;

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Routes `require('vscode')` to a fresh fake; returns it. */
export function installFakeVscode(): FakeVscode {
  fake = new FakeVscode();
  const loader = Module as unknown as { _load: Load };
  const original = loader._load;
  if (!(original as { fake?: boolean }).fake) {
    const load: Load = function (this: unknown, request, parent, isMain) {
      return request === 'vscode' ? fake.module : original.call(this, request, parent, isMain);
    };
    (load as { fake?: boolean }).fake = true;
    loader._load = load;
  }
  return fake;
}

/** Lets promise callbacks (`showErrorMessage(...).then`) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
