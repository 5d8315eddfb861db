// A stub fetch that answers at once with a realistic body, so that client overhead is all that is
// measured; every client under test gets the same one.
export const ENDPOINT_BODY = JSON.stringify({
  Id: 1, Name: 'local', Type: 1, URL: 'unix:///var/run/docker.sock', PublicURL: '', GroupId: 1, Status: 1,
  TagIds: [1, 4], Snapshots: [], TLSConfig: { TLS: false, TLSSkipVerify: false }, EdgeCheckinInterval: 0,
  SecuritySettings: { allowBindMountsForRegularUsers: true, allowPrivilegedModeForRegularUsers: false },
  Kubernetes: { Configuration: { UseLoadBalancer: false }, Flags: { IsServerMetricsDetected: false }, Snapshots: [] },
});
const HEADERS = { 'content-type': 'application/json' };

export const stubFetch = async (_input: Request | string | URL, _init?: unknown): Promise<Response> =>
  new Response(ENDPOINT_BODY, { status: 200, headers: HEADERS });

export const API_KEY = 'ptr_benchmarkKey0123456789abcdef';
