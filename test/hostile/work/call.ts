// Calls made inside a bounded worker (see test/helpers/bounded.ts), returning what tests check.
import { createPortainerClient } from '../../../src/index.js';
import { plainError } from '../../helpers/bounded.js';

/** GET /endpoints with an API key, one attempt: the error, as plain fields. */
export async function getError(url: string) {
  const client = createPortainerClient({ url, apiKey: 'ptr_ErrorBodyKey0123456789', timeoutMs: 60_000, retry: { attempts: 1 } });
  try {
    const { error } = await client.GET('/endpoints');
    return { error: plainError(error), shown: String(error).length };
  } catch (error) {
    return { rejected: plainError(error) };
  }
}
