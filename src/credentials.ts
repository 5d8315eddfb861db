import { PortainerError, errorFromResponse, errorFromTransport } from './errors.js';
import { jwtExpiry } from './jwt.js';
import type { Auth } from './options.js';

/** Sends one request with no credential (used for login and logout themselves). */
export type RawSend = (request: Request) => Promise<Response>;

/** Renew a login-based token this long before it expires. */
export const RENEW_MARGIN_MS = 60_000;

/**
 * Holds whatever proves who the client is and puts it on requests. With username and password it
 * keeps a session: logs in before the first call, renews shortly before expiry and after a 401, and
 * makes concurrent callers share one login (single flight).
 */
export class Credentials {
  #auth: Auth;
  #baseUrl: string;
  #send: RawSend;
  #token: string | undefined;
  #expiresAt = 0;
  #pending: Promise<string> | undefined;
  #now: () => number;

  constructor(auth: Auth, baseUrl: string, send: RawSend, now: () => number = Date.now) {
    this.#auth = auth;
    this.#baseUrl = baseUrl;
    this.#send = send;
    this.#now = now;
    if (auth.kind === 'jwt') this.#token = auth.jwt;
  }

  get kind(): Auth['kind'] {
    return this.#auth.kind;
  }

  /** Every secret this client knows, for redaction. */
  secrets(): string[] {
    const a = this.#auth;
    return [
      this.#token,
      a.kind === 'apiKey' ? a.apiKey : undefined,
      a.kind === 'jwt' ? a.jwt : undefined,
      a.kind === 'login' ? a.password : undefined,
    ].filter((s): s is string => Boolean(s));
  }

  /**
   * Sets the credential header; returns the token used, so a 401 can tell whether it is stale. Only
   * a login may have to wait; the other kinds answer at once (no promise on every call).
   */
  apply(headers: Headers): string | undefined | Promise<string> {
    switch (this.#auth.kind) {
      case 'apiKey':
        headers.set('X-API-Key', this.#auth.apiKey);
        return undefined;
      case 'jwt':
        if (this.#token) headers.set('Authorization', `Bearer ${this.#token}`);
        return this.#token;
      case 'login':
        return this.#currentToken().then((token) => {
          headers.set('Authorization', `Bearer ${token}`);
          return token;
        });
      default:
        return undefined;
    }
  }

  /** After a 401: true when a fresh token is ready and the request may be sent once more. */
  async renewAfter401(usedToken: string | undefined): Promise<boolean> {
    if (this.#auth.kind !== 'login') return false;
    if (this.#token && this.#token !== usedToken) return true; // someone else already renewed
    this.#token = undefined;
    await this.#login();
    return true;
  }

  async #currentToken(): Promise<string> {
    if (this.#token && this.#now() < this.#expiresAt - RENEW_MARGIN_MS) return this.#token;
    return this.#login();
  }

  /** Logs in with username and password; concurrent callers share one request. */
  #login(): Promise<string> {
    this.#pending ??= this.#doLogin().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #doLogin(): Promise<string> {
    if (this.#auth.kind !== 'login') throw new TypeError('portainer-openapi: login() needs the username and password options');
    const url = `${this.#baseUrl}/auth`;
    const request = new Request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ Username: this.#auth.username, Password: this.#auth.password }),
    });
    const where = { method: 'POST', path: new URL(url).pathname };
    const { body, status } = await this.#exchange(request, where, this.secrets());
    const jwt = (body as { jwt?: unknown })?.jwt;
    if (typeof jwt !== 'string' || !jwt) {
      throw new PortainerError({ ...where, status, message: 'Login answered without a token', code: 'unreadable-body' });
    }
    this.#token = jwt;
    // Portainer issues 8-hour tokens; trust `exp` when the token has one.
    this.#expiresAt = jwtExpiry(jwt) ?? this.#now() + 8 * 3600_000;
    return jwt;
  }

  /** Logs in now (username/password clients only), replacing any current token. */
  async login(): Promise<void> {
    if (this.#auth.kind !== 'login') throw new TypeError('portainer-openapi: login() needs the username and password options');
    this.#token = undefined;
    await this.#login();
  }

  /** Ends the server-side session of the current JWT and forgets it. */
  async logout(): Promise<void> {
    const token = this.#token;
    this.#token = undefined;
    this.#expiresAt = 0;
    if (!token) return;
    const url = `${this.#baseUrl}/auth/logout`;
    const where = { method: 'POST', path: new URL(url).pathname };
    await this.#exchange(new Request(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }), where, [token, ...this.secrets()]);
  }

  /** Sends a login or logout request; returns the parsed body, or throws a redacted PortainerError. */
  async #exchange(request: Request, where: { method: string; path: string }, secrets: string[]): Promise<{ body: unknown; status: number }> {
    let response: Response;
    try {
      response = await this.#send(request);
    } catch (error) {
      throw errorFromTransport(error, where, secrets);
    }
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: an error reports it as an excerpt
    }
    if (!response.ok) throw errorFromResponse(response, body, where, secrets);
    return { body, status: response.status };
  }
}
