// The bundle as the docs page shows it (never written to generated/): what the renderer would
// otherwise hide is put where it shows. Every operation gets a code sample (generated where none is
// hand-written), its operationId and its marks in words (scripts/lib/docs-marks.js); conditions
// become titled lists (scripts/lib/docs-conditions.js); the introduction ends with the changelog
// (scripts/lib/docs-versions.js).
import { SAMPLE_LABEL, samplesOf } from './code-samples.js';
import { explainAllConditions } from './docs-conditions.js';
import { markFields, markOperation } from './docs-marks.js';
import { METHODS } from './methods.js';
import { portainerChanges } from './portainer-changes.js';
import { changelogMarkdown } from './docs-versions.js';

/** The docs' view of `bundle` (the Portainer bundle, Docker mounted); `bundle` is left as it is. */
export function docsView(bundle) {
  const doc = structuredClone(bundle);
  // The changelog closes the introduction's Versions section (its last section).
  if (bundle.info?.['x-portainer-versions']) doc.info.description = `${doc.info.description.trimEnd()}\n\n${changelogMarkdown(portainerChanges(bundle))}\n`;
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
  explainAllConditions(doc);
  return doc;
}
