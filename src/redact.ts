// Secrets must never reach an error message or a log line. Known secrets (this client's own key,
// token and password) are replaced wherever they appear; credential-shaped text is replaced too,
// because a proxy may echo a header we never saw.
export const REDACTED = '[redacted]';

const CREDENTIAL_SHAPES: RegExp[] = [
  /ptr_[A-Za-z0-9+/=_-]{8,}/g, // Portainer API keys
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWTs
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization values
];
// `password: x`, `"jwt":"x"`, `X-Registry-Auth=x`: keep the name, hide the value.
const NAMED_SECRET = /("?\b(?:password|jwt|rawAPIKey|apiKey|X-API-Key|X-Registry-Auth|Authorization)\b"?\s*[:=]\s*"?)[^",\s}]+/gi;

export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const shape of CREDENTIAL_SHAPES) out = out.replace(shape, REDACTED);
  return out.replace(NAMED_SECRET, (_match, name: string) => `${name}${REDACTED}`);
}
