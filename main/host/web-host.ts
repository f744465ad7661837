import crypto from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isEventName } from '../../shared/ipc/contract';
import { WS_MAX_FRAME_BYTES, WS_PATH, WS_SUBPROTOCOL, WS_TOKEN_PREFIX, type ServerMessage } from '../../shared/ipc/wire';
import type { EventBus } from '../node/event-bus';
import { bindHandlers, type Dispatch, type Handlers } from '../node/ipc-dispatch';
import { contentSecurityPolicy } from '../node/security/csp';
import { readStatic, resolveStaticPath } from '../node/static-files';
import { serveIpcConnection, type FlowLimits, type IpcConnection } from './ws-connection';

export interface WebHostOptions {
  handlers: Handlers;
  events: EventBus;
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; a random 256-bit one otherwise. */
  token?: string;
  log?: (message: string) => void;
  /** Per-connection flow control (tests); the defaults otherwise. */
  flowLimits?: FlowLimits;
}

export interface WebHost {
  /** The address to open, token included (in the fragment, never sent to the server). */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** What the open connections hold right now (bytes waiting to be written, calls running or waiting). */
  stats(): { connections: number; bufferedBytes: number; inFlight: number; queued: number };
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

function tokensEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The headless host: serves the built renderer on 127.0.0.1 and carries the IPC contract over a WebSocket.
 * Other local pages cannot use it: the socket needs the per-run token (sent as a subprotocol) AND our exact
 * Origin, and every HTTP request must name our own Host (which defeats DNS rebinding).
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? crypto.randomBytes(32).toString('hex');
  const log = options.log ?? (() => undefined);
  // Same binding function as Electron; the sender check is the socket's authentication, done at upgrade.
  const dispatch: Dispatch = bindHandlers(options.handlers, { isTrustedSender: (s) => s.transport === 'websocket' });
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!allowedHosts.has(req.headers.host ?? '')) {
        res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const resolved = resolveStaticPath(options.rendererDir, req.url ?? '/');
      const file = resolved === undefined ? undefined : await readStatic(resolved);
      if (!file) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [`ws://${LOOPBACK}:${port}`, `ws://localhost:${port}`] }),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Resource-Policy': 'same-origin',
        'X-Frame-Options': 'DENY',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })().catch(() => res.writeHead(500).end());
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });
  const connections = new Map<WebSocket, IpcConnection>();
  let nextConnection = 1;

  server.on('upgrade', (req, socket, head) => {
    // Until ws owns the socket, a reset by the client must not surface as an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return reject(socket, 404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return reject(socket, 421, 'Misdirected Request');
    // Our page's Origin is exactly the (already checked) Host it was served from.
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== `http://${req.headers.host}`) {
      log(`refused a WebSocket from origin ${String(requestOrigin)}`);
      return reject(socket, 403, 'Forbidden');
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
    if (!offered.includes(WS_SUBPROTOCOL) || presented === undefined || !tokensEqual(presented, token)) {
      log('refused a WebSocket without the right token');
      return reject(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connectionId = nextConnection++;
      // Without a listener an 'error' (a frame above maxPayload, a bad frame, a reset) is thrown and ends the
      // process. ws closes the socket itself after emitting it (1009 for an oversized frame).
      ws.on('error', (error) => log(`closed a WebSocket after an error: ${error.message}`));
      connections.set(ws, serveIpcConnection(ws, connectionId, dispatch, log, options.flowLimits));
      ws.on('close', () => connections.delete(ws));
    });
  });

  const unsubscribe = options.events.subscribe((event, payload) => {
    if (!isEventName(event)) return;
    let frame: string;
    try {
      frame = JSON.stringify({ type: 'event', event, payload } satisfies ServerMessage);
    } catch (error) {
      log(`event ${event} could not be serialised: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const connection of connections.values()) connection.sendEvent(frame);
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://${LOOPBACK}:${port}`;
  allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    stats() {
      let bufferedBytes = 0;
      let inFlight = 0;
      let queued = 0;
      for (const connection of connections.values()) {
        const s = connection.stats();
        bufferedBytes += s.bufferedBytes;
        inFlight += s.inFlight;
        queued += s.queued;
      }
      return { connections: connections.size, bufferedBytes, inFlight, queued };
    },
    async close() {
      unsubscribe();
      for (const ws of connections.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
