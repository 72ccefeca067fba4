// `node out/main/host.js`: the development host as a program (see dev-host.ts).
import { fileURLToPath } from 'node:url';
import { startFailureText } from '../services/start-failure';
import { runDevHost } from './dev-host';

// Resolved against the built file: this bundle lives in out/main, the renderer in out/renderer.
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));

runDevHost({ rendererDir }).catch((error: unknown) => {
  process.stderr.write(
    `${startFailureText(error, 'Không khởi động được máy chủ của trạm số hóa', 'Dữ liệu đã lưu không bị mất. Hãy kiểm tra thư mục dữ liệu (SOHOA_DATA) và cổng (SOHOA_HOST_PORT) rồi chạy lại.')}\n`,
  );
  // Not process.exit(): the log file may still be opening, and the reason must reach it too.
  process.exitCode = 1;
});
