import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three bundles from the design card's folders. The main build also emits the development host,
// the `sohoa` command, the launcher and the imaging worker: they share the same services as the Electron shell.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/shell/main.ts'),
          host: resolve(__dirname, 'main/host/host-entry.ts'),
          cli: resolve(__dirname, 'main/cli/sohoa.ts'),
          launch: resolve(__dirname, 'main/launch.ts'),
          // The imaging pool's worker thread (main/imaging/imaging-pool.ts finds it beside these entries).
          'imaging-worker': resolve(__dirname, 'main/imaging/imaging-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() npm packages: bundle zod (the contract's validator) into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [react()],
  },
});
