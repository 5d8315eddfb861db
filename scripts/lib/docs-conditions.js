// A schema's conditions (if/then in `allOf`), which the renderer can show only one of, as an
// untitled "case 1 / case 2", written out for the docs as a titled list in its description and in
// the description of the request bodies that use it.
import { appendParagraph as append } from './markdown.js';
import { METHODS } from './methods.js';

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

/** Writes out every schema's conditions in `doc` (in place). */
export function explainAllConditions(doc) {
  walkSchemas(doc.paths, '#/paths');
  conditionsOnBodies(doc, walkSchemas(doc.components, '#/components'));
}
