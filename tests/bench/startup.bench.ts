// Startup: web-mode server start → the studio's first paint in headless Chromium, and the
// latency of StudioApi calls over the WebSocket.
import { join } from 'node:path';
import { launchChromium } from '../helpers/browser';
import { startStudio } from '../helpers/studio-server';
import { tempDir } from '../helpers/temp';
import { RawClient } from '../helpers/ws-client';
import { median, percentile, round, type Metrics } from './metrics';

const RUNS = 5;
const CALLS = 1000;

export default async function startup(): Promise<Metrics> {
  const dir = tempDir('atelier-bench-');
  const session = await launchChromium();
  const firstPaint: number[] = [];
  const ready: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await session.browser.newPage();
      const started = Date.now();
      const studio = await startStudio({ root: dir.path, userData: join(dir.path, 'data') });
      try {
        await page.goto(studio.url);
        await page.locator('[data-testid=shell][data-ready=true]').waitFor();
        const readyAt = Date.now();
        const paint = await page.evaluate(() => {
          const entry =
            performance.getEntriesByName('first-contentful-paint')[0] ??
            performance.getEntriesByType('paint')[0];
          return entry ? performance.timeOrigin + entry.startTime : NaN;
        });
        firstPaint.push(paint - started);
        ready.push(readyAt - started);
      } finally {
        await page.close();
        await studio.stop();
      }
    }

    const studio = await startStudio({ root: dir.path, userData: join(dir.path, 'data') });
    const token = new URL(studio.url).searchParams.get('token');
    const client = await RawClient.open(`${studio.origin.replace('http', 'ws')}/api?token=${token}`);
    const times: number[] = [];
    try {
      for (let i = 0; i < CALLS + 50; i++) {
        const t = performance.now();
        const reply = await client.call(i, 'app.info');
        if (!reply.ok) throw new Error(`app.info failed: ${JSON.stringify(reply)}`);
        if (i >= 50) times.push(performance.now() - t);
      }
    } finally {
      client.close();
      await studio.stop();
    }
    times.sort((a, b) => a - b);
    return {
      web_first_paint_ms: { value: round(median(firstPaint), 0), unit: 'ms', better: 'lower', target: 1500 },
      web_ready_ms: { value: round(median(ready), 0), unit: 'ms', better: 'lower' },
      api_roundtrip_p50_ms: {
        value: round(percentile(times, 50), 3),
        unit: 'ms',
        better: 'lower',
        target: 2,
      },
      api_roundtrip_p99_ms: {
        value: round(percentile(times, 99), 3),
        unit: 'ms',
        better: 'lower',
        target: 10,
      },
    };
  } finally {
    await session.close();
    dir.cleanup();
  }
}
