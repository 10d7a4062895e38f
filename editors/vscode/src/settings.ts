// What the server is told about the user's settings: the `docklens`
// section minus the keys only the extension reads. Used for both
// `initializationOptions` and the answers to `workspace/configuration`.

import { SECTION } from './schema';

/** Keys of the `docklens` section that configure the extension itself. */
export const CLIENT_ONLY_KEYS: readonly string[] = ['path', 'trace'];

/** The server's log levels (`logLevel`, `DOCKLENS_LOG`). */
const LOG_LEVELS = new Set(['error', 'warn', 'info', 'debug', 'trace']);

/**
 * A plain JSON copy: VS Code's configuration objects carry methods (`get`,
 * `inspect`, ...) and may be proxies, neither of which survives the wire
 * in a useful way.
 */
function plain(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') {
    return undefined;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((it) => plain(it) ?? null);
  }
  const res: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const copy = plain(item);
    if (copy !== undefined) {
      res[key] = copy;
    }
  }
  return res;
}

/** The `docklens` settings as the server takes them. */
export function serverSettings(section: unknown): Record<string, unknown> {
  const copy = plain(section);
  if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) {
    return {};
  }
  const res = copy as Record<string, unknown>;
  for (const key of CLIENT_ONLY_KEYS) {
    delete res[key];
  }
  return res;
}

export interface ConfigurationItem {
  section?: string | null;
  scopeUri?: string | null;
}

/**
 * Filters VS Code's answers to a `workspace/configuration` request: the
 * `docklens` section (asked for by name, or inside the whole configuration)
 * loses its client-only keys. Other sections pass through untouched.
 */
export function filterConfiguration(items: readonly ConfigurationItem[], answers: readonly unknown[]): unknown[] {
  return answers.map((answer, index) => {
    const section = items[index]?.section ?? undefined;
    if (section === SECTION) {
      return serverSettings(answer);
    }
    if (section === undefined && answer !== null && typeof answer === 'object' && SECTION in answer) {
      return { ...answer, [SECTION]: serverSettings((answer as Record<string, unknown>)[SECTION]) };
    }
    return answer;
  });
}

/**
 * The environment that sets the server's log level: the server reads
 * `DOCKLENS_LOG` when it starts, so `logLevel` takes effect on a restart.
 */
export function serverEnvironment(
  base: NodeJS.ProcessEnv,
  settings: Record<string, unknown>,
): NodeJS.ProcessEnv {
  const level = settings['logLevel'];
  if (typeof level === 'string' && LOG_LEVELS.has(level)) {
    return { ...base, DOCKLENS_LOG: level };
  }
  return { ...base };
}
