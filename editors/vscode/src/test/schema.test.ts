import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CLIENT_PROPERTIES, configurationProperties, defaultSettings, type Json, type JsonObject } from '../schema';
import { serverSchema } from '../serverBinary';
import { CLIENT_ONLY_KEYS } from '../settings';
import { manifest } from './manifest';

const properties = manifest().contributes.configuration.properties;

describe('package.json settings against `docklens config-schema`', () => {
  const schema = serverSchema() as JsonObject;

  it('are exactly what the server schema generates', () => {
    assert.deepEqual(
      properties,
      configurationProperties(schema),
      'package.json is out of date with `docklens config-schema`: run `npm run sync-settings`',
    );
  });

  // Independent of the converter: the nested object VS Code assembles from
  // the dotted properties' defaults must be the server's own defaults.
  it('default to what the server defaults to', () => {
    const sent = defaultSettings(properties);
    for (const key of CLIENT_ONLY_KEYS) {
      delete sent[key];
    }
    const expected: JsonObject = {};
    for (const [key, property] of Object.entries(schema['properties'] as JsonObject)) {
      expected[key] = (property as JsonObject)['default'];
    }
    assert.deepEqual(sent, expected);
  });

  it('cover every server setting and nothing else', () => {
    const serverKeys = Object.keys(schema['properties'] as JsonObject).sort();
    const manifestKeys = [
      ...new Set(
        Object.keys(properties)
          .filter((key) => !(key in CLIENT_PROPERTIES))
          .map((key) => key.split('.')[1]),
      ),
    ].sort();
    assert.deepEqual(manifestKeys, serverKeys);
  });
});

describe('configurationProperties', () => {
  const schema: Json = {
    type: 'object',
    properties: {
      level: {
        description: 'How loud.\nVery\n  loud.\n\nSecond paragraph.',
        default: 'warn',
        allOf: [{ $ref: '#/definitions/Level' }],
      },
      limits: {
        description: 'Limits.',
        default: { count: 3 },
        allOf: [{ $ref: '#/definitions/Limits' }],
      },
      rules: { type: 'object', additionalProperties: { $ref: '#/definitions/Level' }, default: {} },
      logLevel: { type: 'string', enum: ['error', 'warn'], default: 'warn' },
    },
    definitions: {
      Level: {
        oneOf: [
          { type: 'string', enum: ['error', 'warn'] },
          { type: 'string', const: 'off', description: 'Never.' },
        ],
      },
      Limits: {
        type: 'object',
        properties: {
          count: { type: 'integer', format: 'uint32', minimum: 0, description: 'How many.' },
          extra: { type: ['string', 'null'], default: null },
        },
      },
    },
  };
  const out = configurationProperties(schema);

  it('keeps the client properties first', () => {
    assert.deepEqual(Object.keys(out).slice(0, 2), Object.keys(CLIENT_PROPERTIES));
  });

  it('inlines references and turns string choices into an enum', () => {
    assert.deepEqual(out['docklens.level'], {
      type: 'string',
      enum: ['error', 'warn', 'off'],
      enumDescriptions: ['', '', 'Never.'],
      default: 'warn',
      markdownDescription: 'How loud. Very loud.\n\nSecond paragraph.',
      scope: 'resource',
      order: 2,
    });
    assert.deepEqual((out['docklens.rules'] as JsonObject)['additionalProperties'], {
      type: 'string',
      enum: ['error', 'warn', 'off'],
      enumDescriptions: ['', '', 'Never.'],
    });
  });

  it('flattens groups into dotted keys, defaults taken from the group', () => {
    assert.deepEqual(out['docklens.limits.count'], {
      type: 'integer',
      minimum: 0,
      default: 3,
      markdownDescription: 'How many.',
      scope: 'resource',
      order: 3,
    });
    assert.equal((out['docklens.limits.extra'] as JsonObject)['default'], null);
    assert.equal(out['docklens.limits'], undefined);
  });

  it('scopes server-wide settings to the window', () => {
    assert.equal((out['docklens.logLevel'] as JsonObject)['scope'], 'window');
  });

  it('rejects what is not a settings schema', () => {
    assert.throws(() => configurationProperties({ type: 'string' }), /expected an object schema/);
    assert.throws(
      () => configurationProperties({ properties: { a: { $ref: '#/definitions/Nope' } } }),
      /cannot resolve #\/definitions\/Nope/,
    );
  });
});

describe('defaultSettings', () => {
  it('nests dotted keys', () => {
    assert.deepEqual(
      defaultSettings({
        'docklens.a': { default: 1 },
        'docklens.b.c': { default: 'x' },
        'docklens.b.d': { default: null },
        'docklens.e': { type: 'string' },
        'other.f': { default: true },
      }),
      { a: 1, b: { c: 'x', d: null } },
    );
  });
});
