// Version marks and upstream differences (`x-added-in`, `x-portainer-since`, `x-portainer-removed-in`
// with its backports, `x-portainer-changed`, `x-upstream-differs`) made visible for the docs: a
// sentence in the description of the operation or field that carries them, and a badge where the
// renderer shows badges (operations, schema fields). An operation's operationId goes into its text
// too, since the renderer's search reads text and not operationIds.
import { appendParagraph as append } from './markdown.js';
import { METHODS } from './methods.js';

/** " (and in 2.33.8, 2.39.2)": the patch releases of older lines that got the same change. */
const also = (node) => (node['x-portainer-backported']?.length ? ` (and in ${node['x-portainer-backported'].join(', ')})` : '');

/** The marks the spec uses, how each reads as a badge and as a sentence. */
const MARKS = {
  'x-portainer-since': {
    badge: (v) => `Portainer ${v}+`,
    sentence: (v, node) => `Since Portainer CE ${v}${node['x-portainer-removed-in'] ? '' : also(node)}.`,
  },
  'x-portainer-removed-in': {
    badge: (v) => `Removed in Portainer ${v}`,
    sentence: (v, node) => `Removed in Portainer CE ${v}${also(node)}: only older servers have it.`,
  },
  // What changed in a release, one sentence each (the changelog in the Versions section lists them too).
  'x-portainer-changed': {
    sentence: (v) => v.map((c) => `Changed in Portainer CE ${c.in}: ${c.note}`).join(' '),
  },
  'x-added-in': {
    badge: (v) => `Docker API ${v}+`,
    sentence: (v) => `Added in Docker Engine API ${v}; older daemons do not have it.`,
  },
  // Said in words only: as a badge on two hundred operations it would crowd the menu.
  'x-upstream-differs': {
    sentence: (v) => `**Differs from the upstream reference:** ${v}`,
  },
};
const BADGE_COLOR = { 'x-portainer-removed-in': '#b00020' };

const marksOf = (node) => Object.keys(MARKS).filter((k) => node[k] !== undefined && node[k] !== null && node[k] !== '');

function badges(node) {
  return marksOf(node).filter((k) => MARKS[k].badge).map((k) => ({
    name: MARKS[k].badge(node[k]),
    ...(BADGE_COLOR[k] ? { color: BADGE_COLOR[k] } : {}),
  }));
}

/** Adds the marks of `node` to its description (and, where the renderer shows them, badges). */
function showMarks(node, { withBadges }) {
  const found = marksOf(node);
  if (!found.length) return;
  node.description = append(node.description, found.map((k) => `*${MARKS[k].sentence(node[k], node)}*`).join(' '));
  const more = withBadges ? badges(node) : [];
  if (more.length) node['x-badges'] = [...(node['x-badges'] ?? []), ...more];
}

const isSchemaish = (node) =>
  ['type', 'properties', '$ref', 'allOf', 'anyOf', 'oneOf', 'enum', 'items', 'const', 'format'].some((k) => k in node);

/** Marks on every field: parameters, headers, schemas and their properties, media types. */
export function markFields(node, role) {
  if (Array.isArray(node)) return node.forEach((item) => markFields(item, 'item'));
  if (!node || typeof node !== 'object') return;
  if (role === 'media-types') {
    // A media type has no text of its own: its marks are said on its response (or request body).
    for (const media of Object.values(node)) markFields(media, 'media-type');
    return;
  }
  if (role === 'map') {
    for (const value of Object.values(node)) markFields(value, 'item');
    return;
  }
  if (role !== 'media-type' && node.content && typeof node.content === 'object' && !Array.isArray(node.content)) {
    for (const [media, content] of Object.entries(node.content)) {
      const found = content && typeof content === 'object' ? marksOf(content) : [];
      if (found.length) node.description = append(node.description, `\`${media}\`: ${found.map((k) => MARKS[k].sentence(content[k], content)).join(' ')}`);
    }
  }
  if (role !== 'operation' && role !== 'media-type') showMarks(node, { withBadges: isSchemaish(node) });
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-codeSamples' || key === 'examples' || key === 'example' || key === 'x-badges' || key === 'x-portainer-changed') continue;
    if (key === 'content' && role !== 'media-type') markFields(value, 'media-types');
    else if (MAPS.has(key)) markFields(value, 'map');
    else if (role === 'path-item' && METHODS.includes(key)) markFields(value, 'operation');
    else markFields(value, 'item');
  }
}
// Objects whose keys are names (not keywords): their members are visited as items.
const MAPS = new Set(['properties', 'patternProperties', '$defs', 'schemas', 'parameters', 'headers', 'responses', 'requestBodies', 'examples', 'callbacks']);

export function markOperation(op) {
  showMarks(op, { withBadges: true });
  // The renderer's search reads an operation's text, not its operationId: put it there.
  if (op.operationId) op.description = append(op.description, `Operation ID: \`${op.operationId}\``);
}
