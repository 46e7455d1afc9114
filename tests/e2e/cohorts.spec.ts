import iconv from 'iconv-lite'
import { expect, signIn, spendReadingTime, test, quizQuestions } from './fixtures.ts'

test('a trainer creates a cohort, imports learners and prints cards; a learner signs in with a card and works; the trainer sees it; another trainer gets 403', async ({
  page,
  browser,
  createUser,
}, testInfo) => {
  const trainer = await createUser('trainer')
  await signIn(page, trainer.username, trainer.pin)
  await page.getByRole('link', { name: 'Formación' }).click()
  await page.getByRole('link', { name: 'Crear un grupo' }).click()
  const name = `Taller Remedios ${Date.now()}`
  await page.getByLabel('Nombre del grupo').fill(name)
  await page.getByLabel('Municipio').selectOption('remedios')
  await page.getByLabel('Fecha de inicio').fill('2026-11-01')
  await page.getByLabel('Fecha de cierre').fill('2027-03-31')
  await page.getByRole('button', { name: 'Crear el grupo' }).click()
  await expect(page.getByRole('heading', { name: 'Participantes', level: 1 })).toBeVisible()
  const cohortUrl = page.url().replace('/participantes', '')

  await page.getByLabel('Pegue aquí la lista').fill('nombre completo;municipio;género\nYolanda Cárdenas Ortiz;Remedios;mujer\nÉdgar Muñoz Pérez;Segovia;hombre')
  await page.getByRole('button', { name: 'Revisar la lista' }).click()
  await expect(page.getByRole('heading', { name: 'Revise la lista antes de crear las cuentas' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Édgar Muñoz Pérez' })).toContainText('edgar.munoz')
  await page.getByLabel(/autorizaron el tratamiento/).check()
  await page.getByRole('button', { name: 'Crear 2 participantes e imprimir las tarjetas' }).click()
  await expect(page.getByRole('heading', { name: '2 tarjetas de ingreso' })).toBeVisible()
  const card = page.locator('.login-card').filter({ hasText: 'Yolanda Cárdenas Ortiz' })
  const username = (await card.locator('dd').nth(0).innerText()).trim()
  const pin = (await card.locator('dd').nth(1).innerText()).trim()
  expect(pin).toMatch(/^\d{6}$/)

  // The print view: only the cards, no header or buttons.
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.site-header')).toBeHidden()
  await expect(page.getByRole('button', { name: 'Imprimir tarjetas' })).toBeHidden()
  await expect(page.locator('.login-card')).toHaveCount(2)
  await page.screenshot({ path: testInfo.outputPath('login-cards-print.png'), fullPage: true })
  await page.emulateMedia({ media: 'screen' })

  // The learner signs in with the card, reads a lesson and takes a quiz.
  const learnerContext = await browser.newContext({ locale: 'es-CO' })
  const learnerPage = await learnerContext.newPage()
  await signIn(learnerPage, username, pin)
  await expect(learnerPage.getByTestId('signed-in-name')).toContainText('Yolanda Cárdenas Ortiz')
  await learnerPage.goto('/cursos/formalizacion-minera/formal-informal-e-ilegal')
  await spendReadingTime(username)
  await learnerPage.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(learnerPage.getByText('Lección leída. Su avance está guardado.')).toBeVisible()
  await learnerPage.goto('/cursos/formalizacion-minera/evaluaciones/entender-la-formalizacion')
  await learnerPage.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  await expect(learnerPage.locator('fieldset.question').first()).toBeVisible()
  for (const fieldset of await quizQuestions(learnerPage)) await fieldset.locator('input').first().check()
  await learnerPage.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(learnerPage.getByRole('heading', { name: 'Su resultado' })).toBeVisible()
  await learnerContext.close()

  // The trainer sees it in the matrix and in the question analysis.
  await page.goto(cohortUrl)
  const row = page.getByRole('row').filter({ hasText: 'Yolanda Cárdenas Ortiz' })
  await expect(row.getByRole('cell').nth(1)).toContainText('✓')
  await expect(row.getByRole('cell').nth(1)).toContainText('leída')
  await expect(page.getByRole('heading', { name: 'Sin empezar (1)' })).toBeVisible()
  await page.getByRole('link', { name: 'Análisis de preguntas' }).first().click()
  await expect(page.getByText('1 intento entregado por el grupo.')).toBeVisible()

  // Another trainer is refused everything about this cohort.
  const other = await createUser('trainer')
  const otherContext = await browser.newContext({ locale: 'es-CO' })
  const otherPage = await otherContext.newPage()
  await signIn(otherPage, other.username, other.pin)
  const refused = await otherPage.goto(cohortUrl)
  expect(refused?.status()).toBe(403)
  await expect(otherPage.getByRole('heading', { name: 'No tiene permiso para ver esta página' })).toBeVisible()
  expect((await otherPage.request.get(`${cohortUrl}/matriz.csv`)).status()).toBe(403)
  await otherContext.close()
})

test('a list saved by Excel on a Spanish Windows (Windows-1252, ";") is previewed with its accents, then created on confirmation, without JavaScript', async ({
  browser,
  createUser,
}, testInfo) => {
  const trainer = await createUser('trainer')
  const context = await browser.newContext({ locale: 'es-CO', javaScriptEnabled: false })
  const page = await context.newPage()
  await signIn(page, trainer.username, trainer.pin)
  await page.goto('/formacion/grupos/nuevo')
  await page.getByLabel('Nombre del grupo').fill(`Taller Tópaga ${Date.now()}`)
  await page.getByLabel('Municipio').selectOption('topaga')
  await page.getByLabel('Fecha de inicio').fill('2026-11-01')
  await page.getByLabel('Fecha de cierre').fill('2027-03-31')
  await page.getByRole('button', { name: 'Crear el grupo' }).click()
  await expect(page.getByRole('heading', { name: 'Participantes', level: 1 })).toBeVisible()

  const list = 'Nombre completo;Municipio;Género\r\nAna Lucía Muñoz;Tópaga;mujer\r\nCarlos Andrés Restrepo Zapata;TOPAGA;hombre\r\nJo;Bogotá;\r\n'
  const file = { name: 'participantes.csv', mimeType: 'text/csv', buffer: iconv.encode(list, 'win1252') }
  await page.getByLabel('O suba un archivo CSV').setInputFiles(file)
  await page.getByRole('button', { name: 'Revisar la lista' }).click()

  // A bad line: marked on its line, no way to confirm, the list ready to fix in the page.
  await expect(page.getByText('Archivo leído como CSV de Excel en español (Windows-1252).')).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: '1 línea tiene problemas' })).toBeVisible()
  await expect(page.getByText(/Línea 4: Falta el nombre completo/)).toBeVisible()
  await expect(page.getByRole('button', { name: /Crear .* participantes/ })).toHaveCount(0)
  await page.setViewportSize({ width: 360, height: 780 })
  await page.screenshot({ path: testInfo.outputPath('import-problems-360.png'), fullPage: true })
  await page.setViewportSize({ width: 1280, height: 720 })
  const box = page.getByLabel('Pegue aquí la lista')
  await expect(box).toHaveValue(/Ana Lucía Muñoz;Tópaga;mujer/)
  await box.fill((await box.inputValue()).replace('Jo;Bogotá;', ''))
  await page.getByRole('button', { name: 'Revisar la lista' }).click()

  // The same list, good now: every row as it will be created, nothing saved yet.
  await expect(page.getByRole('status').filter({ hasText: '2 personas listas para crear' })).toBeVisible()
  const ana = page.getByRole('row').filter({ hasText: 'Ana Lucía Muñoz' })
  await expect(ana).toContainText('Tópaga')
  await expect(ana).toContainText('ana.munoz')
  await expect(page.getByRole('row').filter({ hasText: 'Carlos Andrés Restrepo Zapata' })).toContainText('carlos.restrepo')
  await page.screenshot({ path: testInfo.outputPath('import-preview-desktop.png'), fullPage: true })
  await page.setViewportSize({ width: 360, height: 780 })
  await page.getByRole('heading', { name: 'Revise la lista antes de crear las cuentas' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: testInfo.outputPath('import-preview-360.png'), fullPage: true })
  await page.setViewportSize({ width: 1280, height: 720 })

  await page.getByRole('button', { name: 'Crear 2 participantes e imprimir las tarjetas' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Confirme que las personas autorizaron' })).toBeVisible()
  await page.getByLabel(/autorizaron el tratamiento/).check()
  await page.getByRole('button', { name: 'Crear 2 participantes e imprimir las tarjetas' }).click()
  await expect(page.getByRole('heading', { name: '2 tarjetas de ingreso' })).toBeVisible()
  const card = page.locator('.login-card').filter({ hasText: 'Ana Lucía Muñoz' })
  await expect(card).toContainText('ana.munoz')
  await expect(page.locator('.login-card').filter({ hasText: 'Carlos Andrés Restrepo Zapata' })).toContainText('carlos.restrepo')

  // A reload of the cards page shows the same cards and creates nobody again.
  await page.reload()
  await expect(page.locator('.login-card')).toHaveCount(2)
  await page.goto(page.url().replace(/\?.*$/, ''))
  await expect(page.getByRole('row').filter({ hasText: 'Ana Lucía Muñoz' })).toHaveCount(1)
  await context.close()
})
