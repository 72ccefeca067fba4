// Steps many UI specs begin with, written once.
import { test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './dev-host-process';

/** A workstation screen: the page, its tools and the jobs panel all in view. */
export const WIDE_SCREEN = { width: 1600, height: 1000 };

/**
 * One development host and one browser page for a whole spec file, whose tests run in order, each going
 * on from the state the one before left. `ready` gets both once they are up; both end after the last test.
 */
export function sharedWorkstation(
  ready: (host: RunningHost, page: Page) => void,
  options: { env?: Record<string, string>; viewport?: { width: number; height: number } } = {},
): void {
  let host: RunningHost | undefined;
  let page: Page | undefined;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browser }) => {
    host = await startHost(options.env);
    page = await browser.newPage(options.viewport ? { viewport: options.viewport } : {});
    ready(host, page);
  });
  test.afterAll(async () => {
    await page?.close();
    await host?.stop();
  });
}

/** First run of a fresh workstation: the first account (a supervisor) signs itself in. */
export async function setUpFirstSupervisor(page: Page, host: RunningHost, person: { username: string; fullName: string }): Promise<void> {
  await page.goto(host.signInUrl);
  await page.getByTestId('setup-username').fill(person.username);
  await page.getByTestId('setup-fullname').fill(person.fullName);
  await page.getByTestId('setup-password').fill('mat-khau-du-dai');
  await page.getByTestId('setup-confirm').fill('mat-khau-du-dai');
  await page.getByTestId('setup-submit').click();
}

/** A new batch and a dossier in it, opened. */
export async function createBatchAndDossier(page: Page, batch: string, dossier: { code: string; title: string }): Promise<void> {
  await page.getByTestId('batch-create-name').fill(batch);
  await page.getByTestId('batch-create').click();
  await page.getByTestId('dossier-create-code').fill(dossier.code);
  await page.getByTestId('dossier-create-title').fill(dossier.title);
  await page.getByTestId('dossier-create').click();
}
