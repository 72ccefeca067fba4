// `npm run package:fuses -- <electron-binary>`: flips the fuses of main/shell/fuses.ts in a packaged
// Electron binary (the app's executable, or a macOS .app bundle), then reads them back and fails unless
// every one is as configured. Never on node_modules/electron's own binary: `npm start`, the tests and
// development run that one with the app unpacked, which OnlyLoadAppFromAsar would refuse.
//
// It runs with tsx. @electron/fuses 2.x declares Node.js 22.12 or newer.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
import { electronBinary } from '../main/shell/electron-runtime';
import { FUSES, FUSE_V1_INDEX, electronFuseConfig, type FuseName } from '../main/shell/fuses';

function fail(message: string): never {
  process.stderr.write(`Lỗi: ${message}\n`);
  process.exit(1);
}

const target = process.argv[2];
if (!target) fail('cần đường dẫn tới tệp chạy Electron đã đóng gói, ví dụ: npm run package:fuses -- dist/linux-unpacked/tram-so-hoa');
const binary = path.resolve(target);

// node_modules' own binary (none here is nothing to protect).
const devBinary = electronBinary();
if (devBinary && realpathSync(binary) === realpathSync(devBinary)) {
  fail('đây là Electron của node_modules (dùng cho npm start và kiểm thử); chỉ đặt cầu chì cho bản đã đóng gói.');
}

// The indexes copied into main/shell/fuses.ts must be the installed package's.
for (const [name, index] of Object.entries(FUSE_V1_INDEX) as Array<[FuseName, number]>) {
  if ((FuseV1Options as unknown as Record<string, number>)[name] !== index) fail(`@electron/fuses đánh số ${name} khác ${index}: cập nhật main/shell/fuses.ts.`);
}

const config = electronFuseConfig({ resetAdHocDarwinSignature: process.platform === 'darwin' && process.arch === 'arm64' });
// Our config is keyed by wire index (checked above against the package's enum), which its type cannot see.
await flipFuses(binary, { ...config, version: FuseVersion.V1 } as unknown as FuseConfig);

const wire = await getCurrentFuseWire(binary);
let wrong = 0;
for (const [name, index] of Object.entries(FUSE_V1_INDEX) as Array<[FuseName, number]>) {
  const state = wire[index as FuseV1Options];
  const want = FUSES[name] ? FuseState.ENABLE : FuseState.DISABLE;
  const ok = state === want;
  if (!ok) wrong++;
  process.stdout.write(`${ok ? 'đúng' : 'SAI '}  ${name} = ${state === FuseState.ENABLE ? 'bật' : state === FuseState.DISABLE ? 'tắt' : String(state)}\n`);
}
if (wrong > 0) fail(`${wrong} cầu chì không như cấu hình.`);
process.stdout.write(`Đã đặt ${Object.keys(FUSES).length} cầu chì cho ${binary}.\n`);
