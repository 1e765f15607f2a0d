import { useEffect, useMemo, useReducer, useState } from 'react';
import type { StudioApi } from '../../native/api/contract';
import { AssetImages } from './asset-images';
import { loadBundledFonts } from './fonts';

/**
 * What a view needs to draw artboards outside the canvas editor (thumbnails, the preview): the
 * project's images decoded on demand, a number that goes up as each arrives (draw again), and
 * whether the bundled fonts are in (Canvas 2D does not wait for web fonts).
 */
export function usePictures(studio: StudioApi): {
  images: AssetImages;
  imagesVersion: number;
  fontsReady: boolean;
} {
  const [imagesVersion, imageArrived] = useReducer((n: number) => n + 1, 0);
  const images = useMemo(() => new AssetImages(studio, imageArrived), [studio]);
  useEffect(() => () => images.dispose(), [images]);
  const [fontsReady, setFontsReady] = useState(false);
  useEffect(() => {
    let live = true;
    const ready = () => live && setFontsReady(true);
    void loadBundledFonts().then(ready, ready);
    return () => {
      live = false;
    };
  }, []);
  return { images, imagesVersion, fontsReady };
}
