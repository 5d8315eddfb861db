// A list response that declares an `X-Total-Count` header example must agree with its example body:
// the header counts the items the body holds (the examples show no paging). The mock serves both,
// so a client that reads the header would otherwise see a count the body contradicts.
// `given` is a response object. A header `example` must match every body example; a header with
// named `examples` must match the body example of the same name.
const HEADER = 'x-total-count';

export default function totalCountExample(response, _options, { path }) {
  if (!response || typeof response !== 'object') return [];
  const [name, header] = Object.entries(response.headers ?? {}).find(([h]) => h.toLowerCase() === HEADER) ?? [];
  if (!header || typeof header !== 'object') return [];
  const problems = [];
  for (const [mediaType, media] of Object.entries(response.content ?? {})) {
    for (const [exampleName, body] of bodies(media)) {
      if (!Array.isArray(body)) continue;
      const count = headerExample(header, exampleName);
      if (count === undefined) continue;
      if (Number(count) !== body.length) {
        const which = exampleName ? `example "${exampleName}"` : 'example';
        problems.push({
          message: `${name} example says ${count} but the ${mediaType} ${which} holds ${body.length} item(s).`,
          path: [...path, 'headers', name],
        });
      }
    }
  }
  return problems;
}

/** [name, value] of each body example: [null, example] or [key, examples[key].value]. */
function bodies(media) {
  if (!media || typeof media !== 'object') return [];
  if (media.example !== undefined) return [[null, media.example]];
  return Object.entries(media.examples ?? {}).map(([key, ex]) => [key, ex?.value]);
}

function headerExample(header, exampleName) {
  if (header.example !== undefined) return header.example;
  if (header.schema?.example !== undefined) return header.schema.example;
  if (exampleName && header.examples?.[exampleName]) return header.examples[exampleName].value;
  return undefined;
}
