// Public entry of portainer-openapi.
export { createPortainerClient, type PortainerClient } from './client.js';
export { createDockerEngineClient, type DockerClient, type DockerClientOptions, type DockerEngineClient, type DockerEngineClientOptions } from './docker.js';
export { PortainerError, type TransportErrorCode } from './errors.js';
export type { PortainerClientOptions, RetryInfo, RetryOptions, TlsOptions, FetchLike } from './options.js';
export { registryAuth } from './registry-auth.js';
export type { Result, TypedClient, TypedMethod } from './typed-client.js';
export { ndjson, NdjsonParseError, type ByteStream, type NdjsonOptions } from './streams/ndjson.js';
export { followProgress, DockerStreamError, type FollowProgressOptions, type LayerProgress, type ProgressMessage, type ProgressSummary } from './streams/progress.js';
export { dockerEvents, toDockerTime, type DockerEvent, type DockerEventsOptions } from './streams/events.js';
export type { paths as PortainerPaths, components as PortainerComponents } from '../generated/portainer.js';
export type { paths as DockerPaths, components as DockerComponents } from '../generated/docker.js';
export {
  NEWEST_DOCKER_API_VERSION,
  compareDockerApiVersions,
  createNegotiatedDockerEngineClient,
  negotiateDockerApiVersion,
  pickDockerApiVersion,
  withNegotiatedDockerApiVersion,
} from './docker.js';
export {
  DockerStreamFormatError,
  demultiplexDockerLines,
  demultiplexDockerStream,
  demultiplexDockerStreamTo,
  encodeDockerFrame,
  rawDockerStream,
  type ByteSink,
  type DemultiplexOptions,
  type DemultiplexToOptions,
  type DockerStreamChunk,
  type DockerStreamLine,
  type DockerStreamName,
} from './streams/multiplexed.js';
export {
  FILE_MODE,
  createTar,
  decodePathStat,
  exportContainer,
  getContainerArchive,
  isDirectory,
  putContainerArchive,
  readArchivePathStat,
  readTarEntries,
  statContainerPath,
  type ContainerDownload,
  type ContainerPathStat,
  type PutArchiveOptions,
  type TarEntry,
  type TarEntryType,
  type TarEntryWithData,
  type TarInput,
} from './streams/archive.js';
export { runInContainer, type RunInContainerOptions, type RunInContainerResult } from './jobs/run-in-container.js';
export { deployStack, normalizeStackName, type DeployStackOptions, type DeployStackResult, type Stack } from './jobs/deploy-stack.js';
export { redeployFromGit, type RedeployFromGitOptions } from './jobs/redeploy-from-git.js';
export type { ComposeSource } from './jobs/compose-source.js';
export type { StackEnv } from './jobs/stack-env.js';
