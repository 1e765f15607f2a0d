/**
 * The largest size with the picture's proportions that fits a box, in whole CSS pixels (at
 * least 1 each way).
 *
 * @example
 * fitInside({ width: 1080, height: 1920 }, 240, 135) // { width: 76, height: 135 }
 */
export function fitInside(
  picture: { width: number; height: number },
  boxWidth: number,
  boxHeight: number,
): { width: number; height: number } {
  const k = Math.min(boxWidth / picture.width, boxHeight / picture.height);
  return {
    width: Math.max(1, Math.round(picture.width * k)),
    height: Math.max(1, Math.round(picture.height * k)),
  };
}
