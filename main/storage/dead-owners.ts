import type { BlobStore } from './blob-store';
import type { ProcessLease } from './process-lease';

/**
 * Releases what dead processes left in the store besides their jobs (the job queue adopts those): their
 * temp folders, then their lease rows. Runs when a process opens the store and at each of its
 * heartbeats, so a killed CLI's staging files do not wait for the next start of the app. Returns how
 * many temp entries went.
 */
export async function releaseDeadOwners(lease: ProcessLease, blobs: BlobStore): Promise<number> {
  const removed = await blobs.removeTemporaries(() => lease.liveOwners(), lease.timeoutMs);
  lease.forgetDead();
  return removed;
}
