import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** The same policy as the desktop app's atelier:// protocol: nothing but the studio's own files. */
export function contentSecurityPolicy(connect: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    // blob: lets the studio read back audio it made itself (waveforms of soundtrack previews).
    `connect-src 'self' blob: ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Serves the built renderer; unknown paths without an extension get index.html. */
export async function serveStatic(
  root: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  extra: Record<string, string>,
  port: number,
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '/';
  }
  // Refuse rather than clamp: a path with a `..` segment or a NUL byte is never a studio file.
  if (decoded.includes('\0') || decoded.split(/[/\\]/).includes('..')) decoded = '/';
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  if (relative.split(sep).includes('..')) throw new Error('path escapes the renderer folder');
  let file = join(root, relative || 'index.html');
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (extname(relative)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...extra });
      res.end('Atelier: not found\n');
      return;
    }
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Atelier: the studio is not built yet — run `npm run build`\n');
      return;
    }
  }
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': isHtml ? 'no-store' : 'max-age=3600',
    ...(isHtml
      ? { 'content-security-policy': contentSecurityPolicy(`ws://127.0.0.1:${port} ws://localhost:${port}`) }
      : {}),
    ...extra,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
