// Security must agree with the access policy: public routes declare `security: []`; all others
// accept Portainer's credentials, each scheme as its own alternative (one scheme per requirement
// object: two schemes in one object would mean both are required, which is never true here).
const KNOWN = new Set(['jwt', 'ApiKeyAuth']);

export default function securityMatchesAccess(operation, _options, context) {
  const access = operation?.['x-portainer-access'];
  if (!access) return []; // reported by portainer-access-policy
  const rootSecurity = context.document.data?.security;
  const declared = Object.hasOwn(operation, 'security');
  const security = declared ? operation.security : rootSecurity;
  const where = declared ? [...context.path, 'security'] : context.path;
  if (access === 'public') {
    return Array.isArray(security) && security.length === 0
      ? []
      : [{ message: 'A public operation must declare `security: []`.', path: where }];
  }
  if (!Array.isArray(security) || security.length === 0) {
    return [{ message: `A ${access} operation needs security (jwt and/or ApiKeyAuth as alternatives).`, path: where }];
  }
  const problems = [];
  security.forEach((requirement, i) => {
    const names = Object.keys(requirement ?? {});
    if (names.length !== 1) {
      problems.push({
        message: `Security requirement ${i} lists ${names.length ? names.join(' AND ') : 'no scheme'}; list each scheme as its own alternative.`,
        path: [...where, i],
      });
    } else if (!KNOWN.has(names[0])) {
      problems.push({ message: `Unknown security scheme "${names[0]}"; use jwt or ApiKeyAuth.`, path: [...where, i] });
    }
  });
  return problems;
}
