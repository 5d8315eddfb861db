// Which operation of the bundle a request is for, by method and path: the mock's front server needs
// to know whether a route is public, accepts only a JWT, or belongs to the Docker passthrough.
import { METHODS } from './methods.js';
import { MOUNT } from './mount-docker.js';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Routes of `doc` under `prefix` (`/api`), most literal first so that `/endpoints/snapshot` wins
 * over `/endpoints/{id}`. Each pattern is anchored and has no nested quantifier: matching is linear
 * in the length of the path, whatever a client sends.
 */
export function routeTable(doc, prefix = '') {
  const routes = [];
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    const segments = template.split('/').slice(1);
    const pattern = new RegExp(`^${escape(prefix)}/${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : escape(s))).join('/')}$`);
    const literal = segments.filter((s) => !s.startsWith('{')).length;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const security = op.security ?? doc.security ?? [];
      routes.push({
        method: method.toUpperCase(),
        template,
        pattern,
        literal,
        public: security.length === 0,
        jwtOnly: security.length > 0 && security.every((s) => Object.keys(s).join() === 'jwt'),
        docker: template.startsWith(`${MOUNT}/`),
      });
    }
  }
  routes.sort((a, b) => b.literal - a.literal);
  return {
    /** The route `method pathname` is for, or undefined. */
    find(method, pathname) {
      const verb = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
      for (const m of verb) {
        const found = routes.find((r) => r.method === m && r.pattern.test(pathname));
        if (found) return found;
      }
      return undefined;
    },
  };
}
