// Steps many UI specs begin with, written once.
import type { Page } from '@playwright/test';
import type { RunningHost } from './dev-host-process';

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
