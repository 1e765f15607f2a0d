import type { Document } from './document';

/**
 * What the schema cannot say: every record sits under its own id, every reference points at a
 * record that exists, and every layer, shot, track and clip appears exactly once in its order.
 * Returns the problems found (empty when the document is whole).
 */
export function integrityProblems(doc: Document): string[] {
  const problems: string[] = [];
  const say = (text: string) => {
    if (problems.length < 20) problems.push(text);
  };

  for (const [table, records] of [
    ['assets', doc.assets],
    ['canvases', doc.canvases],
    ['layers', doc.layers],
    ['shots', doc.shots],
    ['timeline.tracks', doc.timeline.tracks],
    ['timeline.clips', doc.timeline.clips],
  ] as const) {
    for (const [key, record] of Object.entries(records)) {
      if (record.id !== key) say(`${table}["${key}"] holds a record with id ${record.id}`);
    }
  }

  checkOrder('canvasOrder', doc.canvasOrder, Object.keys(doc.canvases), say);
  checkOrder('shotOrder', doc.shotOrder, Object.keys(doc.shots), say);
  checkOrder('timeline.trackOrder', doc.timeline.trackOrder, Object.keys(doc.timeline.tracks), say);

  // Layers: each belongs to one canvas and is listed exactly once, in its group or at the top.
  const placed = new Map<string, string>();
  const place = (layerId: string, where: string) => {
    const before = placed.get(layerId);
    if (before) say(`layer ${layerId} is listed in ${before} and in ${where}`);
    placed.set(layerId, where);
  };
  for (const canvas of Object.values(doc.canvases)) {
    if (canvas.maskAssetId && !doc.assets[canvas.maskAssetId])
      say(`canvas ${canvas.id} has a missing mask asset`);
    for (const layerId of canvas.layerIds) {
      const layer = doc.layers[layerId];
      if (!layer) say(`canvas ${canvas.id} lists missing layer ${layerId}`);
      else if (layer.canvasId !== canvas.id || layer.parentId !== null) {
        say(`layer ${layerId} is at the top of ${canvas.id} but says it belongs elsewhere`);
      }
      place(layerId, canvas.id);
    }
  }
  for (const layer of Object.values(doc.layers)) {
    if (!doc.canvases[layer.canvasId]) say(`layer ${layer.id} belongs to missing canvas ${layer.canvasId}`);
    if (layer.type === 'image' && !doc.assets[layer.assetId])
      say(`image layer ${layer.id} shows missing asset ${layer.assetId}`);
    if (layer.type === 'group') {
      for (const childId of layer.childIds) {
        const child = doc.layers[childId];
        if (!child) say(`group ${layer.id} lists missing layer ${childId}`);
        else if (child.parentId !== layer.id || child.canvasId !== layer.canvasId) {
          say(`layer ${childId} is in group ${layer.id} but says it belongs elsewhere`);
        }
        place(childId, layer.id);
      }
    }
  }
  for (const layer of Object.values(doc.layers)) {
    if (!placed.has(layer.id)) say(`layer ${layer.id} is not listed in any canvas or group`);
  }
  // A group may not contain itself, directly or through its children.
  for (const layer of Object.values(doc.layers)) {
    const seen = new Set<string>();
    let at: string | null = layer.parentId;
    while (at) {
      if (at === layer.id || seen.has(at)) {
        say(`layer ${layer.id} is inside itself`);
        break;
      }
      seen.add(at);
      at = doc.layers[at]?.parentId ?? null;
    }
  }

  for (const asset of Object.values(doc.assets)) {
    if (asset.provenance.type === 'generated') {
      for (const ref of [asset.provenance.maskAssetId, ...asset.provenance.parentAssetIds]) {
        if (ref && !doc.assets[ref]) say(`asset ${asset.id} was generated from missing asset ${ref}`);
      }
    }
  }

  for (const shot of Object.values(doc.shots)) {
    if (shot.source?.kind === 'canvas' && !doc.canvases[shot.source.canvasId])
      say(`shot ${shot.id} shows missing canvas`);
    if (shot.source?.kind === 'asset' && !doc.assets[shot.source.assetId])
      say(`shot ${shot.id} shows missing asset`);
  }

  const listed = new Set<string>();
  for (const track of Object.values(doc.timeline.tracks)) {
    for (const clipId of track.clipIds) {
      const clip = doc.timeline.clips[clipId];
      if (!clip) say(`track ${track.id} lists missing clip ${clipId}`);
      else if (clip.trackId !== track.id)
        say(`clip ${clipId} is on track ${track.id} but says ${clip.trackId}`);
      if (listed.has(clipId)) say(`clip ${clipId} is listed twice`);
      listed.add(clipId);
    }
  }
  for (const clip of Object.values(doc.timeline.clips)) {
    if (!listed.has(clip.id)) say(`clip ${clip.id} is on no track`);
    if (clip.assetId && !doc.assets[clip.assetId]) say(`clip ${clip.id} plays missing asset ${clip.assetId}`);
    if (clip.shotId && !doc.shots[clip.shotId]) say(`clip ${clip.id} shows missing shot ${clip.shotId}`);
  }
  return problems;
}

function checkOrder(name: string, order: readonly string[], keys: string[], say: (s: string) => void): void {
  const set = new Set(order);
  const present = new Set(keys);
  if (set.size !== order.length) say(`${name} lists an id twice`);
  for (const key of keys) if (!set.has(key)) say(`${name} is missing ${key}`);
  for (const id of order) if (!present.has(id)) say(`${name} lists missing ${id}`);
}
