// Spectral's $ref resolver for the sources, with one addition: a $ref to a code sample
// (openapi/code-samples/*.ts, used as `x-codeSamples[].source`) resolves to the file's text, as
// Redocly bundles it. Spectral parses every referenced file as YAML; the sample is handed over as
// a quoted YAML string so it arrives as a string. Everything else resolves as Spectral's default.
const fs = require('node:fs/promises');
const { resolveFile } = require('@stoplight/json-ref-readers');
const { createHttpAndFileResolver, Resolver } = require('@stoplight/spectral-ref-resolver');

const SAMPLE = /\.(?:ts|js|sh)$/;
const defaults = createHttpAndFileResolver();

module.exports = new Resolver({
  resolvers: {
    ...defaults.resolvers,
    file: {
      async resolve(ref) {
        const file = ref.path();
        if (SAMPLE.test(file)) return JSON.stringify(await fs.readFile(file, 'utf8'));
        return resolveFile(ref);
      },
    },
  },
});
