import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, markEmailVerified, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('the Invite members dialog in Chromium: many people by CSV, reinstating, refusals in view', { timeout: 90_000 }, () => {
  const running = useBrowserServer('roster-browser-invite-many-');

  /**
   * A person removed from the company a day ago, who was a recruiter in Sales: written straight in
   * the server's SQLite file, as the removal would have (the removal itself is tested over HTTP).
   */
  function formerMember(companyId: string, email: string, salesId: string): void {
    const db = new Database(join(running().dir, 'roster.db'));
    try {
      const id = randomUUID();
      db.prepare('insert into users (id, email, name, password_hash, email_verified, created_at) values (?, ?, ?, ?, 1, ?)').run(
        id,
        email,
        'Fay Former',
        'x',
        new Date().toISOString(),
      );
      db.prepare('insert into former_members (company_id, user_id, teams, company_roles, removed_at) values (?, ?, ?, ?, ?)').run(
        companyId,
        id,
        JSON.stringify([{ teamId: salesId, roles: ['recruiter'] }]),
        '["finance"]',
        new Date(Date.now() - 86_400_000).toISOString(),
      );
    } finally {
      db.close();
    }
  }

  /** Whether the element lies wholly inside the visible part of the dialog and of the window. */
  async function inView(page: Page, dialog: Locator, element: Locator): Promise<boolean> {
    const box = await element.boundingBox();
    const frame = await dialog.boundingBox();
    const size = page.viewportSize();
    if (!box || !frame || !size) return false;
    return box.y >= Math.max(frame.y, 0) - 1 && box.y + box.height <= Math.min(frame.y + frame.height, size.height) + 1;
  }

  /** Whether the button named has the focus. */
  const focusOn = (page: Page, name: string) =>
    page.getByRole('button', { name, exact: true }).evaluate((element) => element === element.ownerDocument.activeElement);

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      const tag = viewport.name;
      const ownerEmail = `owner-many-${tag}@acme.test`;
      const contexts: BrowserContext[] = [];
      let owner: Page;
      let companyId = '';
      let salesId = '';

      afterAll(async () => {
        for (const context of contexts) await context.close();
      });

      const openInvite = async (): Promise<Locator> => {
        await owner.getByRole('button', { name: 'Invite members' }).click();
        const dialog = owner.getByRole('dialog', { name: 'Invite members' });
        await dialog.waitFor();
        return dialog;
      };

      it('signs the owner up, with a company and a team Sales', async () => {
        const { browser, server } = running();
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
        contexts.push(context);
        owner = await context.newPage();
        expect((await owner.request.post('/api/v1/auth/signup', { data: { email: ownerEmail, name: `Olivia ${tag}`, password: PASSWORD } })).status()).toBe(201);
        markEmailVerified(running(), ownerEmail);
        const created = await owner.request.post('/api/v1/companies', { data: { name: `Acme many ${tag}` } });
        companyId = ((await created.json()) as { company: { id: string } }).company.id;
        const team = await owner.request.post(`/api/v1/companies/${companyId}/teams`, { data: { name: 'Sales' } });
        expect(team.status()).toBe(201);
        salesId = ((await team.json()) as { team: { id: string } }).team.id;
        await owner.goto(`/companies/${companyId}/members`);
        await owner.getByRole('button', { name: 'Invite members' }).waitFor();
      });

      it('gives focus back to Invite members after Escape, after Cancel and after sending', async () => {
        const escaped = await openInvite();
        await owner.keyboard.press('Escape');
        await escaped.waitFor({ state: 'detached' });
        await expect.poll(() => focusOn(owner, 'Invite members')).toBe(true);

        const cancelled = await openInvite();
        await cancelled.getByRole('button', { name: 'Cancel' }).click();
        await cancelled.waitFor({ state: 'detached' });
        await expect.poll(() => focusOn(owner, 'Invite members')).toBe(true);

        const sending = await openInvite();
        await sending.getByRole('textbox', { name: 'Emails' }).fill(`sent-${tag}@acme.test`);
        await sending.getByRole('checkbox', { name: 'Add to General' }).click();
        await sending.getByRole('button', { name: 'Send invitations' }).click();
        await owner.getByRole('status').filter({ hasText: '1 invitation sent.' }).waitFor();
        await expect.poll(() => focusOn(owner, 'Invite members')).toBe(true);
      });

      it('shows a refusal next to the buttons, in view, naming the address refused', async () => {
        const dialog = await openInvite();
        await dialog.getByRole('textbox', { name: 'Emails' }).fill(`new-${tag}@acme.test, ${ownerEmail}`);
        await dialog.getByRole('checkbox', { name: 'Add to General' }).click();
        await dialog.getByRole('checkbox', { name: 'Add to Sales' }).click();
        await dialog.getByRole('textbox', { name: 'Message (optional)' }).fill('Welcome aboard');
        const send = dialog.getByRole('button', { name: 'Send invitations' });
        // The buttons stay in view however far the dialog scrolls (a sticky footer).
        await dialog.getByRole('textbox', { name: 'Emails' }).focus();
        expect(await inView(owner, dialog, send)).toBe(true);
        await send.click();
        const alert = dialog.getByRole('alert').filter({ hasText: 'already' });
        await alert.waitFor();
        expect(await inView(owner, dialog, alert)).toBe(true);
        await dialog.getByText(`Already a member: ${ownerEmail}`, { exact: true }).waitFor();
        await expectAccessible(owner, 'invite refused');
        await screenshot(owner, `invite-refused-${tag}`);
        await owner.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      });

      it('invites many people from a CSV: a preview checked by the server, the removed member offered back, then a result per row', async () => {
        const fay = `fay-${tag}@acme.test`;
        formerMember(companyId, fay, salesId);
        const dialog = await openInvite();
        await dialog.getByRole('radio', { name: 'Many people (CSV)' }).click();
        const csv = [
          'email,teams,company_roles',
          `ann-${tag}@acme.test,Sales (hiring_manager; recruiter),`,
          `${ownerEmail},General,`,
          `bob-${tag}@acme.test,Marketing,`,
          `${fay},General,`,
        ].join('\n');
        await dialog.getByRole('textbox', { name: 'People (CSV)' }).fill(csv);
        await dialog.getByRole('button', { name: 'Check rows' }).click();
        const preview = dialog.getByRole('table', { name: 'Rows to invite' });
        await preview.waitFor();
        const row = (email: string) => preview.getByRole('row').filter({ hasText: email });
        await row(`ann-${tag}@acme.test`).getByText('Ready').waitFor();
        await row(`ann-${tag}@acme.test`).getByText('Sales (Hiring manager, Recruiter)').waitFor();
        await row(ownerEmail).getByText(/already a member/i).waitFor();
        await row(`bob-${tag}@acme.test`).getByText('No team called Marketing').waitFor();
        const giveBack = row(fay).getByRole('checkbox', { name: `Give back their previous teams and roles to ${fay}` });
        await row(fay).getByText('Sales (Recruiter)').waitFor();
        await expectAccessible(owner, 'invite many: preview');
        await screenshot(owner, `invite-many-preview-${tag}`);
        await giveBack.click();
        await dialog.getByRole('button', { name: 'Send 2 invitations' }).click();
        const results = dialog.getByRole('table', { name: 'What each row did' });
        await results.waitFor();
        await results.getByRole('row').filter({ hasText: `ann-${tag}@acme.test` }).getByText('Invited').waitFor();
        await results.getByRole('row').filter({ hasText: fay }).getByText('Invited').waitFor();
        await results.getByRole('row').filter({ hasText: ownerEmail }).getByText(/already a member/i).waitFor();
        await expectAccessible(owner, 'invite many: results');
        await screenshot(owner, `invite-many-results-${tag}`);
        // Fay's invitation gives back Sales with her role, and finance (the owner may grant it).
        const list = (await owner.request.get(`/api/v1/companies/${companyId}/invitations?status=pending`).then((r) => r.json())) as {
          items: { email: string; teams: { teamId: string; roles: string[] }[]; companyRoles: string[] }[];
        };
        const hers = list.items.find((item) => item.email === fay);
        expect(hers?.teams).toEqual(expect.arrayContaining([{ teamId: salesId, roles: ['recruiter'] }]));
        expect(hers?.companyRoles).toEqual(['finance']);
        await dialog.getByRole('button', { name: 'Close' }).click();
        await dialog.waitFor({ state: 'detached' });
      });

      it('offers a member removed in the last 90 days their previous teams and roles before sending, in the one-set form too', async () => {
        const gus = `gus-${tag}@acme.test`;
        formerMember(companyId, gus, salesId);
        const dialog = await openInvite();
        await dialog.getByRole('textbox', { name: 'Emails' }).fill(`${gus}, hal-${tag}@acme.test`);
        await dialog.getByRole('checkbox', { name: 'Add to General' }).click();
        await dialog.getByRole('button', { name: 'Send invitations' }).click();
        const giveBack = dialog.getByRole('checkbox', { name: `Give back their previous teams and roles to ${gus}` });
        await giveBack.waitFor();
        await dialog.getByText(/Sales \(Recruiter\); Finance admin/).waitFor();
        await expectAccessible(owner, 'invite: give back');
        await giveBack.click();
        await dialog.getByRole('button', { name: 'Send invitations' }).click();
        await owner.getByRole('status').filter({ hasText: '2 invitations sent.' }).waitFor();
        const list = (await owner.request.get(`/api/v1/companies/${companyId}/invitations?status=pending`).then((r) => r.json())) as {
          items: { email: string; teams: { teamId: string; roles: string[] }[]; companyRoles: string[] }[];
        };
        expect(list.items.find((item) => item.email === gus)).toMatchObject({ companyRoles: ['finance'] });
        expect(list.items.find((item) => item.email === gus)?.teams).toEqual(expect.arrayContaining([{ teamId: salesId, roles: ['recruiter'] }]));
        expect(list.items.find((item) => item.email === `hal-${tag}@acme.test`)?.teams).toHaveLength(1);
      });

      if (viewport.name === 'desktop') {
        it('invites from a CSV with the keyboard alone', async () => {
          /** Presses Tab until `target` has the focus (keyboard only), at most 40 times. */
          const tabTo = async (target: Locator) => {
            for (let presses = 0; presses < 40; presses++) {
              if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
              await owner.keyboard.press('Tab');
            }
            throw new Error('the keyboard never reached the element');
          };
          await owner.getByRole('button', { name: 'Invite members' }).focus();
          await owner.keyboard.press('Enter');
          const dialog = owner.getByRole('dialog', { name: 'Invite members' });
          await dialog.waitFor();
          await tabTo(dialog.getByRole('radio', { name: 'Emails with the same teams' }));
          await owner.keyboard.press('ArrowDown');
          await expect.poll(() => dialog.getByRole('radio', { name: 'Many people (CSV)' }).isChecked()).toBe(true);
          await tabTo(dialog.getByRole('textbox', { name: 'People (CSV)' }));
          await owner.keyboard.type(`email,teams\nkey-${tag}@acme.test,Sales (recruiter)\n`);
          await tabTo(dialog.getByRole('button', { name: 'Check rows' }));
          await owner.keyboard.press('Enter');
          await dialog.getByRole('table', { name: 'Rows to invite' }).getByText('Ready').waitFor();
          await tabTo(dialog.getByRole('button', { name: 'Send 1 invitation' }));
          await owner.keyboard.press('Enter');
          await dialog.getByRole('table', { name: 'What each row did' }).getByText('Invited').waitFor();
          await owner.keyboard.press('Escape');
          await dialog.waitFor({ state: 'detached' });
          await expect.poll(() => focusOn(owner, 'Invite members')).toBe(true);
        });
      }
    });
  }
});
