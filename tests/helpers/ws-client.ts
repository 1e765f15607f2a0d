import WebSocket from 'ws';
import { decodeMessage, encodeMessage, type WireRequest } from '../../native/api/wire';

/** A bare WebSocket client for the host tests and the API benchmark. */
export class RawClient {
  readonly messages: Record<string, unknown>[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.messages.push(
        decodeMessage(isBinary ? new Uint8Array(data) : data.toString('utf8')) as Record<string, unknown>,
      );
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Sends a raw frame and waits for the reply with that id (or -1 for unreadable messages). */
  async sendRaw(frame: string | Uint8Array, id: number): Promise<Record<string, unknown>> {
    this.ws.send(frame);
    return this.reply(id);
  }

  call(id: number, method: string, args?: unknown): Promise<Record<string, unknown>> {
    const request: WireRequest = args === undefined ? { id, method } : { id, method, args };
    return this.sendRaw(encodeMessage(request), id);
  }

  async reply(id: number): Promise<Record<string, unknown>> {
    for (;;) {
      const at = this.messages.findIndex((m) => m.id === id);
      if (at >= 0) return this.messages.splice(at, 1)[0]!;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  close(): void {
    this.ws.close();
  }
}
