// Whatever proves who the client is, put on each request by the transport. With a username and
// password it keeps a session: logs in before the first call, renews before the token expires and
// after a 401, and makes concurrent callers share one login. logout() ends it for good: a login
// still pending is undone on the server when it lands, and no call sent before is renewed after.
import { PortainerError, errorFromResponse, invalid, json } from './errors.js';
import { fromBase64 } from './base64.js';
import type { Auth } from './options.js';
import { answered, type Credentials, type Received } from './transport.js';

/** Sends POST `path` (login or logout) without the client's credentials. */
export type Exchange = (path: string, init: { body?: string; token?: string }) => Promise<Received & { path: string }>;

/** Renew a login-based token this long before it expires. */
export const RENEW_MARGIN_MS = 60_000;
const EIGHT_HOURS_MS = 8 * 3600_000; // Portainer's token lifetime, when a token does not say

const loggedOut = () => new PortainerError({ code: 'logged-out', message: 'The session was ended with logout(); call login() to start a new one' });
const decoder = new TextDecoder();

export class Session implements Credentials {
  #auth: Auth;
  #token: string | undefined;
  #renewAt = 0;
  #pending: Promise<string> | undefined;
  #ended = false;
  #generation = 0; // changes on logout(): a login begun before it must not install its token

  constructor(auth: Auth, private readonly exchange: Exchange, private readonly others: string[] = [], private readonly now = Date.now) {
    this.#auth = auth;
    if (auth.kind === 'jwt') this.#token = auth.jwt;
  }

  /** Every secret this session knows, for redaction. */
  secrets(): string[] {
    const a = this.#auth as Partial<Record<'apiKey' | 'jwt' | 'password', string>>;
    return [this.#token, a.apiKey, a.jwt, a.password].filter((s): s is string => Boolean(s));
  }

  /** Sets the credential header; returns the token used. Only a login may make the caller wait. */
  apply(headers: Headers): string | undefined | Promise<string> {
    const auth = this.#auth;
    if (auth.kind === 'apiKey') return void headers.set('X-API-Key', auth.apiKey);
    if (auth.kind === 'none') return undefined;
    if (this.#ended) throw loggedOut();
    const token = this.#token;
    if (token && (auth.kind === 'jwt' || this.now() < this.#renewAt)) {
      headers.set('Authorization', `Bearer ${token}`);
      return token;
    }
    return this.#login().then((fresh) => { headers.set('Authorization', `Bearer ${fresh}`); return fresh; });
  }

  /** After a 401: true when a fresh token is ready for the next attempt or call. */
  async renewAfter401(used: string | undefined): Promise<boolean> {
    if (this.#auth.kind !== 'login' || this.#ended) return false;
    if (this.#token && this.#token !== used) return true; // someone else renewed meanwhile
    this.#token = undefined;
    await this.#login();
    return true;
  }

  /** Logs in now (username/password clients), replacing any token; after logout() it starts a new session. */
  async login(): Promise<void> {
    if (this.#auth.kind !== 'login') invalid('login() needs the username and password options');
    this.#ended = false;
    this.#token = undefined;
    await this.#login();
  }

  /** Ends the session on the server (POST /auth/logout) and for good on this client. */
  async logout(): Promise<void> {
    if (this.#auth.kind === 'apiKey' || this.#auth.kind === 'none') invalid('an API key has no session to end: revoke the key in Portainer');
    const token = this.#token;
    [this.#ended, this.#token, this.#pending] = [true, undefined, undefined];
    this.#generation++;
    if (token) await this.#endOnServer(token);
  }

  /** One login at a time; callers that arrive meanwhile share it. */
  #login(): Promise<string> {
    if (this.#pending) return this.#pending;
    const pending = this.#doLogin().finally(() => { if (this.#pending === pending) this.#pending = undefined; });
    this.#pending = pending;
    return pending;
  }

  async #doLogin(): Promise<string> {
    const { username, password } = this.#auth as Extract<Auth, { kind: 'login' }>;
    const generation = this.#generation;
    const received = await this.exchange('/auth', { body: JSON.stringify({ Username: username, Password: password }) });
    const jwt = json(this.#check(received))?.jwt;
    if (typeof jwt !== 'string' || !jwt) throw new PortainerError({ code: 'unreadable-body', status: received.response.status, message: 'The login answer carries no token', method: 'POST', path: received.path });
    if (generation !== this.#generation) {
      await this.#endOnServer(jwt).catch(() => {}); // logout() ran while this login was on its way
      throw loggedOut();
    }
    this.#token = jwt;
    this.#renewAt = this.#renewalTime(jwt);
    return jwt;
  }

  /**
   * When to log in again: shortly before the token's lifetime (measured on this machine's clock from
   * now, so clock skew does not matter) runs out. A token already expired by our clock is used
   * until the server refuses it: renewing it on every call would mean one login per call.
   */
  #renewalTime(jwt: string): number {
    let claims: Record<string, unknown> | undefined;
    try {
      claims = json(fromBase64(jwt.split('.')[1] ?? '')); // read, not verified: the server verifies tokens
    } catch {} // not base64: a token that says nothing of its lifetime
    const [exp, iat] = [claims?.exp, claims?.iat].map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined));
    const now = this.now();
    const lifetime = exp !== undefined && iat !== undefined ? (exp - iat) * 1000 : exp !== undefined ? exp * 1000 - now : EIGHT_HOURS_MS;
    if (!(lifetime > 0)) return Infinity;
    return now + (lifetime > 2 * RENEW_MARGIN_MS ? lifetime - RENEW_MARGIN_MS : lifetime / 2);
  }

  async #endOnServer(token: string): Promise<void> { this.#check(await this.exchange('/auth/logout', { token })); }

  /** The body text of a 2xx answer; a PortainerError (resolved by calls as `{ error }`) otherwise. */
  #check({ response, bytes, path }: Received & { path: string }): string {
    const text = bytes ? decoder.decode(bytes) : '';
    if (response.ok) return text;
    const error = errorFromResponse(response, text, { method: 'POST', path }, [...this.secrets(), ...this.others]);
    answered.set(error, response);
    throw error;
  }
}
