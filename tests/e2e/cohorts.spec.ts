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
  await page.getByLabel(/autorizaron el tratamiento/).check()
  await page.getByRole('button', { name: /Crear participantes/ }).click()
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
