import { expect, signIn, spendReadingTime, test } from './fixtures.ts'

const course = '/cursos/formalizacion-minera'

test('a guest browses catalog → course → lesson, is asked to sign in to save progress, and comes back', async ({ page, createUser }) => {
  const user = await createUser()
  await page.goto('/cursos')
  await expect(page.getByRole('heading', { name: 'Cursos', level: 1 })).toBeVisible()
  await page.getByRole('link', { name: 'Formalización minera', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Formalización minera', level: 1 })).toBeVisible()
  await page.getByRole('link', { name: /^Empezar:/ }).click()

  await expect(page.getByText('Lección 1 de 13')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'En esta lección usted va a:' })).toBeVisible()
  await expect(page.getByRole('button', { name: /Escuchar/ })).toBeVisible()
  const lessonUrl = page.url()

  await page.getByRole('link', { name: 'ingrese' }).click()
  await page.getByLabel('Usuario o correo electrónico').fill(user.username)
  await page.getByLabel('PIN o contraseña').fill(user.pin)
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click()
  await expect(page).toHaveURL(lessonUrl)
  await expect(page.getByRole('button', { name: 'Marcar como leída' })).toBeVisible()
})

test('a learner marks lessons read; the progress bar moves and "continuar" points to the next lesson', async ({ page, createUser }) => {
  const user = await createUser()
  await signIn(page, user.username, user.pin)
  await page.goto(course)
  await expect(page.getByText('0 de 13 lecciones leídas · 0 de 5 evaluaciones aprobadas (0 %)')).toBeVisible()
  await page.getByRole('link', { name: /^Empezar:/ }).click()
  // Straight away is too soon: the page says how long to read, and nothing is saved.
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByRole('alert')).toContainText('Todavía no')
  await spendReadingTime(user.username)
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByText('Lección leída. Su avance está guardado.')).toBeVisible()
  await page.getByRole('link', { name: /Siguiente/ }).click()
  await expect(page.getByText('Lección 2 de 13')).toBeVisible()
  await spendReadingTime(user.username)
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByText('Lección leída. Su avance está guardado.')).toBeVisible()

  await page.goto('/cursos')
  const card = page.getByRole('listitem').filter({ hasText: 'Formalización minera' })
  await expect(card.getByText('2 de 13 lecciones leídas · 0 de 5 evaluaciones aprobadas (11 %)')).toBeVisible()
  await card.getByRole('link', { name: /Continuar/ }).click()
  await expect(page.getByText('Lección 3 de 13')).toBeVisible()

  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Continuar donde quedó' })).toBeVisible()
  await page.getByRole('link', { name: 'Seguir leyendo' }).click()
  await expect(page.getByText('Lección 3 de 13')).toBeVisible()
})

test('marking a lesson read works without JavaScript', async ({ browser, createUser }) => {
  const user = await createUser()
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-CO' })
  const page = await context.newPage()
  await signIn(page, user.username, user.pin)
  await page.goto(`${course}/formal-informal-e-ilegal`)
  // Without speech synthesis wired up by JavaScript, no dead "Escuchar" button is shown.
  await expect(page.getByRole('button', { name: /Escuchar/ })).toHaveCount(0)
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByRole('alert')).toContainText('Podrá marcarla como leída en')
  await spendReadingTime(user.username)
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByText('Lección leída. Su avance está guardado.')).toBeVisible()
  await context.close()
})

test('an unknown lesson gets the 404 page', async ({ page }) => {
  const response = await page.goto(`${course}/leccion-que-no-existe`)
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'No encontramos esta página' })).toBeVisible()
})

test('a lesson fits a 320 px phone without sideways scrolling', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 700 }, locale: 'es-CO' })
  const page = await context.newPage()
  await page.goto(`${course}/titulo-minero`)
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(scrollWidth).toBeLessThanOrEqual(320)
  await page.screenshot({ path: testInfo.outputPath('lesson-phone.png'), fullPage: true })
  await context.close()
})
