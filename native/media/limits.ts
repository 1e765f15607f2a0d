/** Images over this many pixels are refused before decoding (decompression bombs included). */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Image files over this size are refused before reading. */
export const MAX_IMAGE_FILE_BYTES = 200 * 1024 * 1024;
