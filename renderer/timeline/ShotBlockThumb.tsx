import { memo, useLayoutEffect, useRef } from 'react';
import type { Document, Shot } from '../../native/model/document';
import type { AssetImages } from '../canvas/asset-images';
import { drawShotSource, sourceSize } from '../storyboard/shot-source';
import { fitInside } from '../storyboard/thumbnail-fit';

interface Props {
  doc: Document;
  shot: Shot;
  images: AssetImages;
  imagesVersion: number;
  fontsReady: boolean;
  /** The box it fits in, CSS pixels. */
  width: number;
  height: number;
}

/**
 * A shot's picture as small as a timeline block: its artboard drawn by native/compose, or its
 * image. Drawn again only when what it shows changes.
 */
export const ShotBlockThumb = memo(function ShotBlockThumb(props: Props) {
  const { doc, shot, images, imagesVersion, fontsReady } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<unknown[]>([]);
  const source = shot.source;
  const size = sourceSize(doc, source);
  const box = size && props.width >= 4 ? fitInside(size, props.width, props.height) : null;
  const artboard = source?.kind === 'canvas' ? doc.canvases[source.canvasId] : undefined;
  const asset = source?.kind === 'asset' ? doc.assets[source.assetId] : undefined;
  const drawable = Boolean(box && (artboard || asset?.kind === 'image'));

  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas || !box || !drawable) return;
    const ratio = window.devicePixelRatio || 1;
    const key = [
      canvas,
      artboard,
      asset,
      doc.layers,
      doc.assets,
      imagesVersion,
      fontsReady,
      box.width,
      box.height,
      ratio,
    ];
    if (key.length === last.current.length && key.every((k, i) => k === last.current[i])) return;
    last.current = key;
    canvas.width = Math.max(1, Math.round(box.width * ratio));
    canvas.height = Math.max(1, Math.round(box.height * ratio));
    const image = (id: string) => images.get(doc, id);
    drawShotSource(canvas, doc, source, image);
  });

  if (!drawable || !box) return null;
  return (
    <canvas
      ref={ref}
      className="shot-block-thumb"
      aria-hidden="true"
      style={{ width: box.width, height: box.height }}
    />
  );
});
