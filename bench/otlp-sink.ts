// An OTLP/HTTP receiver that answers 200 and keeps only counts: where the subgraph exports its
// spans in the tracing benchmarks (bench/run.ts --tracing), as it would to a collector.
// Prints OTLP_SINK_URL=… once listening; GET /stats answers {"exports", "spans", "bytes"}.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let exports = 0;
let spans = 0;
let bytes = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ exports, spans, bytes }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    exports += 1;
    bytes += body.length;
    spans += String(req.headers['content-type']).includes('json') ? countJsonSpans(body) : countSpans(body);
    res.setHeader('content-type', req.headers['content-type'] ?? 'application/x-protobuf');
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`OTLP_SINK_URL=http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});

function countJsonSpans(body: Buffer): number {
  const request = JSON.parse(body.toString('utf8')) as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] };
  return (request.resourceSpans ?? [])
    .flatMap((r) => r.scopeSpans ?? [])
    .reduce((n, s) => n + (s.spans?.length ?? 0), 0);
}

/**
 * The spans in an ExportTraceServiceRequest (protobuf): resource_spans = 1, in each scope_spans = 2,
 * in each spans = 2. Only the wire format is read: no schema needed to count.
 */
function countSpans(body: Buffer): number {
  let count = 0;
  for (const resourceSpans of fields(body, 1)) {
    for (const scopeSpans of fields(resourceSpans, 2)) count += fields(scopeSpans, 2).length;
  }
  return count;
}

/** The length-delimited fields numbered `wanted` of a protobuf message. */
function fields(message: Buffer, wanted: number): Buffer[] {
  const found: Buffer[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = message[at++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < message.length) {
    const key = varint();
    const [field, type] = [Math.floor(key / 8), key & 7];
    if (type === 0) varint();
    else if (type === 1) at += 8;
    else if (type === 5) at += 4;
    else if (type === 2) {
      const length = varint();
      if (field === wanted) found.push(message.subarray(at, at + length));
      at += length;
    } else break; // groups are not used by OTLP
  }
  return found;
}
