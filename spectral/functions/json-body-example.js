// Every JSON request or response body carries at least one example (Prism serves them, and
// readers learn the most from them).
const isJson = (mediaType) => /^application\/(?:[\w.+-]+\+)?json(?:;|$)/.test(mediaType);

export default function jsonBodyExample(content, _options, { path }) {
  if (!content || typeof content !== 'object') return [];
  const problems = [];
  for (const [mediaType, media] of Object.entries(content)) {
    if (!isJson(mediaType) || !media?.schema) continue;
    const hasExample = media.example !== undefined || Object.keys(media.examples ?? {}).length > 0;
    if (!hasExample) problems.push({ message: `The ${mediaType} body has no example.`, path: [...path, mediaType] });
  }
  return problems;
}
