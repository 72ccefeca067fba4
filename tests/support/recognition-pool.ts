// A recognition pool shared by the tests of one describe block, with its own model cache folder.
import { afterAll } from 'vitest';
import { RecognitionPool } from '../../main/recognition/recognition-pool';
import { tempDir } from './temp-dir';

/** A pool of `size` workers over a fresh cache folder; both end after the block's last test. */
export function sharedPool(cachePrefix: string, size: number): RecognitionPool {
  const cache = tempDir(cachePrefix);
  const pool = new RecognitionPool({ cacheDir: cache.dir, size });
  afterAll(async () => {
    await pool.close();
    cache.remove();
  });
  return pool;
}
