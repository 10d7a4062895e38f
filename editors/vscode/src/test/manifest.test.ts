import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { COMMANDS, LANGUAGE_ID } from '../ids';
import { extensionRoot, manifest } from './manifest';

const pkg = manifest();

describe('package.json', () => {
  it('declares exactly the commands the extension registers', () => {
    assert.deepEqual(pkg.contributes.commands.map((it) => it.command).sort(), Object.values(COMMANDS).sort());
  });

  it('activates on Dockerfiles and points at the compiled entry point', () => {
    assert.deepEqual(pkg.activationEvents, [`onLanguage:${LANGUAGE_ID}`]);
    assert.equal(pkg.main, './out/extension.js');
    assert.ok(fs.existsSync(path.join(extensionRoot, pkg.main)), `${pkg.main} missing: run npm run compile`);
  });

  it('associates every Dockerfile name the CLI searches for with the dockerfile language', () => {
    const languages = pkg.contributes.languages.filter((it) => it.id === LANGUAGE_ID);
    const filenames = languages.flatMap((it) => it.filenames ?? []);
    const patterns = languages.flatMap((it) => it.filenamePatterns ?? []);
    assert.deepEqual(filenames.sort(), ['Containerfile', 'Dockerfile']);
    assert.deepEqual(patterns.sort(), ['*.Containerfile', '*.Dockerfile', 'Containerfile.*', 'Dockerfile.*']);
  });

  it('does not turn semantic highlighting off for Dockerfiles', () => {
    assert.deepEqual(pkg.contributes.configurationDefaults[`[${LANGUAGE_ID}]`], {
      'editor.semanticHighlighting.enabled': true,
    });
  });

  it('restricts only settings that exist', () => {
    const properties = pkg.contributes.configuration.properties;
    for (const key of pkg.capabilities.untrustedWorkspaces.restrictedConfigurations) {
      assert.ok(key in properties, `${key} is restricted but not a setting`);
    }
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('docklens.path'));
  });

  // vsce refuses to package when @types/vscode is newer than the oldest VS
  // Code the extension claims to run on.
  it('types against the oldest VS Code it supports', () => {
    const engine = /^\^(\d+)\.(\d+)\./.exec(pkg.engines.vscode);
    const types = /^~?\^?(\d+)\.(\d+)\./.exec(pkg.devDependencies['@types/vscode']);
    assert.ok(engine && types, `${pkg.engines.vscode} / ${pkg.devDependencies['@types/vscode']}`);
    assert.deepEqual(types.slice(1), engine.slice(1));
  });
});
