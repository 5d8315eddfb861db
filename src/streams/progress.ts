// The progress streams of long Docker operations (pull and import with POST /images/create, push,
// load, build, plugin pull/upgrade/push): newline-delimited JSON whose status code is 200 before
// the work starts, so a failure arrives as a line carrying `error`. followProgress reads such a
// stream to its end, reports each layer's progress, and turns an error line into a rejection.
import type { components } from '../../generated/docker.js';
import { PortainerError, errorFromResponse } from '../errors.js';
import { redact } from '../redact.js';
import { textPrefix, type ByteStream } from './chunks.js';
import { ndjson } from './ndjson.js';

/** One JSON line of a Docker progress stream (pull, push, build, import, load), as the description types it. */
export type ProgressMessage = components['schemas']['ProgressMessage'];

/** Progress of one layer (or other item named by `id`). */
export interface LayerProgress {
  id: string;
  status: string;
  /** Bytes done, when the daemon says. */
  current?: number;
  /** Bytes in all, when the daemon says. */
  total?: number;
}

/** What `followProgress` resolves to once the stream ends without an error. */
export interface ProgressSummary {
  /** JSON lines read. */
  lines: number;
  /** The last state of each layer, by id, in the order first seen. */
  layers: Map<string, LayerProgress>;
  /** Status lines not about a layer (`Digest: …`, `Status: …`, an imported image's ID), last 100. */
  statuses: string[];
  /** Text of `stream` lines (build output, `Loaded image: …`), last 1000 lines. */
  output: string[];
  /** Every `aux` value, in order (a built image's `{ID}`, a pushed tag's `{Tag, Digest, Size}`). */
  aux: unknown[];
  /** The image the operation produced or named, when the stream says (build, import, load, pull). */
  imageId?: string;
  /** The manifest digest of a pull or push, when the stream says. */
  digest?: string;
}

/** The daemon reported a failure inside a progress stream (`code: 'stream-error'`). */
export class DockerStreamError extends PortainerError {
  override readonly name = 'DockerStreamError';
  /** Exit code of the failing build step, when there is one. */
  readonly exitCode: number | undefined;

  /** `line` carried the error; `summary` is what the stream had said before it. */
  constructor(message: string, readonly line: ProgressMessage, readonly summary: ProgressSummary) {
    super({ code: 'stream-error', message });
    this.exitCode = line.errorDetail?.code;
  }
}

/** Options of `followProgress`. */
export interface FollowProgressOptions {
  /** Called for every line that reports on a layer (has both `id` and `status`). */
  onLayer?: (progress: LayerProgress) => void;
  /** Called for every line, after it was taken into account. */
  onLine?: (line: ProgressMessage) => void;
  /** Stops reading (and cancels the stream) when it fires. */
  signal?: AbortSignal;
  /** Longest line accepted, in bytes (default 4 MiB); a longer one fails with code `line-too-long`. */
  maxLineBytes?: number;
}

const MAX_STATUSES = 100;
const MAX_OUTPUT = 1000;

/** Keeps about the last `max` values: trimmed once it holds twice as many, so each push costs O(1). */
function keepLast(list: string[], value: string, max: number): void { if (list.push(value) >= 2 * max) list.splice(0, list.length - max); }

/** The body to read: a failed answer (a call made with parseAs 'stream' gives one) is refused with its error. */
async function bodyOf(source: ByteStream | Response): Promise<ByteStream> {
  if (!(source instanceof Response)) return source;
  if (!source.ok) {
    const text = source.bodyUsed ? '' : await textPrefix(source.body); // a call's error answer was read already
    // Every Docker route that streams progress is a POST.
    throw errorFromResponse(source, text, { method: 'POST', path: source.url ? new URL(source.url).pathname : '' }, []);
  }
  if (!source.body) throw new PortainerError({ code: 'unreadable-body', message: 'The response has no body to follow' });
  return source.body;
}

/** Pull/push per-layer statuses have an `id` that is a layer; tag-level lines (`Pulling from x`, id = tag) are kept as statuses. */
function isLayerLine(line: ProgressMessage): line is ProgressMessage & { id: string; status: string } {
  return typeof line.id === 'string' && typeof line.status === 'string' && !/^Pulling from /.test(line.status);
}

/**
 * Reads a Docker progress stream to its end. Resolves with a summary; rejects with a
 * {@link DockerStreamError} carrying the daemon's own message when a line reports an error, and
 * with a PortainerError when the answer is not a 2xx or a line is not JSON or too long.
 */
export async function followProgress(source: ByteStream | Response, options: FollowProgressOptions = {}): Promise<ProgressSummary> {
  const summary: ProgressSummary = { lines: 0, layers: new Map(), statuses: [], output: [], aux: [] };
  const lines = ndjson<ProgressMessage>(await bodyOf(source), { signal: options.signal, maxLineBytes: options.maxLineBytes });
  for await (const line of lines) {
    summary.lines++;
    if (line === null || typeof line !== 'object') continue;
    if (line.error !== undefined || line.errorDetail !== undefined) {
      const message = line.errorDetail?.message || line.error || 'the daemon reported an error without a message';
      throw new DockerStreamError(redact(message), line, summary);
    }
    if (isLayerLine(line)) {
      const progress: LayerProgress = { id: line.id, status: line.status };
      if (typeof line.progressDetail?.current === 'number') progress.current = line.progressDetail.current;
      if (typeof line.progressDetail?.total === 'number') progress.total = line.progressDetail.total;
      summary.layers.set(line.id, progress);
      options.onLayer?.(progress);
    } else if (typeof line.status === 'string') {
      keepLast(summary.statuses, line.status, MAX_STATUSES);
      const digest = /^Digest: (sha256:[0-9a-f]{64})$/.exec(line.status) ?? /digest: (sha256:[0-9a-f]{64})/.exec(line.status);
      if (digest) summary.digest = digest[1];
      if (/^sha256:[0-9a-f]{64}$/.test(line.status)) summary.imageId = line.status; // an import's last line
    }
    if (typeof line.stream === 'string') {
      for (const text of line.stream.split('\n')) if (text !== '') keepLast(summary.output, text, MAX_OUTPUT);
      const loaded = /^Loaded image ID: (sha256:[0-9a-f]{64})/.exec(line.stream);
      if (loaded) summary.imageId = loaded[1];
      const quiet = /^(sha256:[0-9a-f]{64})\s*$/.exec(line.stream); // a quiet build's only output
      if (quiet) summary.imageId = quiet[1];
    }
    if (line.aux !== undefined) {
      summary.aux.push(line.aux);
      if (line.aux && typeof line.aux === 'object') {
        const aux = line.aux as { ID?: unknown; Digest?: unknown };
        if (typeof aux.ID === 'string') summary.imageId = aux.ID;
        if (typeof aux.Digest === 'string') summary.digest = aux.Digest;
      }
    }
    options.onLine?.(line);
  }
  summary.statuses.splice(0, summary.statuses.length - MAX_STATUSES);
  summary.output.splice(0, summary.output.length - MAX_OUTPUT);
  return summary;
}
