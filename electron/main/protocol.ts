import { extname, join, normalize, sep } from 'node:path';

/** The renderer is served from atelier://app/… instead of file:// (Electron security checklist). */
export const APP_SCHEME = 'atelier';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "font-src 'self'",
  // blob: lets the studio read back audio it made itself (waveforms of soundtrack previews).
  "connect-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeOf(path: string): string {
  return MIME[extname(path)] ?? 'application/octet-stream';
}

/**
 * Maps an atelier:// URL to a file of the built renderer, or null for anything else: another
 * host, a path that climbs out with `..` (encoded or not), a NUL byte.
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.split(/[/\\]/).includes('..')) return null;
  const relative = normalize(path).replace(/^([/\\])+/, '');
  const file = join(rendererDir, relative || 'index.html');
  if (file !== rendererDir && !file.startsWith(rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep))
    return null;
  return file;
}

/** Only our own pages may call StudioApi: the top frame of atelier://app. */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
