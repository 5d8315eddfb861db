// Query strings as Portainer and Docker read them: arrays as repeated keys (`t=a&t=b`, which both
// parse), everything else as text; keys and values encoded; undefined and null left out.
export function serializeQuery(query: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(typeof item === 'object' ? JSON.stringify(item) : String(item))}`);
    }
  }
  return pairs.join('&');
}
