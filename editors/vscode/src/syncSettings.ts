// `npm run sync-settings`: rewrites package.json's settings from the
// server's schema. Run it after changing the server's settings; the test
// in test/manifest.test.ts fails until then.

import * as fs from 'node:fs';
import * as path from 'node:path';

import { configurationProperties } from './schema';
import { builtServer, serverSchema } from './serverBinary';

const manifestPath = path.resolve(__dirname, '..', 'package.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
  contributes: { configuration: { properties: unknown } };
};
const bin = builtServer();
manifest.contributes.configuration.properties = configurationProperties(serverSchema(bin));
fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package.json: settings written from \`${bin} config-schema\``);
