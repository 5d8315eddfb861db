// GET /events as an async iterator: one typed event per daemon event, until `until` is reached,
// the daemon closes the stream, the loop is left, or the caller's AbortSignal fires. Works with a
// daemon reached directly (createDockerEngineClient) and through Portainer (client.docker(id)).
import type { components } from '../../generated/docker.js';
import type { DockerClient } from '../docker.js';
import { invalid } from '../errors.js';
import { ndjson } from './ndjson.js';

/** One event of the Docker daemon (`GET /events`), as the description types it. */
export type DockerEvent = components['schemas']['EventMessage'];

/** Options of `dockerEvents`: the time range, filters, the caller's signal. */
export interface DockerEventsOptions {
  /** Past events from this time on (a Date, Unix seconds, or the daemon's `seconds[.nanoseconds]` text). */
  since?: Date | number | string;
  /** Stop at this time; the stream then ends by itself. */
  until?: Date | number | string;
  /** Filters, such as `{ type: ['container'], event: ['start', 'die'], label: ['app=web'] }`. */
  filters?: Record<string, string[]>;
  /** Ends the iteration (without an error) when it fires. */
  signal?: AbortSignal;
}

/** The daemon's time format: Unix seconds, with nanoseconds after a dot. */
export function toDockerTime(value: Date | number | string): string {
  if (typeof value === 'string') return value;
  const ms = value instanceof Date ? value.getTime() : value * 1000;
  if (!Number.isFinite(ms)) invalid(`not a time: ${String(value).slice(0, 40)}`);
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos === 0 ? String(seconds) : `${seconds}.${String(nanos).padStart(9, '0')}`;
}

/** The loop ends quietly when the caller's signal fires or the client is closed. */
function isEnd(error: unknown, signal: AbortSignal | undefined): boolean {
  const code = (error as { code?: unknown })?.code;
  return Boolean(signal?.aborted) || code === 'aborted' || code === 'closed' || (error as { name?: unknown })?.name === 'AbortError';
}

/**
 * Follows the daemon's events. A failed request (bad filter, bad time) throws the client's
 * `PortainerError`; an abort through `signal`, or the client's close(), simply ends the loop.
 *
 * ```ts
 * const stop = new AbortController();
 * for await (const event of dockerEvents(docker, { filters: { type: ['container'] }, signal: stop.signal })) {
 *   console.log(event.Action, event.Actor?.Attributes?.name);
 * }
 * ```
 */
export async function* dockerEvents(client: DockerClient, options: DockerEventsOptions = {}): AsyncGenerator<DockerEvent, void, undefined> {
  const { signal } = options;
  if (signal?.aborted) return;
  const query: { since?: string; until?: string; filters?: string } = {};
  if (options.since !== undefined) query.since = toDockerTime(options.since);
  if (options.until !== undefined) query.until = toDockerTime(options.until);
  if (options.filters) query.filters = JSON.stringify(options.filters);

  let body: ReadableStream<Uint8Array> | null = null;
  try {
    const result = await client.GET('/events', { params: { query }, parseAs: 'stream', signal });
    if (result.error) throw result.error;
    body = result.response.body;
    if (!body) return;
    for await (const event of ndjson<DockerEvent>(body, { signal })) yield event;
  } catch (error) {
    if (isEnd(error, signal)) return;
    throw error;
  } finally { if (body && !body.locked) await body.cancel().catch(() => {}); }
}
