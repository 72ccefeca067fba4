// Must be the first import of the entry: zod probes `new Function` when schemas are built, which the
// strict CSP (no 'unsafe-eval') reports as a violation. Jitless parsing needs no eval.
import { z } from 'zod';

z.config({ jitless: true });
