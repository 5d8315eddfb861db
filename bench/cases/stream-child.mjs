// Run in its own plain-Node process (compiled client, no TypeScript loader) so that its peak RSS is
// the stream's: reads BYTES of Docker log frames from the bench server and prints
// {ms, bytes, maxRssMiB}. Modes: raw (the bytes as they come), pipe (demultiplexDockerStreamTo into
// two counting sinks), ordered (the demultiplexDockerStream iterator, exact stdout/stderr order).
import { performance } from 'node:perf_hooks';
import { demultiplexDockerStream, demultiplexDockerStreamTo } from '../../dist/src/index.js';

const [url, mode, total, frame] = process.argv.slice(2);
const start = performance.now();
const response = await fetch(`${url}/logs?bytes=${total}&frame=${frame}`);
let bytes = 0;
if (mode === 'raw') {
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
} else if (mode === 'pipe') {
  const counter = () => new WritableStream({ write(chunk) { bytes += chunk.byteLength; } });
  await demultiplexDockerStreamTo(response.body, counter(), counter());
} else {
  for await (const chunk of demultiplexDockerStream(response.body)) bytes += chunk.data.byteLength;
}
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, bytes, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
