/**
 * Secret or config? A variable is a secret when a rule says so, when its name says so
 * (PASSWORD, SECRET, TOKEN, KEY, CREDENTIALS, …), or when its value carries credentials in a URL.
 * Everything else is plain configuration.
 */
const SECRET_NAME = /(PASSWORD|PASSWD|PASS$|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|_KEY$|^KEY$|CREDENTIAL|AUTH$|SALT|CERT_?KEY)/i;
/** Names that look secret but hold none (a key *id* or a path to a key file). */
const NOT_SECRET_NAME = /(_KEY_ID$|_KEY_FILE$|_KEY_PATH$|_PASSWORD_FILE$|_SECRET_FILE$)/i;
/** A switch about a secret (`ALLOW_EMPTY_PASSWORD=yes`) holds a yes/no, not the secret itself. */
const FLAG_NAME = /(^(ALLOW|ENABLE|DISABLE|REQUIRE|SKIP|USE|FORCE)_|_(ENABLED|DISABLED|REQUIRED|ENABLE|DISABLE)$)/i;
const FLAG_VALUE = /^(yes|no|true|false|on|off|0|1)$/i;
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s/]+)@/i;

/** `urlPassword`: only the password inside a URL value is secret; the rest of the URL is config. */
export type EnvClass = { secret: false } | { secret: true; reason: string; urlPassword?: string };

export function classifyEnv(name: string, value: string, forcedSecret: boolean, forcedConfig: boolean): EnvClass {
  if (forcedConfig) return { secret: false };
  // An empty value hides nothing, and the Secret template's `required` would refuse it in dev
  // (found by test/fuzz-compose.test.ts: `DB_PASSWORD: ""` broke `helm template` with dev values).
  if (value === '') return { secret: false };
  if (forcedSecret) return { secret: true, reason: 'a mapping rule lists it in secretEnv' };
  const word = SECRET_NAME.exec(name);
  if (word && !NOT_SECRET_NAME.test(name) && !(FLAG_NAME.test(name) && FLAG_VALUE.test(value))) return { secret: true, reason: `its name contains "${word[0].replace(/^_|_$/g, '').toUpperCase()}"` };
  const url = URL_CREDENTIALS.exec(value);
  if (url) return { secret: true, reason: 'its value is a URL with a password in it', urlPassword: url[1]! };
  return { secret: false };
}

/** `DATABASE_PASSWORD` → `databasePassword`. */
export function camelCase(text: string): string {
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('') || 'value';
}
