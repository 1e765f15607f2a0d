// The project file and the edit log: durable appends, replay, opening a big project, saving a
// small change of it.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FeedbackLog, newSession, readEvents } from '../../native/feedback/log';
import { replay } from '../../native/feedback/replay';
import { openForSession, closeSession } from '../../native/project/project-file';
import { ProjectSession } from '../../native/project/session';
import { Sqlite } from '../../native/project/sqlite';
import type { Command } from '../../native/model/commands/index';
import type { AssetId, CanvasId, LayerId } from '../../native/model/ids';
import type { Layer } from '../../native/model/document';
import { tempDir } from '../helpers/temp';
import { median, round, type Metrics } from './metrics';

const options = (dir: string) => ({ userDataDir: join(dir, 'userdata'), appVersion: 'bench' });

function appendRate(dir: string): number {
  const db = openForSession(join(dir, 'append.atelier'));
  const log = new FeedbackLog(db, newSession('P-1', 'A'));
  const n = 50_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    log.append({
      type: 'command',
      name: 'layer.update',
      targetIds: ['layer:a'],
      args: { layerId: 'layer:a', patch: { transform: { x: i, y: i } } },
    });
  }
  const seconds = (performance.now() - started) / 1000;
  closeSession(db);
  return n / seconds;
}

async function replay100k(dir: string): Promise<{ seconds: number; events: number }> {
  const session = ProjectSession.createNew(options(dir), {
    name: 'Replay',
    canvas: { name: 'A', width: 1080, height: 1920, placement: null },
  });
  const canvasId = session.doc.canvasOrder[0] as CanvasId;
  const layerIds: LayerId[] = [];
  for (let i = 0; i < 20; i++) {
    const id = `layer:bench${i}` as LayerId;
    layerIds.push(id);
    session.apply({
      kind: 'command',
      command: { type: 'layer.add', args: { layer: shapeLayer(id, canvasId, i) } },
    });
  }
  for (let i = 0; session.log.lastSeq < 100_000; i++) {
    const layerId = layerIds[i % layerIds.length]!;
    if (i % 50 === 49) session.apply({ kind: 'undo' });
    else
      session.apply({
        kind: 'command',
        command: {
          type: 'layer.update',
          args: { layerId, patch: { transform: { x: i % 1000, y: (i * 7) % 1000 } } },
        },
      });
  }
  const path = join(dir, 'replay.atelier');
  await session.saveAs(path);
  session.close();
  const db = new Sqlite(path, { readonly: true });
  const started = performance.now();
  const events = readEvents(db);
  replay(events);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { seconds, events: events.length };
}

function shapeLayer(id: LayerId, canvasId: CanvasId, i: number): Layer {
  return {
    id,
    canvasId,
    parentId: null,
    name: `Layer ${i}`,
    visible: true,
    locked: false,
    opacity: 1,
    blendMode: 'normal',
    transform: { x: i, y: i, width: 100, height: 100, rotation: 0, flipX: false, flipY: false },
    type: 'shape',
    shape: 'rect',
    fill: '#336699',
    stroke: null,
    cornerRadius: 0,
  };
}

async function bigProject(dir: string): Promise<string> {
  const session = ProjectSession.createNew(options(dir), {
    name: 'Big',
    canvas: { name: 'Story', width: 1080, height: 1920, placement: 'story' },
  });
  const canvasId = session.doc.canvasOrder[0] as CanvasId;
  const assets: AssetId[] = [];
  for (let i = 0; i < 20; i++) {
    const asset = session.importAsset({
      bytes: randomBytes(15 * 1024 * 1024),
      name: `photo${i}.png`,
      kind: 'image',
      mime: 'image/png',
      width: 4000,
      height: 3000,
      provenance: { type: 'imported', fileName: `photo${i}.png` },
    });
    session.apply({ kind: 'command', command: { type: 'asset.add', args: { asset } } });
    assets.push(asset.id);
  }
  const commands: Command[] = [];
  for (let i = 0; i < 200; i++) {
    const id = `layer:big${i}` as LayerId;
    const {
      shape: _s,
      fill: _f,
      stroke: _k,
      cornerRadius: _c,
      ...base
    } = shapeLayer(id, canvasId, i) as Extract<Layer, { type: 'shape' }>;
    const layer: Layer =
      i % 4 === 0
        ? { ...base, type: 'image', assetId: assets[i % assets.length]! }
        : shapeLayer(id, canvasId, i);
    commands.push({ type: 'layer.add', args: { layer } });
  }
  for (const command of commands) {
    const result = session.apply({ kind: 'command', command });
    if (!result.ok) throw new Error(result.reason);
  }
  const path = join(dir, 'big.atelier');
  await session.saveAs(path);
  session.close();
  return path;
}

export default async function project(): Promise<Metrics> {
  const dir = tempDir('atelier-bench-project-');
  try {
    const appends = appendRate(dir.path);
    const replayed = await replay100k(dir.path);
    const path = await bigProject(dir.path);
    const opens: number[] = [];
    const saves: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const session = ProjectSession.open(path, options(dir.path));
      const layers = Object.keys(session.doc.layers).length;
      opens.push((performance.now() - started) / 1000);
      if (layers !== 200) throw new Error(`expected 200 layers, got ${layers}`);
      for (let i = 0; i < 4; i++) {
        session.apply({
          kind: 'command',
          command: {
            type: 'layer.update',
            args: { layerId: 'layer:big1', patch: { opacity: ((run * 4 + i) % 10) / 10 } },
          },
        });
        const t = performance.now();
        session.save();
        saves.push(performance.now() - t);
      }
      session.close();
    }
    return {
      log_append_events_per_s: {
        value: Math.round(appends),
        unit: 'events/s',
        better: 'higher',
        target: 20_000,
      },
      log_replay_100k_s: {
        value: round(replayed.seconds * (100_000 / replayed.events), 3),
        unit: 's',
        better: 'lower',
        target: 2,
      },
      open_200_layers_s: { value: round(median(opens), 3), unit: 's', better: 'lower', target: 1 },
      save_after_small_edit_ms: { value: round(median(saves), 1), unit: 'ms', better: 'lower', target: 100 },
    };
  } finally {
    dir.cleanup();
  }
}
