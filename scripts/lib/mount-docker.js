// Mounts the Docker Engine document under Portainer's proxy path. Pure: takes both bundled
// documents, returns a new Portainer document. Docker components are renamed with a `Docker`
// prefix so they cannot collide with Portainer's; the environment path parameter is called
// `endpointId` because Docker paths already use `{id}` and `{name}`.
export const MOUNT = '/endpoints/{endpointId}/docker';
export const DOCKER_TAG_PREFIX = 'Docker ';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
export const ENDPOINT_PARAM = 'DockerProxyEndpointId';

const clone = (value) => structuredClone(value);

function rewriteRefs(node, map) {
  if (Array.isArray(node)) return node.forEach((item) => rewriteRefs(item, map));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      if (!map.has(value)) throw new Error(`Docker document refers to ${value}, which it does not define`);
      node.$ref = map.get(value);
    } else rewriteRefs(value, map);
  }
}

function requireComponent(doc, section, name) {
  if (!doc.components?.[section]?.[name]) {
    throw new Error(`Portainer document lacks components.${section}.${name}, needed to mount the Docker API`);
  }
  return `#/components/${section}/${name}`;
}

export function mountDocker(portainer, docker) {
  const out = clone(portainer);
  const dock = clone(docker);
  out.components ??= {};

  // 1. Rename every Docker component and point its $refs at the new names.
  const refMap = new Map();
  for (const [section, entries] of Object.entries(dock.components ?? {})) {
    for (const name of Object.keys(entries)) {
      refMap.set(`#/components/${section}/${name}`, `#/components/${section}/Docker${name}`);
    }
  }
  rewriteRefs(dock.paths, refMap);
  rewriteRefs(dock.components, refMap);
  for (const [section, entries] of Object.entries(dock.components ?? {})) {
    out.components[section] ??= {};
    for (const [name, value] of Object.entries(entries)) {
      const renamed = `Docker${name}`;
      if (out.components[section][renamed]) throw new Error(`components.${section}.${renamed} exists in both documents`);
      out.components[section][renamed] = value;
    }
  }

  // 2. Portainer's side of the proxy: the environment parameter and its error responses.
  out.components.parameters ??= {};
  out.components.parameters[ENDPOINT_PARAM] = {
    name: 'endpointId',
    in: 'path',
    required: true,
    description: 'Identifier of the Docker environment whose engine receives the request.',
    schema: { type: 'integer', minimum: 1 },
    example: 1,
  };
  const unauthorized = requireComponent(out, 'responses', 'Unauthorized');
  const forbidden = requireComponent(out, 'responses', 'Forbidden');

  // 3. Paths, each under the mount point, with Portainer's access rules.
  const tagName = (tag) => `${DOCKER_TAG_PREFIX}${tag}`;
  for (const [path, item] of Object.entries(dock.paths ?? {})) {
    const mounted = `${MOUNT}${path}`;
    if (out.paths[mounted]) throw new Error(`${mounted} is described in both documents`);
    item.parameters = [{ $ref: `#/components/parameters/${ENDPOINT_PARAM}` }, ...(item.parameters ?? [])];
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      delete op.security; // Portainer's root security (jwt or API key) applies
      op['x-portainer-access'] ??= 'restricted';
      op.tags = (op.tags ?? []).map(tagName);
      op.responses['401'] ??= { $ref: unauthorized };
      op.responses['403'] ??= { $ref: forbidden };
    }
    out.paths[mounted] = item;
  }

  // 4. Tags and tag groups, so the docs show the Docker API as its own section.
  out.tags = [
    ...(out.tags ?? []),
    ...(dock.tags ?? []).map((tag) => ({ ...tag, name: tagName(tag.name), 'x-displayName': tag['x-displayName'] ?? tag.name })),
  ];
  out['x-tagGroups'] = [
    ...(out['x-tagGroups'] ?? []),
    ...(dock['x-tagGroups'] ?? []).map((group) => ({
      ...group,
      name: `${group.name} (through Portainer)`,
      tags: group.tags.map(tagName),
    })),
  ];
  return out;
}
