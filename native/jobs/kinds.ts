import type { JobKinds } from './definition';
import { exportImageJob } from '../media/export-image-job';
import { thumbnailJob } from '../media/thumbnail-job';

/** Every job kind the job process can run; the compiler checks the list is complete. */
export const jobKinds: JobKinds = {
  thumbnail: thumbnailJob,
  'export-image': exportImageJob,
};
