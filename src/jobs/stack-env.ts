// Stack variables as Portainer takes them: a list of { name, value } pairs.
import type { PortainerComponents } from '../index.js';
import { invalidInput, type Where } from './job-error.js';

export type Pair = PortainerComponents['schemas']['Pair'];

/** `{ TAG: '1.27' }`, or Portainer's own `[{ name: 'TAG', value: '1.27' }]`. */
export type StackEnv = Record<string, string> | Pair[];

/** The pairs to send, or undefined when none were given; a bad entry is refused, named. */
export function stackEnv(env: StackEnv | undefined, where: Where): Pair[] | undefined {
  if (env === undefined) return undefined;
  const pairs = Array.isArray(env) ? env : Object.entries(env).map(([name, value]) => ({ name, value }));
  for (const pair of pairs) {
    if (!pair || typeof pair.name !== 'string' || !pair.name || typeof pair.value !== 'string') {
      throw invalidInput(where, `env: every variable needs a non-empty name and a string value (got ${JSON.stringify(pair)})`);
    }
  }
  return pairs.map(({ name, value }) => ({ name, value }));
}
