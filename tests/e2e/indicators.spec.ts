import { readFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import { expect, signIn, test } from './fixtures.ts'

test('an administrator opens the funder indicators, sees the tables and a chart, changes the period, downloads the CSV and opens the print view', async ({
  page,
  createUser,
}) => {
  // Two participants in Mongua this month (no other spec uses Mongua): fewer than 5, so the page says «<5», never the number.
  for (let i = 0; i < 2; i++) {
    const learner = await createUser('learner')
    const { db } = await import('#app/db/client.server.ts')
    const { users } = await import('#app/db/schema.ts')
    const { eq } = await import('drizzle-orm')
    // The fixture registers in Segovia; these two live in Mongua (a test may write the table directly).
    db.update(users).set({ municipality: 'mongua', birthYear: 1990 }).where(eq(users.id, learner.id)).run()
  }
  const admin = await createUser('admin')
  await signIn(page, admin.username, admin.pin)
  await page.goto('/admin')
  await page.getByRole('link', { name: 'Indicadores', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Indicadores para el financiador', level: 1 })).toBeVisible()

  const municipalities = page.getByRole('table', { name: /^Municipio, de / })
  await expect(municipalities).toBeVisible()
  const mongua = municipalities.getByRole('row', { name: /^Mongua/ })
  await expect(mongua.getByRole('cell').first()).toHaveText('<5')
  await expect(page.getByRole('table', { name: /^Grupo de edad, de / })).toBeVisible()
  // A chart: a figure named by its title, with its numbers in a table.
  const chart = page.getByRole('figure', { name: /Personas registradas por municipio/ })
  await expect(chart).toBeVisible()
  await chart.getByText('Ver los números del gráfico').click()
  await expect(chart.getByRole('row', { name: /Mongua/ })).toContainText('<5')
  await expect(page.getByText(/toda cifra de 1 a 4 se muestra como <5/)).toBeVisible()
  // No serious accessibility problem (axe-core), charts and tables included.
  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([])

  // The period form is a GET form; a wrong order gets a message next to the field.
  await page.getByLabel('Desde (mes)').fill('2026-05')
  await page.getByLabel('Hasta (mes)').fill('2026-02')
  await page.getByRole('button', { name: 'Ver este período' }).click()
  await expect(page.getByText('El mes final debe ser igual o posterior al mes inicial.')).toBeVisible()
  await expect(page.getByLabel('Hasta (mes)')).toHaveAttribute('aria-invalid', 'true')
  await page.goto('/admin/indicadores')

  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Descargar CSV para Excel' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^indicadores-\d{4}-\d{2}-a-\d{4}-\d{2}\.csv$/)
  const bytes = readFileSync((await download.path())!)
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n')
  expect(lines[0]).toMatch(/^Desde;Hasta;Dimensión;Grupo;Registradas en el período;/)
  const monguaLine = lines.find((l) => l.split(';')[3] === 'Mongua')!
  expect(monguaLine.split(';')[4]).toBe('<5')

  await page.getByRole('link', { name: 'Informe de una página para imprimir' }).click()
  await expect(page.getByRole('heading', { name: /Indicadores de Aula Somos Tesoro/, level: 1 })).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.site-header')).toBeHidden()
  await expect(page.getByRole('table', { name: /Por municipio/ })).toBeVisible()
})
