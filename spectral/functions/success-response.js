// Every operation documents how it succeeds: a 2xx or 3xx response, or 101 Switching Protocols for
// a WebSocket upgrade (which generic "needs a 2xx" rules do not know), or, for a path the server
// does not route at all, its documented failure (marked deprecated, with x-upstream-differs).
export default function successResponse(operation, _options, { path }) {
  const codes = Object.keys(operation?.responses ?? {});
  if (codes.some((c) => /^(2|3)(\d\d|XX)$/.test(c) || c === '101')) return [];
  if (operation?.deprecated && operation['x-upstream-differs']) return [];
  return [{ message: 'Operation documents no success response (2xx, 3xx, or 101 for a WebSocket upgrade).', path: [...path, 'responses'] }];
}
