// Every operation states who may call it: x-portainer-access is one of Portainer's four policies.
export const ACCESS_POLICIES = ['public', 'authenticated', 'restricted', 'administrator'];

export default function accessPolicy(operation, _options, { path }) {
  const access = operation?.['x-portainer-access'];
  if (access === undefined) {
    return [{ message: 'Operation has no x-portainer-access (public, authenticated, restricted or administrator).', path }];
  }
  if (!ACCESS_POLICIES.includes(access)) {
    return [{ message: `x-portainer-access is "${access}"; use one of ${ACCESS_POLICIES.join(', ')}.`, path: [...path, 'x-portainer-access'] }];
  }
  return [];
}
