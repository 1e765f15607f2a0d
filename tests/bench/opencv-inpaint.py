"""OpenCV's inpainting, the peer of the built-in fill in tests/bench/inpaint.bench.ts.

Usage: opencv-inpaint.py DIR WIDTH HEIGHT RADIUS RUNS
Reads DIR/image.rgb (8-bit RGB, row-major) and DIR/mask.u8 (one byte per pixel, >= 128 = hole),
writes DIR/telea.rgb and DIR/ns.rgb, and prints JSON with the median seconds of each method over
RUNS runs, timed around cv2.inpaint alone (no file or process overhead).
"""

import json
import sys
import time

import cv2
import numpy as np


def main() -> None:
    folder, width, height, radius, runs = sys.argv[1], *map(int, sys.argv[2:6])
    image = np.fromfile(f"{folder}/image.rgb", dtype=np.uint8).reshape(height, width, 3)
    mask = np.where(np.fromfile(f"{folder}/mask.u8", dtype=np.uint8) >= 128, 255, 0)
    mask = mask.astype(np.uint8).reshape(height, width)
    cv2.setNumThreads(0)  # inpaint is single-threaded anyway; keep it comparable
    seconds = {}
    for name, flag in (("telea", cv2.INPAINT_TELEA), ("ns", cv2.INPAINT_NS)):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = cv2.inpaint(image, mask, radius, flag)
            times.append(time.perf_counter() - start)
        result.tofile(f"{folder}/{name}.rgb")
        seconds[name] = sorted(times)[len(times) // 2]
    print(json.dumps({"seconds": seconds, "version": cv2.__version__}))


if __name__ == "__main__":
    main()
