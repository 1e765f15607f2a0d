import { Group, Line, Rect, Text } from 'react-konva';
import type { Canvas } from '../../native/model/document';

/**
 * Where a vertical placement's app interface covers the ad (Stories, Reels, TikTok): Meta asks
 * to keep about 14% at the top and 20% at the bottom free of text and logos; 6% at the sides
 * keeps clear of the action buttons. Shown for artboards taller than 4:3 when toggled on.
 */
export const SAFE_ZONE = { top: 0.14, bottom: 0.2, side: 0.06 };

export function isVertical(canvas: Pick<Canvas, 'width' | 'height'>): boolean {
  return canvas.height / canvas.width >= 4 / 3;
}

export function SafeZones({ canvas, hair }: { canvas: Canvas; hair: number }) {
  if (!isVertical(canvas)) return null;
  const { width: w, height: h } = canvas;
  const top = h * SAFE_ZONE.top;
  const bottom = h * SAFE_ZONE.bottom;
  const side = w * SAFE_ZONE.side;
  const shade = 'rgba(255,61,154,0.18)';
  const line = { stroke: '#ff3d9a', strokeWidth: hair, dash: [6 * hair, 4 * hair], listening: false };
  return (
    <Group listening={false}>
      <Rect width={w} height={top} fill={shade} />
      <Rect y={h - bottom} width={w} height={bottom} fill={shade} />
      <Rect y={top} width={side} height={h - top - bottom} fill={shade} />
      <Rect x={w - side} y={top} width={side} height={h - top - bottom} fill={shade} />
      <Line points={[side, top, w - side, top, w - side, h - bottom, side, h - bottom]} closed {...line} />
      <Text x={side} y={top - 14 * hair * 1.6} text="Safe zone" fontSize={12 * hair} fill="#ff3d9a" />
    </Group>
  );
}
