/**
 * Video clips in a project: importing a clip (probed, kept byte for byte, with a poster and a
 * preview proxy made once and stored beside it) and reading those back for the studio.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { StudioError } from '../api/errors';
import type { StudioHandlers } from '../api/dispatch';
import { videoDerived } from '../media/video-input';
import type { MediaSource } from '../media/local-file';
import type { FileAccess } from './file-access';
import type { ProjectSession } from './session';

type ClipHandlers = Pick<StudioHandlers, 'project.importVideo' | 'project.videoMedia'>;

export interface ClipServiceOptions {
  /** The open project, or a StudioError when there is none. */
  open(): ProjectSession;
  /** Runs work after the project's other calls, one at a time. */
  serial<T>(work: () => T | Promise<T>): Promise<T>;
  files: FileAccess;
}

const MIME = { proxy: 'video/webm', poster: 'image/png' } as const;

/**
 * `project.importVideo` and `project.videoMedia`.
 *
 * @example
 * const handlers = clipHandlers({ open, serial, files });
 * const asset = await handlers['project.importVideo']({ source: { type: 'path', path: 'pour.mp4' } });
 */
export function clipHandlers({ open, serial, files }: ClipServiceOptions): ClipHandlers {
  return {
    'project.importVideo': ({ source }) =>
      serial(async () => {
        const session = open();
        const confined: MediaSource =
          source.type === 'path' ? { ...source, path: await files.resolve(source.path) } : source;
        const name = confined.type === 'path' ? basename(confined.path) : confined.name;
        // Everything is checked and made before anything is stored.
        const { probe, poster, proxy } = await videoDerived(confined);
        const bytes =
          confined.type === 'bytes' ? confined.bytes : new Uint8Array(await readFile(confined.path));
        const asset = session.importAsset({
          bytes,
          name,
          kind: 'video',
          mime: probe.mime,
          width: probe.width,
          height: probe.height,
          durationSamples: probe.durationSamples48k,
          sampleRate: 48000,
          provenance: { type: 'imported', fileName: name },
        });
        session.storeDerived('proxy', asset.sha256, proxy);
        session.storeDerived('poster', asset.sha256, poster);
        return asset;
      }),
    'project.videoMedia': ({ sha256, kind }) =>
      serial(async () => {
        const session = open();
        const stored = session.readDerived(kind, sha256);
        // A plain Uint8Array view (a Buffer would go over the wire as JSON numbers).
        if (stored)
          return {
            mime: MIME[kind],
            bytes: new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength),
          };
        // Not there (a project written elsewhere): made once from the clip, then kept.
        const clip = session.readAssetWithType(sha256);
        if (!clip || !clip.mime.startsWith('video/')) {
          throw new StudioError('not_found', 'no such video clip in this project', 'sha256');
        }
        const made = await videoDerived({ type: 'bytes', name: 'clip', bytes: clip.bytes });
        session.storeDerived('proxy', sha256, made.proxy);
        session.storeDerived('poster', sha256, made.poster);
        return { mime: MIME[kind], bytes: made[kind] };
      }),
  };
}
