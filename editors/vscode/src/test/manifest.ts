// package.json as the tests read it.

import * as fs from 'node:fs';
import * as path from 'node:path';

import type { JsonObject } from '../schema';

export interface Manifest {
  name: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  repository: { url: string };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: {
    languages: { id: string; filenames?: string[]; filenamePatterns?: string[] }[];
    commands: { command: string; title: string }[];
    configuration: { properties: JsonObject };
    configurationDefaults: JsonObject;
  };
  devDependencies: Record<string, string>;
}

export const extensionRoot = path.resolve(__dirname, '..', '..');

export function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as Manifest;
}
