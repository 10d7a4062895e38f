// Turns the server's settings schema (`docklens config-schema`) into VS Code
// `contributes.configuration` properties. package.json holds the output
// (`npm run sync-settings` writes it) and a test regenerates it from the
// real binary, so the extension's settings cannot drift from the server's.
//
// VS Code wants one property per leaf with a dotted key
// (`docklens.formatter.keywordCase`) to show it in the Settings editor;
// `workspace.getConfiguration('docklens')` then hands back the nested
// object the server expects. Maps (`rules`, `buildArgs`, `labels.schema`)
// stay objects.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The settings section, and the prefix of every property key. */
export const SECTION = 'docklens';

/**
 * Settings only the extension reads; never sent to the server (see
 * `serverSettings` in settings.ts).
 */
export const CLIENT_PROPERTIES: JsonObject = {
  'docklens.path': {
    type: ['string', 'null'],
    default: null,
    scope: 'machine-overridable',
    order: 0,
    markdownDescription:
      'Path to the `docklens` executable. When unset, `docklens` is looked up on `PATH`, then in `~/.cargo/bin`. `~` and `${workspaceFolder}` are expanded; a relative path is relative to the first workspace folder.',
  },
  'docklens.trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    order: 1,
    markdownDescription:
      'Log the messages between VS Code and the server to the docklens output channel.',
  },
};

/** Top-level keys the server reads once for the whole workspace. */
const WINDOW_SCOPED = new Set(['logLevel', 'registry']);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(root: JsonObject, ref: string): JsonObject {
  const prefix = '#/definitions/';
  const definitions = root['definitions'];
  const name = ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
  const target = name !== undefined && isObject(definitions) ? definitions[name] : undefined;
  if (!isObject(target)) {
    throw new Error(`config-schema: cannot resolve ${ref}`);
  }
  return target;
}

/**
 * A schema with `$ref`s and single-element `allOf`s (schemars' way of
 * attaching a description or default to a reference) inlined; keywords
 * beside the reference win over the referenced schema's.
 */
function inline(root: JsonObject, schema: JsonObject): JsonObject {
  let res: JsonObject = { ...schema };
  const allOf = res['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0])) {
    delete res['allOf'];
    res = { ...inline(root, allOf[0]), ...res };
  }
  const ref = res['$ref'];
  if (typeof ref === 'string') {
    delete res['$ref'];
    res = { ...inline(root, resolveRef(root, ref)), ...res };
  }
  for (const key of ['items', 'additionalProperties']) {
    const sub = res[key];
    if (isObject(sub)) {
      res[key] = clean(root, sub);
    }
  }
  for (const key of ['anyOf', 'oneOf']) {
    const subs = res[key];
    if (Array.isArray(subs)) {
      // A branch that is itself only a choice (`ContinuationIndent` inside
      // "or null") is spliced in: one level of alternatives reads better.
      res[key] = subs.flatMap((it) => {
        const branch = isObject(it) ? clean(root, it) : it;
        const nested = isObject(branch) ? branch[key] : undefined;
        const onlyChoice =
          isObject(branch) && Array.isArray(nested) && Object.keys(branch).every((k) => k === key || k === 'description');
        return onlyChoice ? nested : [branch];
      });
    }
  }
  // Rust integer widths are not JSON Schema formats VS Code knows.
  if (typeof res['format'] === 'string' && /^u?int\d+$/.test(res['format'])) {
    delete res['format'];
  }
  return res;
}

/**
 * `oneOf`/`anyOf` whose branches are all string constants or enums become
 * one `enum` with `enumDescriptions`, which the Settings editor shows as a
 * dropdown.
 */
function flattenEnum(schema: JsonObject): JsonObject {
  const branches = schema['oneOf'] ?? schema['anyOf'];
  if (!Array.isArray(branches) || branches.length === 0) {
    return schema;
  }
  const values: string[] = [];
  const descriptions: string[] = [];
  for (const branch of branches) {
    if (!isObject(branch) || branch['type'] !== 'string') {
      return schema;
    }
    const description = typeof branch['description'] === 'string' ? prose(branch['description']) : '';
    const constant = branch['const'];
    const list = branch['enum'];
    if (typeof constant === 'string') {
      values.push(constant);
      descriptions.push(description);
    } else if (Array.isArray(list) && list.every((it) => typeof it === 'string')) {
      for (const value of list) {
        values.push(value);
        descriptions.push(description);
      }
    } else {
      return schema;
    }
  }
  const res: JsonObject = { ...schema, type: 'string', enum: values };
  delete res['oneOf'];
  delete res['anyOf'];
  if (descriptions.some((it) => it !== '')) {
    res['enumDescriptions'] = descriptions;
  }
  return res;
}

function clean(root: JsonObject, schema: JsonObject): JsonObject {
  const res = flattenEnum(inline(root, schema));
  if (typeof res['description'] === 'string') {
    res['description'] = prose(res['description']);
  }
  return res;
}

/** Doc comments arrive hard-wrapped; the Settings editor wraps by itself. */
function prose(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .join('\n\n');
}

/** A leaf's VS Code property: markdown description, scope, order. */
function leaf(schema: JsonObject, scope: string, order: number): JsonObject {
  const res: JsonObject = { ...schema };
  delete res['title'];
  const description = res['description'];
  delete res['description'];
  if (typeof description === 'string') {
    res['markdownDescription'] = description;
  }
  res['scope'] = scope;
  res['order'] = order;
  return res;
}

/**
 * The `contributes.configuration.properties` for a server schema, client
 * properties first, then the server's in schema order.
 */
export function configurationProperties(schema: Json): JsonObject {
  if (!isObject(schema) || !isObject(schema['properties'])) {
    throw new Error('config-schema: expected an object schema with properties');
  }
  const res: JsonObject = { ...CLIENT_PROPERTIES };
  let order = Object.keys(CLIENT_PROPERTIES).length;
  for (const [name, raw] of Object.entries(schema['properties'])) {
    if (!isObject(raw)) {
      continue;
    }
    const scope = WINDOW_SCOPED.has(name) ? 'window' : 'resource';
    const property = clean(schema, raw);
    const sub = property['properties'];
    if (property['type'] === 'object' && isObject(sub)) {
      // A group of settings (`formatter`, `registry`): one entry per field.
      const defaults = isObject(property['default']) ? property['default'] : {};
      for (const [field, rawField] of Object.entries(sub)) {
        if (!isObject(rawField)) {
          continue;
        }
        const entry = clean(schema, rawField);
        if (!('default' in entry) && field in defaults) {
          entry['default'] = defaults[field];
        }
        res[`${SECTION}.${name}.${field}`] = leaf(entry, scope, order++);
      }
    } else {
      res[`${SECTION}.${name}`] = leaf(property, scope, order++);
    }
  }
  return res;
}

/**
 * The nested settings object VS Code builds from these properties' defaults
 * (what `getConfiguration('docklens')` returns when nothing is set), client
 * properties included.
 */
export function defaultSettings(properties: JsonObject): JsonObject {
  const res: JsonObject = {};
  for (const [key, property] of Object.entries(properties)) {
    if (!key.startsWith(`${SECTION}.`) || !isObject(property) || !('default' in property)) {
      continue;
    }
    const path = key.slice(SECTION.length + 1).split('.');
    let node = res;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      node = isObject(next) ? next : (node[part] = {});
    }
    node[path[path.length - 1]] = property['default'];
  }
  return res;
}
