import type { JobKinds } from './definition';
import { exportImageJob } from '../media/export-image-job';
import { thumbnailJob } from '../media/thumbnail-job';
import { inpaintJob } from '../inpaint/inpaint-job';

/** Every job kind the job process can run; the compiler checks the list is complete. */
export const jobKinds: JobKinds = {
  thumbnail: thumbnailJob,
  'export-image': exportImageJob,
  inpaint: inpaintJob,
};
