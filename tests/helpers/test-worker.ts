// A job process for supervisor tests: the real thumbnail job, except for sources named to
// misbehave the way real jobs can — hang in native code, crash, or run out of memory.
import { thumbnailJob } from '../../native/media/thumbnail-job';
import { exportImageJob } from '../../native/media/export-image-job';
import { exportVideoJob } from '../../native/video/export-video-job';
import { inpaintJob } from '../../native/inpaint/inpaint-job';
import { parentPort, runJobWorker } from '../../native/jobs/worker-runtime';
import { modelAddJob, modelDownloadJob, modelVerifyJob } from '../../native/inference/model-jobs';
import { musicJob } from '../../native/music/music-job';
import { diffusionJob } from '../../native/inference/diffusion/diffusion-job';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

runJobWorker(
  {
    'export-image': exportImageJob,
    'export-video': exportVideoJob,
    'model-add': {
      kind: 'model-add',
      async run(args, ctx) {
        // A file named hang.onnx is being copied in when the process stops answering: its
        // staging folder is there, half-written, as a real add's would be when it is killed.
        if (args.path.endsWith('hang.onnx')) {
          mkdirSync(join(args.folder, '.adding-killed'), { recursive: true });
          writeFileSync(join(args.folder, '.adding-killed', 'hang.onnx'), 'half a model');
          ctx.progress(0.3, 'copying');
          for (;;) Math.sqrt(Math.random());
        }
        return modelAddJob.run(args, ctx);
      },
    },
    music: musicJob,
    diffusion: {
      kind: 'diffusion',
      async run(args, ctx) {
        // A prompt ending in "hang" stops answering after the first denoising step, as a long
        // session.run does: only killing the process stops it.
        if (!args.prompt.endsWith('hang')) return diffusionJob.run(args, ctx);
        return diffusionJob.run(args, {
          ...ctx,
          progress(fraction, stage) {
            ctx.progress(fraction, stage);
            if (stage.includes('step 1 of')) for (;;) Math.sqrt(Math.random());
          },
        });
      },
    },
    'model-download': modelDownloadJob,
    'model-verify': modelVerifyJob,
    inpaint: {
      kind: 'inpaint',
      async run(args, ctx) {
        // Seed 666 crashes the process mid-fill, seed 777 hangs it (like a long session.run).
        if (args.seeds.includes(666)) process.kill(process.pid, 'SIGSEGV');
        if (args.seeds.includes(777)) {
          ctx.progress(0.2, 'variant 1 of 1');
          for (;;) Math.sqrt(Math.random());
        }
        return inpaintJob.run(args, ctx);
      },
    },
    thumbnail: {
      kind: 'thumbnail',
      async run(args, ctx) {
        const name = args.source.type === 'bytes' ? args.source.name : args.source.path;
        if (name.endsWith('hang.png')) {
          ctx.progress(0.1, `busy in process ${process.pid}`);
          // A synchronous loop, like a long session.run: only killing the process stops it.
          for (;;) Math.sqrt(Math.random());
        }
        if (name.endsWith('crash.png')) process.kill(process.pid, 'SIGSEGV');
        if (name.endsWith('exit.png')) process.exit(3);
        return thumbnailJob.run(args, ctx);
      },
    },
  },
  parentPort(),
);
