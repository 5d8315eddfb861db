// A keep-alive HTTP server in its own process, answering GET /api/endpoints/{id} with a small JSON
// body, or streaming Docker log frames on GET /logs?bytes=N&frame=F. Prints its port.
import http from 'node:http';

const BODY = Buffer.from(process.env.BENCH_BODY ?? '{}');

function frames(frameSize) {
  // A 1 MiB block of stdout/stderr frames whose payloads look like log lines.
  const block = Buffer.alloc(1 << 20);
  let offset = 0;
  let n = 0;
  while (offset + 8 + frameSize <= block.length) {
    block[offset] = n++ % 10 === 9 ? 2 : 1;
    block.writeUInt32BE(frameSize, offset + 4);
    block.fill(0x61 + (n % 26), offset + 8, offset + 8 + frameSize - 1);
    block[offset + 8 + frameSize - 1] = 0x0a;
    offset += 8 + frameSize;
  }
  return block.subarray(0, offset);
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/logs')) {
    const url = new URL(req.url, 'http://x');
    const total = Number(url.searchParams.get('bytes'));
    const block = frames(Number(url.searchParams.get('frame') ?? 120));
    res.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream' });
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += block.length;
        if (!res.write(block)) return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': BODY.length });
  res.end(BODY);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
