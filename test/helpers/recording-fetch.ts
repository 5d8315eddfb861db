// A fetch that remembers what it sent, so tests can check headers and bodies on the wire.
export interface Sent {
  method: string;
  url: string;
  headers: Headers;
  contentType: string | null;
}

export function recordingFetch(): { fetch: (input: Request, init?: RequestInit) => Promise<Response>; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (input: Request, init?: RequestInit) => {
      sent.push({ method: input.method, url: input.url, headers: new Headers(input.headers), contentType: input.headers.get('content-type') });
      return fetch(input, init);
    },
  };
}
