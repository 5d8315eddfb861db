// Secrets must never reach an error message or a log line. Known secrets (this client's key, token,
// password, the values of its `headers` option, a call's X-Registry-Auth) are replaced wherever
// they appear, also JSON-escaped or URL-encoded; credential-shaped text is replaced too, because a
// proxy may echo a header we never saw. Every expression here matches in linear time.
export const REDACTED = '[redacted]';

// How a secret may come back quoted: JSON-escaped (also as Go escapes <, > and &), URL-encoded
// (also as Go's url.QueryEscape and RFC 3986 escape ! ' ( ) *, and a space as +).
const GO_JSON: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };
function forms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  const strict = url.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [secret, json, json.replace(/[<>&]/g, (c) => GO_JSON[c]!), url, strict, url.replaceAll('%20', '+'), strict.replaceAll('%20', '+')];
}

// Runs of token characters, judged whole in the callback: a failed match never rescans a run.
const TOKEN_RUNS = /\b(?:ptr_|eyJ)[\w+/=.-]*/g;
const SCHEME_VALUES = /\b(Bearer|Basic)(\s+)([\w.~+/=-]*)/gi;
// `password: x`, `"jwt":"x"`, `X-Registry-Auth=x`: keep the name, hide the value.
const NAMED = /\b(password|jwt|rawAPIKey|apiKey|X-API-Key|X-Registry-Auth|Authorization)("?[ \t]*[:=][ \t]*"?)([^",\s}]+)/gi;

function isToken(run: string): boolean { return run.startsWith('ptr_') ? run.length >= 12 : run.split('.').length >= 3; }

export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of forms(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out
    .replace(TOKEN_RUNS, (run) => (isToken(run) ? REDACTED : run))
    .replace(SCHEME_VALUES, (all, scheme: string, space: string, value: string) => (value.length >= 8 ? `${scheme}${space}${REDACTED}` : all))
    .replace(NAMED, (all, name: string, sep: string, value: string) =>
      // A registry credential is base64 of JSON, never short: "X-Registry-Auth: EOF" is a reason.
      name.toLowerCase() === 'x-registry-auth' && value.length < 16 ? all : `${name}${sep}${REDACTED}`,
    );
}
