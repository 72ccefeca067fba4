import { contract, isChannel, type Access, type Channel, type ParsedArgs } from '../contract/channels';
import { AppError, toErrorView, validationError, type Result } from '../contract/errors';
import { userActor } from '../accounts/actor';
import { registerPasses } from '../services/stitching';
import type { Workstation } from '../services/workstation';
import type { Logger } from '../services/logger';
import type { Caller } from './caller';
import { LoginThrottle } from './login-throttle';

type Handler<C extends Channel> = (args: ParsedArgs<C>, caller: Caller) => unknown;
type Handlers = { [C in Channel]: Handler<C> };

export interface DispatcherOptions {
  /** The per-connection brake on sign-in attempts (tests give it a clock-free sleep). */
  loginThrottle?: LoginThrottle;
}

/**
 * The one handler wrapper for every transport (Electron IPC and the development host): it checks the
 * channel, validates the arguments against the contract, checks the caller's role, calls the service
 * and returns `{ ok, value } | { ok: false, error }` with a stable code and a Vietnamese message.
 * Transports only establish who the caller is and that the sender is ours.
 */
export class Dispatcher {
  private readonly handlers: Handlers;

  constructor(
    private readonly station: Workstation,
    private readonly logger: Logger,
    options: DispatcherOptions = {},
  ) {
    this.handlers = createHandlers(station, options.loginThrottle ?? new LoginThrottle());
  }

  async dispatch(caller: Caller, channel: unknown, rawArgs: unknown): Promise<Result<unknown>> {
    try {
      if (!isChannel(channel)) {
        throw new AppError('UNKNOWN_CHANNEL', 'Yêu cầu không hợp lệ.', 'Unknown channel.', String(channel).slice(0, 60));
      }
      const spec = contract[channel];
      // An idle session ends before anything is done on its behalf; the sign-in screens still answer.
      if (this.station.sessions.expireIfIdle(caller) && spec.access !== 'public') throw sessionExpiredError(this.station.sessions.idleMs);
      checkAccess(spec.access, caller);
      this.station.sessions.touch(caller);
      const parsed = spec.args.safeParse(rawArgs ?? {});
      if (!parsed.success) throw validationError(parsed.error.issues);
      const handler = this.handlers[channel] as Handler<Channel>;
      const value = await handler(parsed.data as ParsedArgs<Channel>, caller);
      return { ok: true, value: value ?? null };
    } catch (error) {
      const view = toErrorView(error);
      if (view.code === 'INTERNAL') this.logger.error({ err: error, channel: String(channel) }, 'handler failed');
      return { ok: false, error: view };
    }
  }
}

function checkAccess(access: Access, caller: Caller): void {
  if (access === 'public') return;
  if (!caller.user) throw new AppError('UNAUTHENTICATED', 'Bạn cần đăng nhập.', 'Please sign in.');
  if (access === 'signed-in') return;
  if (!access.includes(caller.user.role)) {
    throw new AppError('FORBIDDEN', 'Vai trò của bạn không được phép làm việc này.', 'Your role may not do this.');
  }
}

function sessionExpiredError(idleMs: number): AppError {
  const minutes = Math.round(idleMs / 60_000);
  return new AppError(
    'SESSION_EXPIRED',
    `Phiên làm việc đã hết hạn sau ${minutes} phút không thao tác. Hãy đăng nhập lại; dữ liệu đã lưu không bị mất.`,
    `The session expired after ${minutes} minutes without activity. Sign in again; saved data is intact.`,
    undefined,
    { params: { minutes } },
  );
}

function signedIn(caller: Caller) {
  if (!caller.user) throw new AppError('UNAUTHENTICATED', 'Bạn cần đăng nhập.', 'Please sign in.');
  return userActor(caller.user);
}

function createHandlers(s: Workstation, throttle: LoginThrottle): Handlers {
  return {
    'session:get': (_args, caller) => ({ user: caller.user, needsFirstSupervisor: !s.accounts.hasUsers() }),
    'auth:setup': async (args, caller) => s.sessions.signIn(caller, await s.accounts.setupFirstSupervisor(args)),
    'auth:login': (args, caller) =>
      throttle.attempt(caller, async () => s.sessions.signIn(caller, await s.accounts.login(args.username, args.password, { callerId: caller.id }))),
    'auth:logout': (_args, caller) => {
      if (caller.user) s.accounts.logout(caller.user);
      caller.user = null;
      return null;
    },
    'user:list': () => s.accounts.list(),
    'user:create': (args, caller) => s.accounts.create(signedIn(caller), args),
    'user:unlock': (args, caller) => s.accounts.unlock(signedIn(caller), args.userId),
    'batch:list': () => s.records.listBatches(),
    'batch:create': (args, caller) => s.archive.createBatch(signedIn(caller), args.name),
    'dossier:list': (args) => s.records.listDossiers(args.batchId),
    'dossier:create': (args, caller) => s.archive.createDossier(signedIn(caller), args.batchId, args.fileCode, args.title),
    'dossier:get': (args) => ({ dossier: s.records.dossier(args.dossierId), documents: s.records.listDocuments(args.dossierId) }),
    'dossier:update': (args, caller) => s.archive.updateDossier(signedIn(caller), args.dossierId, args.fields),
    'page:list': (args) => s.records.listPages(args.dossierId),
    'page:get': (args) => s.records.pageDetail(args.pageId),
    'search:pages': (args) => s.search.search(args),
    'words:lowConfidence': (args) => s.records.lowConfidenceWords(args.dossierId, args.threshold, args.limit, args.offset),
    'word:correct': (args, caller) => s.corrections.correct(signedIn(caller), args.pageId, args.index, args.text, args.seen),
    'document:updateMetadata': (args, caller) => s.archive.updateMetadata(signedIn(caller), args.documentId, args.metadata),
    'document:proposeMetadata': (args) => s.indexing.view(args.documentId),
    'document:submitReview': (args, caller) => s.archive.changeLifecycle(signedIn(caller), args.documentId, 'submitReview'),
    'document:approve': (args, caller) => s.archive.changeLifecycle(signedIn(caller), args.documentId, 'approve'),
    'document:return': (args, caller) => s.archive.changeLifecycle(signedIn(caller), args.documentId, 'return', args.reason),
    'page:delete': (args, caller) => s.archive.deletePage(signedIn(caller), args.pageId),
    'page:move': (args, caller) => s.archive.movePage(signedIn(caller), args.pageId, args.toOrdinal),
    'page:edit': (args, caller) => s.editing.applyChange(signedIn(caller), args.scope, args.change),
    'page:undo': (args, caller) => s.editing.undo(signedIn(caller), args.pageId),
    'page:split': (args, caller) => s.editing.split(signedIn(caller), args.pageId, args.atX, args.force ?? false),
    'page:setBlank': (args, caller) => s.editing.setBlank(signedIn(caller), args.pageId, args.blank),
    'document:split': (args, caller) => s.documentEditing.split(signedIn(caller), args.pageId),
    'document:merge': (args, caller) => s.documentEditing.mergeWithNeighbour(signedIn(caller), args.documentId, args.with),
    'document:movePages': (args, caller) => s.documentEditing.movePages(signedIn(caller), args.pageIds, args.documentId, args.position),
    'document:undoReshape': (args, caller) => s.documentEditing.undo(signedIn(caller), args.dossierId),
    'page:dismissNewDocument': (args, caller) => s.documentEditing.dismissProposal(signedIn(caller), args.pageId),
    'scanner:list': () => s.scanners.listDevices(),
    'scanner:capabilities': (args) => s.scanners.capabilities(args.deviceId),
    'captureSources:get': () => s.captureSources.get(),
    'captureSources:save': (args, caller) => s.captureSources.save(signedIn(caller), args),
    'profile:list': () => s.profiles.list(),
    'profile:save': (args, caller) => s.profiles.save(signedIn(caller), args.profileId, args.profile),
    'profile:delete': (args, caller) => {
      s.profiles.remove(signedIn(caller), args.profileId);
      return null;
    },
    'scan:start': (args, caller) => s.jobControl.startScan(signedIn(caller), args),
    'import:start': (args, caller) => s.jobControl.startImport(signedIn(caller), args.dossierId, args.paths, args.stitch, args.separate ?? false),
    'separation:get': (args) => s.separation.view(args.batchId),
    'separation:clearFlag': (args, caller) => {
      s.separation.clearFlag(signedIn(caller), args.flagId);
      return null;
    },
    // Saved where an export goes by default: the station's outbox.
    'separators:print': (args, caller) => s.separation.printSheets(signedIn(caller), args.batchId, s.outboxDir, args.documentSheets, args.patchT),
    'stitch:register': (args) => registerPasses(args.paths),
    'ocr:start': (args, caller) => s.jobControl.startRecognition(signedIn(caller), args.dossierId),
    // The interface exports only where a supervisor allowed; the command line is not asked.
    'export:start': async (args, caller) => s.jobControl.startExport(signedIn(caller), args.dossierId, await s.exportFolders.authorize(args.outboxDir)),
    'catalogue:exportDossiers': async (args, caller) =>
      s.catalogue.exportDossierCatalogue(signedIn(caller), args.batchId, { dir: await s.exportFolders.authorize(args.outboxDir) }),
    'catalogue:exportDocuments': async (args, caller) =>
      s.catalogue.exportDocumentList(signedIn(caller), args.dossierId, { dir: await s.exportFolders.authorize(args.outboxDir) }),
    'catalogue:import': (args, caller) => s.catalogue.importCatalogue(signedIn(caller), args.batchId, args.path),
    'exportFolders:get': () => s.exportFolders.get(),
    'exportFolders:add': (args, caller) => s.exportFolders.add(signedIn(caller), args.folder),
    'exportFolders:remove': (args, caller) => s.exportFolders.remove(signedIn(caller), args.folder),
    'job:list': () => s.jobs.list(),
    'job:cancel': (args, caller) => s.jobControl.cancel(signedIn(caller), args.jobId),
    'progress:summary': () => s.records.summary(),
    'audit:list': (args) => s.audit.list(args.limit),
    'audit:verify': () => s.auditWatch.check(true),
    'trash:list': (args) => s.recycleBin.list(args.dossierId),
    'trash:restore': (args, caller) => s.recovery.restoreRecycledPage(signedIn(caller), args.recycledId),
    'trash:purge': async (args, caller) => {
      await s.recovery.purgeRecycledPage(signedIn(caller), args.recycledId);
      return null;
    },
    'quarantine:list': () => s.quarantine.list(),
    'quarantine:restore': (args, caller) => s.recovery.restoreQuarantined(signedIn(caller), args.ids, args.dossierId),
    'quarantine:purge': async (args, caller) => {
      await s.recovery.purgeQuarantined(signedIn(caller), args.id);
      return null;
    },
    'settings:get': () => ({ outboxDir: s.outboxDir, dataDir: s.dataDir }),
    'station:get': () => s.identity.get(),
    'station:rename': (args, caller) => s.identity.rename(signedIn(caller), args.name),
  };
}
