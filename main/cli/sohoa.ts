#!/usr/bin/env node
// `sohoa`: the workstation's services from the command line (same Workstation as the desktop app).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { commandLineActor } from '../accounts/actor';
import { fileCodeSchema } from '../contract/channels';
import { ZodError } from 'zod';
import { toErrorView, validationError, type AppErrorView } from '../contract/errors';
import { jobResult, type DossierView, type JobView } from '../contract/domain';
import { createLogger } from '../services/logger';
import { defaultDataDir } from '../services/paths';
import { Workstation } from '../services/workstation';
import { stitchPasses, unsureWarning, type TilePlacement } from '../services/stitching';
import { buildSeparatorSheets, separatorSheetList } from '../packaging/separator-sheets';
import { processInputs } from './process-command';
import { EXIT_DONE, EXIT_NOTHING_DONE, EXIT_SOME_FAILED, exitCodeFor, failureCount } from './outcome';

const actor = commandLineActor(os.userInfo().username);

function printWarnings(job: JobView): void {
  for (const w of job.warnings) process.stderr.write(`Cảnh báo: ${w.message}\n`);
  if (job.error) process.stderr.write(`Lỗi: ${job.error.message}\n`);
}

/** A job's warnings and its error, if it failed: what the exit code is decided on. */
function problemsOf(jobs: JobView[]): AppErrorView[] {
  return jobs.flatMap((job) => [...job.warnings, ...(job.error ? [job.error] : [])]);
}

function printFailureCount(problems: AppErrorView[]): void {
  const count = failureCount(problems);
  if (count > 0) process.stderr.write(`Có ${count} tệp bị từ chối hoặc trang không nhận dạng được (xem các dòng cảnh báo ở trên).\n`);
}

async function withStation<T>(dataDir: string, options: { runJobs: boolean; readOnly?: boolean; ocrWorkers?: number; autoRecognize?: boolean }, work: (s: Workstation) => Promise<T>): Promise<T> {
  const station = await Workstation.open({ dataDir, logger: createLogger(dataDir), ...options });
  try {
    return await work(station);
  } finally {
    await station.close();
  }
}

/** Runs jobs to the end, printing a progress line per change on stderr. */
async function waitForJobs(station: Workstation, quiet: boolean): Promise<void> {
  const onProgress = (job: JobView) => {
    if (!quiet && job.state === 'running') process.stderr.write(`  ${job.kind}: ${job.done}/${job.total}\r`);
  };
  station.jobs.on('progress', onProgress);
  await station.jobs.idle();
  station.jobs.off('progress', onProgress);
  if (!quiet) process.stderr.write('\n');
}

/** The dossier with this code, created (in the named batch) when it does not exist yet. */
function dossierForCode(station: Workstation, fileCode: string, title: string | undefined, batchName: string): DossierView {
  const code = fileCodeSchema.parse(fileCode);
  const existing = station.records.dossierByCode(code);
  if (existing) return existing;
  const batch = station.records.batchNamed(batchName, null);
  return station.archive.createDossier(actor, batch.id, code, title ?? code);
}

const program = new Command()
  .name('sohoa')
  .description('Trạm số hóa: nhập, nhận dạng và xuất hồ sơ số hóa từ dòng lệnh')
  .addOption(new Option('--data <dir>', 'thư mục dữ liệu của trạm').env('SOHOA_DATA'))
  .showHelpAfterError();

program
  .command('import')
  .description('nhập tệp ảnh hoặc thư mục (mỗi đối số là một văn bản) vào hồ sơ, rồi nhận dạng chữ')
  .argument('<paths...>', 'tệp ảnh (PNG, JPEG, TIFF, PDF) hoặc thư mục')
  .requiredOption('--dossier <code>', 'mã hồ sơ, ví dụ H49.64.33.2001.160 (tạo mới nếu chưa có)')
  .option('--title <title>', 'tiêu đề hồ sơ khi tạo mới')
  .option('--batch <name>', 'lô số hóa khi tạo hồ sơ mới', 'Nhập từ dòng lệnh')
  .option('--no-ocr', 'không nhận dạng chữ sau khi nhập')
  .action(async (paths: string[], opts: { dossier: string; title?: string; batch: string; ocr: boolean }) => {
    const dataDir = program.opts<{ data?: string }>().data ?? defaultDataDir();
    await withStation(dataDir, { runJobs: true, autoRecognize: opts.ocr }, async (station) => {
      const dossier = dossierForCode(station, opts.dossier, opts.title, opts.batch);
      const job = station.jobControl.startImport(actor, dossier.id, paths);
      await waitForJobs(station, false);
      const done = station.jobs.get(job.id);
      // The recognition the import queued: its failed pages count as much as the refused files.
      const recognition = station.jobs.list().filter((j) => j.kind === 'ocr' && j.dossierId === dossier.id && j.id > job.id);
      for (const j of [done, ...recognition]) printWarnings(j);
      const after = station.records.dossier(dossier.id);
      process.stdout.write(`Hồ sơ ${after.fileCode}: ${after.documentCount} văn bản, ${after.pageCount} trang, ${after.recognizedPageCount} trang đã nhận dạng.\n`);
      const problems = problemsOf([done, ...recognition]);
      printFailureCount(problems);
      process.exitCode = exitCodeFor(done.state === 'done', problems);
    });
  });

program
  .command('devices')
  .description('liệt kê máy quét tìm thấy (SANE, eSCL, TWAIN, thư mục theo dõi) và khả năng của từng máy')
  .option('--json', 'in dạng JSON')
  .action(async (opts: { json?: boolean }) => {
    const dataDir = program.opts<{ data?: string }>().data ?? defaultDataDir();
    await withStation(dataDir, { runJobs: false, readOnly: true }, async (station) => {
      const { devices, problems } = await station.scanners.listDevices();
      const described = await Promise.all(
        devices.map(async (device) => {
          try {
            return { ...device, capabilities: await station.scanners.capabilities(device.id) };
          } catch (error) {
            return { ...device, capabilities: null, error: toErrorView(error) };
          }
        }),
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ devices: described, problems }, null, 2)}\n`);
        return;
      }
      if (described.length === 0) process.stdout.write('Không tìm thấy máy quét nào.\n');
      for (const d of described) {
        const c = d.capabilities;
        const caps = c
          ? `nguồn giấy ${c.sources.join(', ')}; màu ${c.colorModes.join(', ')}; ${c.resolutions.length > 0 ? `${Math.min(...c.resolutions)}–${Math.max(...c.resolutions)} dpi` : 'dpi theo tệp'}; tối đa ${Math.round(c.maxWidthMm)} × ${c.maxHeightMm === null ? '∞' : Math.round(c.maxHeightMm)} mm`
          : `không đọc được khả năng: ${'error' in d && d.error ? d.error.message : ''}`;
        process.stdout.write(`${d.id}\t${d.label}\n    ${caps}\n`);
      }
      for (const p of problems) process.stderr.write(`Cảnh báo: ${p.message}\n`);
    });
  });

program
  .command('scan')
  .description('quét từ máy quét vào hồ sơ theo hồ sơ quét (mỗi lần quét là một văn bản mới), rồi nhận dạng chữ')
  .requiredOption('--device <id>', 'mã máy quét, xem `sohoa devices`')
  .requiredOption('--profile <name>', 'tên hồ sơ quét, ví dụ "Hồ sơ đóng ghim – mặt kính"')
  .requiredOption('--dossier <code>', 'mã hồ sơ (tạo mới nếu chưa có)')
  .option('--pages <n>', 'dừng sau n trang', (v) => Math.max(1, Number.parseInt(v, 10) || 1))
  .option('--title <title>', 'tiêu đề hồ sơ khi tạo mới')
  .option('--batch <name>', 'lô số hóa khi tạo hồ sơ mới', 'Quét từ dòng lệnh')
  .option('--no-ocr', 'không nhận dạng chữ sau khi quét')
  .action(async (opts: { device: string; profile: string; dossier: string; pages?: number; title?: string; batch: string; ocr: boolean }) => {
    const dataDir = program.opts<{ data?: string }>().data ?? defaultDataDir();
    await withStation(dataDir, { runJobs: true, autoRecognize: opts.ocr }, async (station) => {
      const dossier = dossierForCode(station, opts.dossier, opts.title, opts.batch);
      const profile = station.profiles.byName(opts.profile);
      const job = station.jobControl.startScan(actor, { dossierId: dossier.id, deviceId: opts.device, profileId: profile.id, documentId: null, placement: { kind: 'append' }, maxPages: opts.pages });
      await waitForJobs(station, false);
      const done = station.jobs.get(job.id);
      printWarnings(done);
      const after = station.records.dossier(dossier.id);
      process.stdout.write(`Đã quét ${jobResult(done, 'scan')?.pagesAdded ?? 0} trang vào hồ sơ ${after.fileCode} (${after.documentCount} văn bản, ${after.pageCount} trang).\n`);
      if (done.state !== 'done') process.exitCode = 1;
    });
  });

program
  .command('process')
  .description('xử lý trọn quy trình cho từng văn bản (tệp, hoặc thư mục ảnh theo thứ tự tên) và ghi <docId>/<docId>.pdf, <docId>.json')
  .argument('<inputs...>', 'mỗi đối số là một văn bản')
  .requiredOption('--out <dir>', 'thư mục ghi kết quả')
  .option('--jobs <n>', 'số tiến trình nhận dạng song song', (v) => Math.max(1, Number.parseInt(v, 10) || 1))
  .option('--json', 'in tóm tắt dạng JSON kèm thời gian')
  .option('--separate', 'coi các đầu vào (theo thứ tự) là một lô quét và tách thành hồ sơ, văn bản theo tờ phân cách; ghi thêm <out>/batch.json')
  .action(async (inputs: string[], opts: { out: string; jobs?: number; json?: boolean; separate?: boolean }) => {
    const explicitData = program.opts<{ data?: string }>().data;
    // Without --data the run works in a scratch store, removed afterwards: only the outputs remain.
    // Recognition is started by processInputs itself, so that each stage is timed on its own.
    const dataDir = explicitData ?? mkdtempSync(path.join(os.tmpdir(), 'sohoa-process-'));
    try {
      const summary = await withStation(dataDir, { runJobs: true, ocrWorkers: opts.jobs, autoRecognize: false }, (station) =>
        processInputs(station, actor, inputs, path.resolve(opts.out), (s) => waitForJobs(s, Boolean(opts.json)), { separate: Boolean(opts.separate) }),
      );
      for (const warning of summary.warnings) process.stderr.write(`Cảnh báo: ${warning.message}\n`);
      for (const flag of summary.batch?.flags ?? []) process.stderr.write(`Cần kiểm tra: ${flag.message}\n`);
      if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else for (const file of [...summary.documents.flatMap((doc) => [doc.pdf, doc.json]), ...(summary.batch ? [summary.batch.file] : [])]) process.stdout.write(`${file}\n`);
      printFailureCount(summary.warnings);
      process.exitCode = exitCodeFor(summary.documents.length > 0, summary.warnings);
    } finally {
      if (!explicitData) rmSync(dataDir, { recursive: true, force: true });
    }
  });

program
  .command('separators')
  .description('in tờ phân cách (PDF khổ A4): mỗi mã hồ sơ một tờ QR bắt đầu hồ sơ mới, thêm tờ QR văn bản mới và tờ Patch T')
  .option('--dossier <codes...>', 'mã hồ sơ, ví dụ H49.64.33.2001.160 (mỗi mã một tờ)', [])
  .option('--document-sheets <n>', 'số tờ QR «văn bản mới»', (v) => Math.max(0, Number.parseInt(v, 10) || 0), 0)
  .option('--patch-t <n>', 'số tờ Patch T («văn bản mới», đọc bằng vạch)', (v) => Math.max(0, Number.parseInt(v, 10) || 0), 0)
  .requiredOption('--out <file>', 'tệp PDF ghi ra')
  .action(async (opts: { dossier: string[]; documentSheets: number; patchT: number; out: string }) => {
    const sheets = separatorSheetList(opts.dossier, opts.documentSheets, opts.patchT);
    if (sheets.length === 0) throw new Error('Chưa có tờ nào để in: hãy cho --dossier <mã hồ sơ>, --document-sheets N hoặc --patch-t N.');
    const out = path.resolve(opts.out);
    writeFileSync(out, await buildSeparatorSheets(sheets));
    process.stdout.write(`${out} (${sheets.length} tờ)\n`);
  });

program
  .command('stitch')
  .description('ghép 2–6 lần quét chồng mép của cùng một tờ khổ lớn thành một ảnh; in vị trí (x, y, góc) của từng lần quét')
  .argument('<tiles...>', 'ảnh các lần quét (PNG, TIFF, JPEG)')
  .requiredOption('--out <file>', 'tệp ảnh ghép (.png hoặc .tif)')
  .option('--placements <file>', 'tệp JSON các vị trí chỉnh tay (như --json in ra) thay cho ghép tự động')
  .option('--json', 'in kết quả dạng JSON')
  .action(async (tiles: string[], opts: { out: string; placements?: string; json?: boolean }) => {
    const files = tiles.map((t) => path.resolve(t));
    const placements = opts.placements ? (JSON.parse(readFileSync(opts.placements, 'utf8')) as { tiles: TilePlacement[] }).tiles : null;
    const result = await stitchPasses(files, path.resolve(opts.out), placements);
    const warning = unsureWarning(result);
    if (warning) process.stderr.write(`Cảnh báo: ${warning.messageVi}\n`);
    const tilesOut = result.placements.map((p) => ({ file: p.file, x: round2(p.x), y: round2(p.y), angle: round2(p.angle, 3), confidence: round2(p.confidence) }));
    const doubts = result.doubts.map((d) => ({
      file: files[d.tile]!,
      other: d.other === null ? null : files[d.other]!,
      reason: d.reason,
      region: { x: Math.round(d.region.x), y: Math.round(d.region.y), width: Math.round(d.region.width), height: Math.round(d.region.height) },
    }));
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ out: path.resolve(opts.out), width: result.width, height: result.height, unsure: result.unsure, tiles: tilesOut, doubts }, null, 2)}\n`);
    } else {
      process.stdout.write(`${path.resolve(opts.out)} (${result.width} × ${result.height} px)\n`);
      for (const t of tilesOut) process.stdout.write(`${t.file}: x=${t.x} y=${t.y} góc=${t.angle}° tin cậy=${t.confidence}\n`);
      for (const d of doubts) {
        process.stdout.write(`chưa chắc: ${d.file} (${d.reason}${d.other ? `, với ${d.other}` : ''}) tại x=${d.region.x} y=${d.region.y} ${d.region.width} × ${d.region.height} px\n`);
      }
    }
  });

function round2(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

program
  .command('export')
  .description('xuất các văn bản của hồ sơ ra thư mục, mỗi văn bản một thư mục <docId>/ (PDF có lớp chữ, JSON, ALTO); chờ nhận dạng chữ xong')
  .requiredOption('--dossier <code>', 'mã hồ sơ')
  .option('--out <dir>', 'thư mục xuất')
  .action(async (opts: { dossier: string; out?: string }) => {
    const dataDir = program.opts<{ data?: string }>().data ?? defaultDataDir();
    await withStation(dataDir, { runJobs: true }, async (station) => {
      const dossier = station.records.dossierByCode(opts.dossier);
      if (!dossier) throw new Error(`Không có hồ sơ «${opts.dossier}».`);
      const job = station.jobControl.startExport(actor, dossier.id, opts.out);
      await waitForJobs(station, false);
      const done = station.jobs.get(job.id);
      printWarnings(done);
      const exported = jobResult(done, 'export');
      for (const file of exported?.files ?? []) process.stdout.write(`${file}\n`);
      // A document held back (pages not recognized) is a failure to export it, though the others went out.
      if (done.state !== 'done' || (exported?.refused ?? 0) > 0) process.exitCode = 1;
    });
  });

const catalogue = program.command('catalogue').description('mục lục hồ sơ bằng Excel (.xlsx): xuất theo lô hoặc theo hồ sơ, nhập vào một lô');

catalogue
  .command('export')
  .description('xuất mục lục hồ sơ của một lô (--batch), hoặc mục lục văn bản của một hồ sơ (--dossier), ra tệp .xlsx theo mẫu lưu trữ')
  .option('--batch <name>', 'tên lô')
  .option('--dossier <code>', 'mã hồ sơ (xuất mục lục văn bản)')
  .requiredOption('--out <file>', 'tệp .xlsx ghi ra')
  .action(async (opts: { batch?: string; dossier?: string; out: string }) => {
    if ((opts.batch === undefined) === (opts.dossier === undefined)) throw new Error('Hãy cho một trong hai: --batch <tên lô> hoặc --dossier <mã hồ sơ>.');
    const dataDir = program.opts<{ data?: string }>().data ?? defaultDataDir();
    await withStation(dataDir, { runJobs: false }, async (station) => {
      const target = { file: path.resolve(opts.out) };
      let written;
      if (opts.dossier !== undefined) {
        const dossier = station.records.dossierByCode(opts.dossier);
        if (!dossier) throw new Error(`Không có hồ sơ «${opts.dossier}».`);
        written = await station.catalogue.exportDocumentList(actor, dossier.id, target);
      } else {
        const batch = station.records.listBatches().find((b) => b.name === opts.batch);
        if (!batch) throw new Error(`Không có lô «${opts.batch}».`);
        written = await station.catalogue.exportDossierCatalogue(actor, batch.id, target);
      }
      process.stdout.write(`${written.path}\n`);
      process.stderr.write(`Đã ghi ${written.rows} ${opts.dossier === undefined ? 'hồ sơ' : 'văn bản'} vào mục lục.\n`);
    });
  });

catalogue
  .command('import')
  .description('nhập mục lục hồ sơ từ tệp .xlsx vào một lô: mỗi dòng hợp lệ thành một hồ sơ; dòng lỗi được báo theo số dòng (mã thoát 2 nếu có dòng lỗi, 1 nếu không tạo được hồ sơ nào)')
  .argument('<file>', 'tệp .xlsx')
  .requiredOption('--batch <name>', 'tên lô (tạo mới nếu chưa có)')
  .option('--json', 'in kết quả dạng JSON')
  .action(async (file: string, opts: { batch: string; json?: boolean }) => {
    const dataDir = program.opts<{ data?: string }>().data ?? defaultDataDir();
    await withStation(dataDir, { runJobs: false }, async (station) => {
      const batch = station.records.batchNamed(opts.batch, null);
      const result = await station.catalogue.importCatalogue(actor, batch.id, path.resolve(file));
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else for (const created of result.created) process.stdout.write(`${created.fileCode}\n`);
      for (const rejected of result.rejected) {
        const problems = rejected.problems.map((p) => `${p.heading}: ${p.message}`).join('; ');
        process.stderr.write(`Dòng ${rejected.row}${rejected.fileCode ? ` (${rejected.fileCode})` : ''}: ${problems}\n`);
      }
      process.stderr.write(`Lô «${batch.name}»: đã tạo ${result.created.length} hồ sơ, ${result.rejected.length} dòng lỗi (tiêu đề cột ở dòng ${result.headerRow} của trang «${result.sheet}»).\n`);
      process.exitCode = result.rejected.length === 0 ? EXIT_DONE : result.created.length > 0 ? EXIT_SOME_FAILED : EXIT_NOTHING_DONE;
    });
  });

program
  .command('status')
  .description('tình trạng kho: số lô, hồ sơ, trang, công việc, những gì lần kiểm tra kho tới sẽ làm và nhật ký kiểm toán (lệnh này không thay đổi gì; mã thoát 1 nếu nhật ký bị thay đổi)')
  .option('--json', 'in dạng JSON')
  .action(async (opts: { json?: boolean }) => {
    const dataDir = program.opts<{ data?: string }>().data ?? defaultDataDir();
    await withStation(dataDir, { runJobs: false, readOnly: true }, async (station) => {
      const summary = station.records.summary();
      const jobs = station.jobs.list(20);
      const integrity = station.integrity;
      const processes = station.lease.list();
      const quarantined = station.quarantine.list().length;
      const recycled = station.recycleBin.list().length;
      const identity = station.identity.find();
      // The whole chain, checkpoint left where it is: status changes nothing. Broken ⇒ exit code 1.
      const audit = station.auditVerifier.verify({ mode: 'full', advance: false });
      if (!audit.intact) process.exitCode = 1;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ dataDir, station: identity, summary, jobs, integrity, quarantined, recycled, processes, audit }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        [
          `Thư mục dữ liệu: ${dataDir}`,
          `Trạm: ${identity ? `${identity.name ?? '(chưa đặt tên)'} — mã ${identity.stationId}` : '(chưa có mã trạm: hãy mở ứng dụng một lần để cập nhật kho)'}`,
          `Lô: ${summary.batches}  Hồ sơ: ${summary.dossiers}  Văn bản: ${summary.documents}`,
          `Trang: ${summary.pages} (đã nhận dạng ${summary.recognizedPages})  Văn bản đã xuất: ${summary.exportedDocuments}`,
          `Công việc đang chờ/chạy: ${summary.activeJobs}  Lỗi: ${summary.failedJobs}`,
          `Trang thiếu bản quét: ${integrity?.pagesMissing.length ?? 0} (mới phát hiện ${integrity?.pagesNewlyMissing.length ?? 0}; bản quét đã trở lại: ${integrity?.pagesRestored.length ?? 0})`,
          `Bản quét không thuộc trang nào: ${integrity?.orphansQuarantined.length ?? 0} sẽ được chuyển vào kho cách ly, ${integrity?.orphansWaiting ?? 0} còn mới nên để yên`,
          `Kho cách ly: ${quarantined} bản quét  Thùng rác: ${recycled} trang`,
          ...(integrity?.pagesMissing ?? []).slice(0, 20).map((p) => `  thiếu: trang số ${p.pageId} (${p.source}), bản quét ${p.sha256}`),
          'Lệnh này chỉ xem, không thay đổi gì; lần mở trạm tiếp theo sẽ đánh dấu và chuyển như trên.',
          `Tiến trình đang dùng kho: ${processes.filter((p) => p.alive).length}${processes.some((p) => !p.alive) ? ` (và ${processes.filter((p) => !p.alive).length} đã dừng đột ngột, sẽ được dọn khi ứng dụng hoặc lệnh ghi tiếp theo chạy)` : ''}`,
          audit.broken
            ? `Nhật ký kiểm toán: BỊ THAY ĐỔI — ${audit.broken.message}. Hãy báo ngay cho giám sát viên và giữ nguyên thư mục dữ liệu; lần kiểm tra này không sửa gì.`
            : `Nhật ký kiểm toán: nguyên vẹn (${audit.rows} dòng)`,
        ].join('\n') + '\n',
      );
    });
  });

program.parseAsync().catch((error: unknown) => {
  const view: AppErrorView = error instanceof ZodError ? validationError(error.issues).toView() : toErrorView(error);
  process.stderr.write(`Lỗi: ${view.code === 'INTERNAL' && error instanceof Error ? error.message : view.message}\n`);
  process.exitCode = 1;
});
