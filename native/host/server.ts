import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { StudioError, toStudioError } from '../api/errors';
import type { Dispatcher, EventHub } from '../api/dispatch';
import { asRequest, decodeMessage, encodeMessage, type WireMessage } from '../api/wire';
import { serveStatic } from './static-files';
import { isLoopback, tokenFromRequest, tokensEqual, TOKEN_COOKIE } from './auth';

export interface HostOptions {
  dispatcher: Dispatcher;
  events: EventHub;
  /** The built renderer (index.html and its assets). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required on every request; null turns the check off (`--no-token`). */
  token: string | null;
  /** Largest message a client may send; bigger ones are answered with `too_large`. */
  maxMessageBytes?: number;
}

export interface Host {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/**
 * Web mode: serves the built studio and StudioApi over a WebSocket at `/api`. Every HTTP
 * request and every WebSocket must carry the token (as `?token=` or the cookie set by the
 * first page load); a bad message is answered with an error and the server keeps serving.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const host = options.host ?? '127.0.0.1';
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes + 1024 * 1024 });
  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Atelier: ${(error as Error).message}\n`);
    });
  });

  let port = 0;
  // Cookies are not scoped by port: name ours after the port, so another localhost service
  // never receives it and two studios do not overwrite each other's.
  let tokenCookie = TOKEN_COOKIE;
  const allowedHost = (value: string | undefined): boolean => {
    if (!isLoopback(host)) return true; // bound to a network address on purpose (--host)
    return value !== undefined && isLoopback(value.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''));
  };

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHost(req.headers.host)) {
      return refuse(res, 421, 'this studio answers only on its loopback address');
    }
    const url = parseRequestUrl(req.url);
    if (!url) return refuse(res, 400, 'bad request target');
    const given = tokenFromRequest(req, url, tokenCookie);
    if (options.token !== null && !tokensEqual(given, options.token)) {
      return refuse(res, 401, 'this address needs the token printed when the studio started (…/?token=…)');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'only GET is served here');
    const headers: Record<string, string> = {};
    if (options.token !== null && url.searchParams.has('token')) {
      // Later requests for the page's scripts and styles carry the token as a cookie.
      headers['set-cookie'] = `${tokenCookie}=${options.token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    await serveStatic(options.staticDir, url.pathname, req, res, headers, port);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client may reset the connection at any moment: never let that reach the process.
    socket.on('error', () => socket.destroy());
    const reject = (status: number, text: string) => {
      if (!socket.writable) return socket.destroy();
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${text}\n`,
      );
    };
    try {
      const url = parseRequestUrl(req.url);
      if (!url) return reject(400, 'Bad Request');
      if (url.pathname !== '/api') return reject(404, 'Not Found');
      if (!allowedHost(req.headers.host)) return reject(421, 'Misdirected Request');
      if (options.token !== null && !tokensEqual(tokenFromRequest(req, url, tokenCookie), options.token)) {
        return reject(401, 'Unauthorized: missing or wrong token');
      }
      const origin = req.headers.origin;
      if (origin !== undefined && originHost(origin) !== req.headers.host) {
        return reject(403, 'Forbidden: cross-origin WebSocket');
      }
      wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
    } catch {
      reject(400, 'Bad Request');
    }
  });

  function serveSocket(ws: WebSocket): void {
    const send = (message: WireMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeMessage(message));
    };
    const unsubscribe = options.events.subscribe((event, payload) => send({ event, payload }));
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = toBytes(data);
      let id = -1;
      try {
        if (frame.byteLength > maxMessageBytes) {
          id = peekId(frame, isBinary);
          throw new StudioError(
            'too_large',
            `message of ${frame.byteLength} bytes is over the ${maxMessageBytes}-byte limit`,
          );
        }
        const request = asRequest(decodeMessage(isBinary ? frame : frame.toString('utf8')));
        id = request.id;
        options.dispatcher.call(request.method, request.args, { origin: 'web' }).then(
          (result) => send({ id: request.id, ok: true, result }),
          (error: unknown) => send({ id: request.id, ok: false, error: toStudioError(error).toData() }),
        );
      } catch (error) {
        send({ id, ok: false, error: toStudioError(error).toData() });
      }
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  tokenCookie = `${TOKEN_COOKIE}_${port}`;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const query = options.token === null ? '' : `?token=${options.token}`;
  return {
    url: `http://${urlHost}:${port}/${query}`,
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseRequestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`Atelier: ${message}\n`);
}

function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Finds a request id in an oversized message without parsing all of it. */
function peekId(frame: Buffer, isBinary: boolean): number {
  const start = isBinary ? 4 : 0;
  const text = frame.subarray(start, start + 256).toString('utf8');
  const match = /"id"\s*:\s*(\d{1,15})/.exec(text);
  return match ? Number(match[1]) : -1;
}
