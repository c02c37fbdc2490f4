import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';

/** What a webhook server lets a client do: how big, how slow, how many at once. */
export interface WebhookLimits {
  /** An update is a few kilobytes; a body beyond this is refused while it streams in, chunked or not. */
  maxBodyBytes: number;
  /** A client that has not sent its headers by then is cut off. */
  headersTimeoutMs: number;
  /** A request not wholly received by then is cut off. */
  requestTimeoutMs: number;
  /** A connection kept open between requests is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic at all is closed after this. */
  idleTimeoutMs: number;
  /** Connections open at once; more are refused, so idle sockets cannot use up the process's files. */
  maxConnections: number;
}

export const defaultWebhookLimits: WebhookLimits = {
  maxBodyBytes: 1_000_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  maxConnections: 256,
};

export interface WebhookServer {
  /** The port actually listened on (useful when 0 asked the system for a free one). */
  port: number;
  /** Stop accepting requests; resolves when the ones in progress have been answered. */
  close(): Promise<void>;
}

/**
 * A plain HTTP server with every limit set (a TLS proxy in front of it faces the platform), listening
 * on `host:port`. Node checks the header and request timeouts on an interval: often enough here for
 * the limits to hold.
 */
export function listenWithLimits(handler: RequestListener, host: string, port: number, limits: WebhookLimits): Promise<WebhookServer> {
  const connectionsCheckingInterval = Math.max(50, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4);
  const server = createServer({ connectionsCheckingInterval }, handler);
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.timeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : port, close: () => closeServer(server) });
    });
  });
}

/** The body's bytes, or a rejection ("too big") as soon as it passes `max` bytes. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        reject('too big');
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Answer with a status and close the connection, reading nothing more. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status, { Connection: 'close' });
  res.end(() => req.destroy());
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
