// Route templates compared by shape: `/endpoints/{id}` and `/endpoints/{environmentId}` are one path.
export const norm = (p) => p.split('/').map((s) => (s.startsWith('{') ? '{}' : s)).join('/');
