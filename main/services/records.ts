import { Batches } from '../archive/batches';
import { DocumentLifecycle } from '../archive/document-lifecycle';
import { DocumentReshaping } from '../archive/document-reshaping';
import { Documents } from '../archive/documents';
import { Dossiers } from '../archive/dossiers';
import { MetadataIndex } from '../archive/metadata-proposals';
import { Pages } from '../archive/pages';
import { Separations } from '../archive/separations';
import { progressSummary } from '../archive/progress-summary';
import { Words } from '../archive/words';
import type { ProgressSummary } from '../contract/domain';
import type { Db } from '../storage/database';

export { documentCode, imageVersionOf } from '../archive/codes';
export type { PageOrigin, StoredPageOrigin } from '../archive/documents';
export type { NewPage, RecognitionSaved } from '../archive/pages';

/**
 * The archival hierarchy (batch → dossier → document → page → words), one aggregate per module in
 * main/archive, each owning its tables and SQL. This facade only wires them and keeps the callers' names;
 * new code may take the aggregate it needs (`records.pages`, …) instead.
 */
export class Records {
  readonly batches: Batches;
  readonly dossiers: Dossiers;
  readonly documents: Documents;
  readonly recognizedWords: Words;
  readonly pages: Pages;
  readonly lifecycle: DocumentLifecycle;
  /** Split, merge, pages moved between documents, and their undo. */
  readonly reshaping: DocumentReshaping;
  /** Auto-indexing's proposals, the origin of each field's value, the documents due for indexing. */
  readonly metadataIndex: MetadataIndex;
  readonly separations: Separations;

  constructor(private readonly db: Db) {
    this.batches = new Batches(db);
    this.dossiers = new Dossiers(db, this.batches);
    this.documents = new Documents(db, this.dossiers);
    this.recognizedWords = new Words(db);
    this.lifecycle = new DocumentLifecycle(db);
    this.pages = new Pages(db, this.recognizedWords, this.lifecycle);
    this.reshaping = new DocumentReshaping(db, this.documents, this.lifecycle);
    this.metadataIndex = new MetadataIndex(db, this.documents, this.lifecycle);
    this.separations = new Separations(db, this.dossiers, this.documents);
  }

  // ---- batches
  readonly createBatch = (...a: Parameters<Batches['createBatch']>) => this.batches.createBatch(...a);
  readonly batch = (...a: Parameters<Batches['batch']>) => this.batches.batch(...a);
  readonly listBatches = () => this.batches.listBatches();
  readonly batchNamed = (...a: Parameters<Batches['batchNamed']>) => this.batches.batchNamed(...a);

  // ---- dossiers
  readonly createDossier = (...a: Parameters<Dossiers['createDossier']>) => this.dossiers.createDossier(...a);
  readonly dossier = (...a: Parameters<Dossiers['dossier']>) => this.dossiers.dossier(...a);
  readonly dossierByCode = (...a: Parameters<Dossiers['dossierByCode']>) => this.dossiers.dossierByCode(...a);
  readonly listDossiers = (...a: Parameters<Dossiers['listDossiers']>) => this.dossiers.listDossiers(...a);
  readonly updateDossier = (...a: Parameters<Dossiers['updateDossier']>) => this.dossiers.updateDossier(...a);
  readonly pageWorkPending = (...a: Parameters<Dossiers['pageWorkPending']>) => this.dossiers.pageWorkPending(...a);

  // ---- documents
  readonly documentForJob = (...a: Parameters<Documents['documentForJob']>) => this.documents.documentForJob(...a);
  readonly createImportedDocument = (...a: Parameters<Documents['createImportedDocument']>) => this.documents.createImportedDocument(...a);
  readonly importedFrom = (...a: Parameters<Documents['importedFrom']>) => this.documents.importedFrom(...a);
  readonly documentSources = (...a: Parameters<Documents['documentSources']>) => this.documents.documentSources(...a);
  readonly removeEmptyJobDocuments = (...a: Parameters<Documents['removeEmptyJobDocuments']>) => this.documents.removeEmptyJobDocuments(...a);
  readonly document = (...a: Parameters<Documents['document']>) => this.documents.document(...a);
  readonly listDocuments = (...a: Parameters<Documents['listDocuments']>) => this.documents.listDocuments(...a);
  readonly updateMetadata = (...a: Parameters<Documents['updateMetadata']>) => this.documents.updateMetadata(...a);
  readonly contentVersion = (...a: Parameters<Documents['contentVersion']>) => this.documents.contentVersion(...a);
  readonly markExported = (...a: Parameters<Documents['markExported']>) => this.documents.markExported(...a);
  readonly createDocument = (...a: Parameters<Documents['createDocument']>) => this.documents.createDocument(...a);

  // ---- pages and their recipes
  readonly addImportedPage = (...a: Parameters<Pages['addImportedPage']>) => this.pages.addImportedPage(...a);
  readonly addPage = (...a: Parameters<Pages['addPage']>) => this.pages.addPage(...a);
  readonly deletePage = (...a: Parameters<Pages['deletePage']>) => this.pages.deletePage(...a);
  readonly movePage = (...a: Parameters<Pages['movePage']>) => this.pages.movePage(...a);
  readonly pageCount = (...a: Parameters<Pages['pageCount']>) => this.pages.pageCount(...a);
  readonly page = (...a: Parameters<Pages['page']>) => this.pages.page(...a);
  readonly pageRecord = (...a: Parameters<Pages['pageRecord']>) => this.pages.pageRecord(...a);
  readonly listPages = (...a: Parameters<Pages['listPages']>) => this.pages.listPages(...a);
  readonly listDocumentPages = (...a: Parameters<Pages['listDocumentPages']>) => this.pages.listDocumentPages(...a);
  readonly pageDetail = (...a: Parameters<Pages['pageDetail']>) => this.pages.pageDetail(...a);
  readonly editPage = (...a: Parameters<Pages['editPage']>) => this.pages.editPage(...a);
  readonly completeAnalysis = (...a: Parameters<Pages['completeAnalysis']>) => this.pages.completeAnalysis(...a);
  readonly splitPage = (...a: Parameters<Pages['splitPage']>) => this.pages.splitPage(...a);
  readonly undoEdit = (...a: Parameters<Pages['undoEdit']>) => this.pages.undoEdit(...a);
  readonly pendingAnalysis = (...a: Parameters<Pages['pendingAnalysis']>) => this.pages.pendingAnalysis(...a);
  readonly setBlankByHand = (...a: Parameters<Pages['setBlankByHand']>) => this.pages.setBlankByHand(...a);
  readonly setPageState = (...a: Parameters<Pages['setPageState']>) => this.pages.setPageState(...a);
  readonly saveRecognition = (...a: Parameters<Pages['saveRecognition']>) => this.pages.saveRecognition(...a);
  readonly pagesToRecognize = (...a: Parameters<Pages['pagesToRecognize']>) => this.pages.pagesToRecognize(...a);

  // ---- words
  readonly pageText = (...a: Parameters<Words['pageText']>) => this.recognizedWords.pageText(...a);
  readonly words = (...a: Parameters<Words['words']>) => this.recognizedWords.words(...a);
  readonly lowConfidenceWords = (...a: Parameters<Words['lowConfidenceWords']>) => this.recognizedWords.lowConfidenceWords(...a);
  readonly documentText = (...a: Parameters<Words['documentText']>) => this.recognizedWords.documentText(...a);
  readonly correctWord = (...a: Parameters<Words['correctWord']>) => this.recognizedWords.correctWord(...a);

  summary(): ProgressSummary {
    return progressSummary(this.db);
  }
}
