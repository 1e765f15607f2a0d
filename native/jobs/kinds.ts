import type { JobKinds } from './definition';
import { exportImageJob } from '../media/export-image-job';
import { exportVideoJob } from '../video/export-video-job';
import { thumbnailJob } from '../media/thumbnail-job';
import { inpaintJob } from '../inpaint/inpaint-job';
import { musicJob } from '../music/music-job';
import { diffusionJob } from '../inference/diffusion/diffusion-job';
import { modelAddJob, modelDownloadJob, modelVerifyJob } from '../inference/model-jobs';

/** Every job kind the job process can run; the compiler checks the list is complete. */
export const jobKinds: JobKinds = {
  thumbnail: thumbnailJob,
  'export-image': exportImageJob,
  'export-video': exportVideoJob,
  inpaint: inpaintJob,
  diffusion: diffusionJob,
  music: musicJob,
  'model-add': modelAddJob,
  'model-download': modelDownloadJob,
  'model-verify': modelVerifyJob,
};
