// dockerode ships no types, and the community ones (@types/dockerode) trail its API (no
// getImages, no Task.logs): the tier drives it untyped, as a JavaScript user would.
declare module 'dockerode';
