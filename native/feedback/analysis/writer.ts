// Writes files on a worker thread, so that the write system calls (about a
// gigabyte for 2 M events) run beside the analysis instead of inside it. The analysis stays
// synchronous: it hands over a chunk at a time and, at the end, waits (Atomics.wait) until the
// worker has written everything. Without a worker (one cannot be started), it writes in place.
import { closeSync, openSync, writeSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const state = new Int32Array(workerData.state);
parentPort.on('message', ({ fd, bytes }) => {
  if (Atomics.load(state, 1) === 0) {
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (error) {
      workerData.errors.postMessage(String((error && error.message) || error));
      Atomics.store(state, 1, 1);
    }
  }
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
});
`;

/** Chunks handed over but not yet written, at most (each about a megabyte). */
const MAX_PENDING = 32;
/** How long to wait for a worker that makes no progress before giving up. */
const STALL_MS = 120_000;

function write(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Appends text to files, through a worker thread when there is one. */
export class BackgroundWriter {
  /** [chunks written, failed (0 or 1)]. */
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker | null;
  private readonly errors: MessagePort | null;
  private posted = 0;
  private readonly fds: number[] = [];

  /** `threaded: false` writes in place (for small files, not worth a thread). */
  constructor(threaded = true) {
    let worker: Worker | null = null;
    let errors: MessagePort | null = null;
    if (threaded)
      try {
        const channel = new MessageChannel();
        worker = new Worker(WORKER_SOURCE, {
          eval: true,
          execArgv: [],
          workerData: { state: this.state.buffer, errors: channel.port2 },
          transferList: [channel.port2],
        });
        worker.unref();
        errors = channel.port1;
        errors.unref();
      } catch {
        worker = null;
      }
    this.worker = worker;
    this.errors = errors;
  }

  open(path: string): number {
    const fd = openSync(path, 'wx');
    this.fds.push(fd);
    return fd;
  }

  /**
   * Writes the bytes. With `transfer`, their whole ArrayBuffer (which must be the caller's own,
   * not a pooled one) is moved to the worker, not copied: the caller must not touch it again.
   */
  write(fd: number, bytes: Uint8Array, transfer = false): void {
    if (!this.worker) return write(fd, bytes);
    this.check();
    this.worker.postMessage({ fd, bytes }, transfer ? [bytes.buffer as ArrayBuffer] : []);
    this.posted++;
    this.waitFor(this.posted - MAX_PENDING);
  }

  /** Waits until everything is written, then closes the files and stops the worker. */
  close(): void {
    try {
      if (this.worker) {
        this.waitFor(this.posted);
        this.check();
      }
    } finally {
      if (this.worker) void this.worker.terminate();
      this.errors?.close();
      for (const fd of this.fds.splice(0)) closeSync(fd);
    }
  }

  private waitFor(count: number): void {
    let last = Atomics.load(this.state, 0);
    let since = Date.now();
    while (last < count) {
      Atomics.wait(this.state, 0, last, 1000);
      const now = Atomics.load(this.state, 0);
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) {
        throw new Error('writing the tables stalled');
      }
      if (Atomics.load(this.state, 1) !== 0) break;
    }
  }

  private check(): void {
    if (Atomics.load(this.state, 1) === 0) return;
    const message = this.errors && receiveMessageOnPort(this.errors);
    throw new Error(`cannot write the tables: ${message ? String(message.message) : 'write failed'}`);
  }
}
