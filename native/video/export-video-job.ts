import type { JobDefinition } from '../jobs/definition';
import { exportVideo } from './export-video';
import { workToken } from './work-dir';

/**
 * Exports a storyboard in the job process (see `exportVideo`). Its work folders carry the job's
 * id, so when a cancel kills this process the supervisor removes them (`jobLeftovers`).
 */
export const exportVideoJob: JobDefinition<'export-video'> = {
  kind: 'export-video',
  run(args, ctx) {
    return exportVideo({
      document: args.document,
      format: args.format,
      targets: args.targets,
      loudnessLufs: args.loudnessLufs,
      images: args.images,
      videos: args.videos,
      audio: args.audio,
      ...(ctx.jobId ? { token: workToken(ctx.jobId) } : {}),
      onProgress: (p) => ctx.progress(p.fraction, p.stage),
    });
  },
};
