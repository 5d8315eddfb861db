// Public entry of portainer-openapi: runs wherever fetch runs (no Node.js built-ins, no Buffer).
// Node-only options (`tls`, `socketPath`) are in portainer-openapi/node.
import type { components as PortainerSchemas, paths as PortainerRoutes } from '../generated/portainer.js';
import type { components as DockerSchemas, paths as DockerRoutes } from '../generated/docker.js';
export { createPortainerClient, type PortainerClient, type PortainerSession } from './client.js';
export { PORTAINER_VERSIONS, parsePortainerVersion, unsupportedOperation, type PathsFor, type PortainerVersion } from './versions.js';
export { NEWEST_DOCKER_API_VERSION, compareDockerApiVersions, createDockerEngineClient, negotiateDockerApiVersion, pickDockerApiVersion, withNegotiatedDockerApiVersion } from './docker.js';
export type { DockerClient, DockerClientOptions, DockerEngineClient, DockerEngineClientOptions } from './docker.js';
export { PortainerError, type PortainerErrorCode, type PortainerErrorInit, type TransportErrorCode } from './errors.js';
export type { FetchLike, PortainerAuthOptions, PortainerClientOptions, RetryInfo, RetryOptions, TransportOptions } from './options.js';
export { registryAuth } from './registry-auth.js';
export type { CallOptions, Result, TypedClient, TypedMethod } from './typed-client.js';
export type { BinaryBody } from './body.js';
export type { ByteStream } from './streams/chunks.js';
export { ndjson, type NdjsonOptions } from './streams/ndjson.js';
export { followProgress, DockerStreamError, type FollowProgressOptions, type LayerProgress, type ProgressMessage, type ProgressSummary } from './streams/progress.js';
export { dockerEvents, toDockerTime, type DockerEvent, type DockerEventsOptions } from './streams/events.js';
/** Every Portainer API path (under `/api`) with its operations, generated from the description. */
export type PortainerPaths = PortainerRoutes;
/** The Portainer API's schemas, parameters and responses, generated from the description (`PortainerComponents['schemas']['Stack']`). */
export type PortainerComponents = PortainerSchemas;
/** Every Docker Engine API path (as served under an environment's `/docker`) with its operations, generated from the description. */
export type DockerPaths = DockerRoutes;
/** The Docker Engine API's schemas, parameters and responses, generated from the description (`DockerComponents['schemas']['ContainerSummary']`). */
export type DockerComponents = DockerSchemas;
export { demultiplexDockerLines, demultiplexDockerStream, demultiplexDockerStreamTo, encodeDockerFrame, rawDockerStream } from './streams/multiplexed.js';
export type { ByteSink, DemultiplexToOptions, DockerLinesOptions, DockerStreamChunk, DockerStreamLine, DockerStreamName } from './streams/multiplexed.js';
export { FILE_MODE, createTar, decodePathStat, exportContainer, getContainerArchive, isDirectory, putContainerArchive, readArchivePathStat, readTarEntries, statContainerPath } from './streams/archive.js';
export type { ContainerDownload, ContainerPathStat, PutArchiveOptions, TarEntry, TarEntryType, TarEntryWithData, TarInput } from './streams/archive.js';
export { runInContainer, type RunInContainerOptions, type RunInContainerResult } from './jobs/run-in-container.js';
export { deployStack, normalizeStackName, type DeployStackOptions, type DeployStackResult, type Stack } from './jobs/deploy-stack.js';
export { redeployFromGit, type RedeployFromGitOptions } from './jobs/redeploy-from-git.js';
export type { ComposeSource } from './jobs/compose-source.js';
export type { StackEnv } from './jobs/stack-env.js';
