// Entry of the job process (a Node child process in web mode, Electron's utilityProcess in the
// desktop app). Heavy work runs here so that a crash, an out-of-memory or a cancel never takes
// the studio down.
import { jobKinds } from './kinds';
import { parentPort, runJobWorker } from './worker-runtime';

runJobWorker(jobKinds, parentPort());
