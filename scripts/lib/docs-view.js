// The bundle as the docs page shows it (never written to generated/): what the renderer would
// otherwise hide is put where it shows. Every operation gets a code sample (generated where none is
// hand-written) and its operationId in its text, so search finds it; version marks and upstream
// differences become badges and sentences on operations and fields; a schema's conditions
// (if/then, which the renderer can show only one of, as an untitled "case 1 / case 2") become a
// titled list in its description.
import { SAMPLE_LABEL, samplesOf } from './code-samples.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The marks the spec uses, how each reads as a badge and as a sentence. */
const MARKS = {
  'x-portainer-since': {
    badge: (v) => `Portainer ${v}+`,
    sentence: (v) => `Since Portainer CE ${v}.`,
  },
  'x-portainer-removed-in': {
    badge: (v) => `Removed in Portainer ${v}`,
    sentence: (v) => `Removed in Portainer CE ${v}: only older servers have it.`,
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

const append = (text, more) => (text ? `${text}\n\n${more}` : more);

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
  node.description = append(node.description, found.map((k) => `*${MARKS[k].sentence(node[k])}*`).join(' '));
  const more = withBadges ? badges(node) : [];
  if (more.length) node['x-badges'] = [...(node['x-badges'] ?? []), ...more];
}

const isSchemaish = (node) =>
  ['type', 'properties', '$ref', 'allOf', 'anyOf', 'oneOf', 'enum', 'items', 'const', 'format'].some((k) => k in node);

/** Marks on every field: parameters, headers, schemas and their properties, media types. */
function markFields(node, role) {
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
      if (found.length) node.description = append(node.description, `\`${media}\`: ${found.map((k) => MARKS[k].sentence(content[k])).join(' ')}`);
    }
  }
  if (role !== 'operation' && role !== 'media-type') showMarks(node, { withBadges: isSchemaish(node) });
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-codeSamples' || key === 'examples' || key === 'example' || key === 'x-badges') continue;
    if (key === 'content' && role !== 'media-type') markFields(value, 'media-types');
    else if (MAPS.has(key)) markFields(value, 'map');
    else if (role === 'path-item' && METHODS.includes(key)) markFields(value, 'operation');
    else markFields(value, 'item');
  }
}
// Objects whose keys are names (not keywords): their members are visited as items.
const MAPS = new Set(['properties', 'patternProperties', '$defs', 'schemas', 'parameters', 'headers', 'responses', 'requestBodies', 'examples', 'callbacks']);

function markOperation(op) {
  showMarks(op, { withBadges: true });
  // The renderer's search reads an operation's text, not its operationId: put it there.
  if (op.operationId) op.description = append(op.description, `Operation ID: \`${op.operationId}\``);
}

/** What a condition's `then` asks for, in words. */
function demands(then) {
  const required = then.required ?? [];
  const nonEmpty = (f) => then.properties?.[f]?.minLength > 0;
  const parts = [];
  if (required.length) {
    const names = required.map((f) => `\`${f}\``).join(', ');
    parts.push(`${names} ${required.length > 1 ? 'are' : 'is'} required${required.every(nonEmpty) ? ', not empty' : ''}`);
  }
  for (const f of Object.keys(then.properties ?? {})) {
    if (nonEmpty(f) && !required.every(nonEmpty)) parts.push(`\`${f}\` must not be empty`);
  }
  return parts.join('; ') || 'no further fields';
}

/**
 * Turns if/then entries of `allOf` into a titled list in the schema's description; returns the
 * list (or undefined when the schema has no conditions).
 */
function explainConditions(schema, where) {
  if (!Array.isArray(schema?.allOf)) return undefined;
  const conditions = schema.allOf.filter((entry) => entry && entry.if);
  if (!conditions.length) return undefined;
  const lines = conditions.map((entry) => {
    const title = entry.if.title ?? entry.title;
    if (!title) throw new Error(`${where}/allOf/${schema.allOf.indexOf(entry)}: a condition (if/then) needs a \`title\` on its \`if\`; the docs name each case by it`);
    const otherwise = entry.else ? ` Otherwise${entry.else.title ? ` (${entry.else.title})` : ''}: ${demands(entry.else)}.` : '';
    return `- **${title}**: ${demands(entry.then ?? {})}.${otherwise}`;
  });
  schema.allOf = schema.allOf.filter((entry) => !entry?.if);
  if (!schema.allOf.length) delete schema.allOf;
  const text = `**Conditions**\n\n${lines.join('\n')}`;
  schema.description = append(schema.description, text);
  return text;
}

/** Explains every schema's conditions; returns them by the schema's pointer. */
function walkSchemas(node, where, found = new Map()) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walkSchemas(item, `${where}/${i}`, found));
    return found;
  }
  if (!node || typeof node !== 'object') return found;
  const text = explainConditions(node, where);
  if (text) found.set(where, text);
  for (const [key, value] of Object.entries(node)) walkSchemas(value, `${where}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, found);
  return found;
}

/**
 * The renderer does not show a request body schema's own description, only the body's: a body
 * whose schema has conditions says them too.
 */
function conditionsOnBodies(doc, conditions) {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const body = item[method]?.requestBody;
      for (const content of Object.values(body?.content ?? {})) {
        const ref = content?.schema?.$ref;
        const text = ref ? conditions.get(ref) : undefined;
        if (text && !body.description?.includes(text)) body.description = append(body.description, text);
      }
    }
  }
}

/** The docs' view of `bundle` (the Portainer bundle, Docker mounted); `bundle` is left as it is. */
export function docsView(bundle) {
  const doc = structuredClone(bundle);
  const samples = new Map(samplesOf(bundle).map((s) => [`${s.method} ${s.path}`, s]));
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const sample = samples.get(`${method} ${p}`);
      if (sample?.generated) {
        op['x-codeSamples'] = [...(op['x-codeSamples'] ?? []), { lang: 'TypeScript', label: SAMPLE_LABEL, source: sample.source }];
      }
      markOperation(op);
    }
  }
  for (const item of Object.values(doc.paths ?? {})) markFields(item, 'path-item');
  markFields(doc.components ?? {}, 'item');
  walkSchemas(doc.paths, '#/paths');
  conditionsOnBodies(doc, walkSchemas(doc.components, '#/components'));
  return doc;
}
