// The answers the mock gives where Portainer itself would refuse a request, with Portainer's words
// (api/http/security/bouncer.go, api/http/csrf/csrf.go and pkg/libhttp/error in Portainer's
// source): its `{message, details}` body, `details` capitalised as its error writer does. Docker
// routes answer as the daemon does, `{message}`.

/** Portainer's error body: libhttp capitalises the first letter of `details`. */
export const portainerError = (message, details) => ({ message, details: details.charAt(0).toUpperCase() + details.slice(1) });

const BOTH_CREDENTIALS = 'api key and auth header are not allowed at the same time';
// Three base64url segments: the shape of a JWT. The mock cannot check a signature; an API key
// (`ptr_…`) or any other text in its place is refused as Portainer refuses it.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * What Portainer answers before any handler runs, or undefined when it lets the request through:
 * both credentials at once (its CSRF layer, on every route), or an Authorization header that does
 * not carry a JWT (its bouncer, on routes that need authentication).
 */
export function credentialProblem(headers, route) {
  const apiKey = headers['x-api-key'];
  const authorization = headers.authorization;
  if (apiKey && authorization) return { status: 403, body: portainerError(BOTH_CREDENTIALS, BOTH_CREDENTIALS) };
  if (!authorization || !route || route.public) return undefined;
  // The bouncer strips a "Bearer " prefix, if any, and parses the rest as a JWT.
  const token = authorization.startsWith('Bearer ') ? authorization.slice(7) : authorization;
  if (!JWT_SHAPE.test(token)) return { status: 401, body: portainerError('Invalid JWT token', 'Unauthorized') };
  return undefined;
}

const where = (location) => {
  const [, place, ...field] = location ?? [];
  return { place, field: field.join('.') };
};

/** One violation in words: Prism's sentence names the field; the rule broken follows it. */
const describe = (violation) => `${String(violation.message ?? 'invalid').replace(/^Request /, '')} [${violation.code}]`;

const FIRST_WORDS = {
  body: () => 'Invalid request payload',
  query: (field) => `Invalid query parameter: ${field}`,
  path: (field) => `Invalid route variable: ${field}`,
  header: (field) => `Invalid header: ${field}`,
};

/**
 * Prism's refusal (its `sl-violations`) as the server would word it. A security violation is a
 * missing or wrong credential (401); anything else is a bad request (400), whose message says
 * where (body, query parameter…) and whose details list every violation with its field and rule.
 */
export function fromViolations(violations, route, headers) {
  const security = violations.find((v) => v.code === 401 || v.code === '401' || /security/i.test(v.message ?? ''));
  if (security) {
    if (route?.jwtOnly && headers['x-api-key']) {
      // The route reads only a JWT; Portainer's handler says so in its own words.
      return { status: 401, body: portainerError('Auth not supported', 'Authentication required') };
    }
    return { status: 401, body: portainerError('A valid authorization token is missing', 'Unauthorized') };
  }
  const first = violations[0] ?? {};
  const { place, field } = where(first.location);
  const details = violations.map(describe).join('; ');
  if (route?.docker) return { status: 400, body: { message: details } };
  const message = (FIRST_WORDS[place] ?? (() => 'Invalid request'))(field);
  return { status: 400, body: portainerError(message, details) };
}

/** A Prism problem (+json) that is not a validation refusal: a route or method it does not know. */
export function fromProblem(status, problem) {
  if (status === 404) return { status: 404, text: '404 page not found\n' }; // Go's router, before any auth
  if (status === 405) return { status: 405, text: '' };
  return { status, body: portainerError(problem.title ?? 'Mock error', problem.detail ?? 'The mock could not answer') };
}
