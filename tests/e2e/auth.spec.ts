import { expect, signIn, test, uniqueUsername } from './fixtures.ts'

test('a miner registers with a username and PIN, signs out, signs in and sees their name', async ({ page }) => {
  const username = uniqueUsername('rosa')
  await page.goto('/registro')
  await expect(page.locator('html')).toHaveAttribute('lang', 'es-CO')
  await page.getByLabel('Nombre completo').fill('Rosa Elena Gómez')
  await page.getByLabel('Municipio').selectOption('remedios')
  await page.getByLabel('Nombre de usuario').fill(username)
  await page.getByLabel('PIN de 6 números').fill('246813')
  await page.getByLabel('Repita el PIN').fill('246813')
  await page.getByLabel(/Autorizo el tratamiento/).check()
  await page.getByRole('button', { name: 'Crear mi cuenta' }).click()

  await expect(page.getByTestId('signed-in-name')).toContainText('Rosa Elena Gómez')
  await page.getByRole('button', { name: 'Salir' }).click()
  await expect(page.getByTestId('signed-in-name')).toHaveCount(0)

  await signIn(page, username, '246813')
  await expect(page.getByTestId('signed-in-name')).toContainText('Rosa Elena Gómez')
})

test('an official registers with e-mail and password', async ({ page }) => {
  await page.goto('/registro')
  await page.getByRole('link', { name: 'Con correo y contraseña' }).click()
  await expect(page).toHaveURL(/tipo=correo/)
  await expect(page.getByLabel('Usted es')).toBeVisible()
  await page.getByLabel('Nombre completo').fill('Ana María Pérez')
  await page.getByLabel('Municipio').selectOption('sogamoso')
  await page.getByLabel('Usted es').selectOption('official')
  await page.getByLabel('Correo electrónico').fill(`${uniqueUsername('ana')}@alcaldia.gov.co`)
  await page.getByLabel('Contraseña', { exact: true }).fill('contraseña muy segura')
  await page.getByLabel('Repita la contraseña').fill('contraseña muy segura')
  await page.getByLabel(/Autorizo el tratamiento/).check()
  await page.getByRole('button', { name: 'Crear mi cuenta' }).click()
  await expect(page.getByTestId('signed-in-name')).toContainText('Ana María Pérez')
})

test('bad registration input gets Spanish messages next to each field, also without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-CO' })
  const page = await context.newPage()
  await page.goto('/registro')
  await page.getByLabel('Nombre completo').fill('Jo')
  await page.getByLabel('PIN de 6 números').fill('12')
  await page.getByRole('button', { name: 'Crear mi cuenta' }).click()
  await expect(page.getByLabel('Nombre completo')).toHaveAccessibleDescription(/Escriba su nombre completo/)
  await expect(page.getByLabel('PIN de 6 números')).toHaveAccessibleDescription(/exactamente 6 números/)
  await expect(page.getByText('Para crear la cuenta debe aceptar el tratamiento de datos.')).toBeVisible()
  await context.close()
})

test('a wrong PIN shows a Spanish error, and after five tries the next one must wait', async ({ page, createUser }) => {
  const user = await createUser()
  await signIn(page, user.username, '000000')
  await expect(page.getByRole('alert')).toHaveText('El usuario o el PIN/contraseña no coinciden. Revise e intente de nuevo.')
  for (let i = 0; i < 4; i++) await signIn(page, user.username, '000000')
  await expect(page.getByRole('alert')).toHaveText('Demasiados intentos fallidos. Espere 1 minuto e intente de nuevo.')
})

test('a learner gets a 403 page on the admin area; a guest is sent to sign in and comes back', async ({ page, createUser }) => {
  const admin = await createUser('admin')
  const learner = await createUser('learner')
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/ingresar\?redirectTo=%2Fadmin/)
  await signIn(page, learner.username, learner.pin, { redirectTo: '/admin' })
  await expect(page.getByRole('heading', { name: 'No tiene permiso para ver esta página' })).toBeVisible()
  const response = await page.request.get('/admin')
  expect(response.status()).toBe(403)

  await page.getByRole('button', { name: 'Salir' }).click()
  await expect(page.getByTestId('signed-in-name')).toHaveCount(0)
  await signIn(page, admin.username, admin.pin, { redirectTo: '/admin' })
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { name: 'Administración' })).toBeVisible()
})

test('unknown pages get the Spanish 404 page; the language switch changes the page to English', async ({ page }) => {
  const response = await page.goto('/no-existe')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'No encontramos esta página' })).toBeVisible()
  await page.goto('/')
  await page.getByRole('button', { name: /Cambiar el idioma/ }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible()
})

test('a form posted from another site is refused', async ({ request }) => {
  const response = await request.post('/ingresar', {
    form: { identifier: 'x', secret: 'y' },
    headers: { Origin: 'https://evil.example' },
  })
  expect(response.status()).toBe(403)
})
