// operationIds are PascalCase words (a verb on a noun, such as EndpointList or ContainerCreate).
const PASCAL = /^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/;
const ACRONYM_RUN = /[A-Z]{2,}/;

export default function pascalCaseOperationId(operation, _options, { path }) {
  const id = operation?.operationId;
  if (typeof id !== 'string') return [{ message: 'Operation has no operationId.', path }];
  // Runs of capitals (API, TLS) are tolerated only where Portainer's own names use them.
  if (!PASCAL.test(id) && !(/^[A-Z][A-Za-z0-9]*$/.test(id) && ACRONYM_RUN.test(id))) {
    return [{ message: `operationId "${id}" is not PascalCase.`, path: [...path, 'operationId'] }];
  }
  return [];
}
