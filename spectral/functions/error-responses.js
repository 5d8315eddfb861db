// Non-public operations document 401, administrator ones also 403, each with Portainer's
// {message, details} JSON error body.
// Spectral sometimes leaves a deeply nested file $ref unresolved in the split sources; a reference
// to the shared Error schema is accepted by name there (the bundle pass checks it resolved).
const ERROR_SCHEMA_REF = /(^|\/)Error\.yaml$|#\/components\/schemas\/Error$/;

function errorBodyProblem(response) {
  const schema = response?.content?.['application/json']?.schema;
  if (typeof schema?.$ref === 'string' && ERROR_SCHEMA_REF.test(schema.$ref)) return null;
  const props = schema?.properties ?? {};
  if (!props.message || !props.details) return 'must carry the {message, details} JSON error body';
  return null;
}

export default function errorResponses(operation, _options, { path }) {
  const access = operation?.['x-portainer-access'];
  if (!access || access === 'public') return [];
  const needed = access === 'administrator' ? ['401', '403'] : ['401'];
  const problems = [];
  for (const code of needed) {
    const response = operation.responses?.[code];
    if (!response) {
      problems.push({ message: `${access === "administrator" || access === "authenticated" ? "An" : "A"} ${access} operation must document a ${code} response.`, path: [...path, 'responses'] });
      continue;
    }
    const problem = errorBodyProblem(response);
    if (problem) problems.push({ message: `The ${code} response ${problem}.`, path: [...path, 'responses', code] });
  }
  return problems;
}
