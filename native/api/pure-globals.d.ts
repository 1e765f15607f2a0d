// The few globals that both Node (>= 20) and every browser provide. The pure folders are
// typechecked without DOM or Node types; these declarations are all they may rely on.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
/** Web Crypto's random source: `globalThis.crypto` in Node >= 20 and in every browser. */
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
/** The structured clone algorithm: in Node >= 17 and every browser. */
declare function structuredClone<T>(value: T): T;
