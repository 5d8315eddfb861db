// Base64 of UTF-8 text without Buffer, so the package runs wherever fetch runs.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBase64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Decodes standard or URL-safe base64, padded or not; throws on anything else. */
export function fromBase64(base64: string): string {
  const standard = base64.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  return decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
