// Issue 15: an administrator creates a one-time link for a miner who forgot the PIN; the miner
// opens it in another browser (no JavaScript), chooses a new PIN and signs in with it; the link
// then no longer works, and the audit log shows what happened.
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { expect, signIn, test } from './fixtures.ts'

const NEW_PIN = '615283'

test('admin hands over a reset link; the miner sets a new PIN with it (without JavaScript) and signs in; the link is then spent', async ({
  page,
  browser,
  baseURL,
}) => {
  const { registerAccount } = await import('#app/auth/accounts.server.ts')
  const admin = { email: `admin.${Date.now()}@example.org`, password: 'clave-admin-2026' }
  const madeAdmin = await registerAccount({
    ...admin,
    fullName: 'Administradora Enlaces',
    municipality: 'segovia',
    gender: null,
    profile: 'other',
    role: 'admin',
  })
  const miner = { username: `minera.${Date.now().toString(36)}`, pin: '482915' }
  const madeMiner = await registerAccount({ ...miner, fullName: 'Rubiela Zapata Mena', municipality: 'segovia', gender: null, profile: 'miner' })
  if (!madeAdmin.ok || !madeMiner.ok) throw new Error('could not register')

  // The admin, from the person's page: its button posts to /admin/usuarios/:id/enlace.
  await signIn(page, admin.email, admin.password)
  await page.goto(`/admin/usuarios/${madeMiner.userId}`)
  await page.getByRole('button', { name: 'Crear enlace para nueva clave o PIN' }).click()
  await expect(page.getByRole('heading', { name: 'Enlace para que Rubiela Zapata Mena cambie su PIN' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('Enlace creado')
  const card = page.locator('.reset-link-card')
  await expect(card).toContainText('Entréguelo en persona')
  await expect(card.locator('.card-username')).toHaveText(miner.username)
  const link = (await page.getByTestId('reset-link-url').innerText()).trim()
  expect(link).toMatch(new RegExp(`^${baseURL}/restablecer/[\\w-]{43}$`))
  // The QR code on the card is the same link.
  const src = await card.getByRole('img', { name: /Código QR del enlace/ }).getAttribute('src')
  const png = PNG.sync.read(Buffer.from(src!.replace(/^data:image\/png;base64,/, ''), 'base64'))
  expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(link)
  // A reload shows the same link; it does not make another.
  await page.reload()
  await expect(page.getByTestId('reset-link-url')).toHaveText(link)

  // The miner, on another device, with JavaScript off: a plain page and a plain form.
  const phone = await browser.newContext({ javaScriptEnabled: false, locale: 'es-CO', viewport: { width: 360, height: 740 } })
  const minerPage = await phone.newPage()
  await minerPage.goto(link)
  await expect(minerPage.getByRole('heading', { name: 'Escoja un PIN nuevo' })).toBeVisible()
  await expect(minerPage.getByText(`Esta es la cuenta de Rubiela, usuario ${miner.username}.`)).toBeVisible()
  await expect(minerPage.getByText('Zapata')).toHaveCount(0)
  // A PIN anyone would guess is refused next to the field.
  await minerPage.getByLabel('PIN nuevo de 6 números').fill('111111')
  await minerPage.getByLabel('Repita el PIN').fill('111111')
  await minerPage.getByRole('button', { name: 'Guardar mi PIN nuevo' }).click()
  await expect(minerPage.getByText('Ese PIN es fácil de adivinar')).toBeVisible()
  await minerPage.getByLabel('PIN nuevo de 6 números').fill(NEW_PIN)
  await minerPage.getByLabel('Repita el PIN').fill(NEW_PIN)
  await minerPage.getByRole('button', { name: 'Guardar mi PIN nuevo' }).click()
  // Back at the sign-in page, the username filled in and a word that it worked.
  await expect(minerPage).toHaveURL(/\/ingresar\?usuario=/)
  await expect(minerPage.getByRole('status')).toHaveText('Listo: guardamos su clave nueva. Ingrese ahora con ella.')
  await expect(minerPage.getByLabel('Usuario o correo electrónico')).toHaveValue(miner.username)
  await minerPage.getByLabel('PIN o contraseña').fill(NEW_PIN)
  await minerPage.getByRole('button', { name: 'Ingresar', exact: true }).click()
  await expect(minerPage.getByTestId('signed-in-name')).toContainText('Rubiela Zapata Mena')

  // The link is spent: a clear page, 410, naming nobody.
  const again = await minerPage.goto(link)
  expect(again?.status()).toBe(410)
  await expect(minerPage.getByRole('heading', { name: 'Este enlace ya se usó' })).toBeVisible()
  await expect(minerPage.getByText('Rubiela')).toHaveCount(1) // the header's signed-in name only
  await phone.close()

  // The old PIN no longer opens the account.
  const other = await browser.newContext({ locale: 'es-CO' })
  const otherPage = await other.newPage()
  await signIn(otherPage, miner.username, miner.pin)
  await expect(otherPage.getByRole('alert')).toContainText('no coinciden')
  await other.close()

  // The page's own button (here after the link was used) makes a new link, which works.
  await page.goto(`/admin/usuarios/${madeMiner.userId}/enlace`)
  await page.getByRole('button', { name: 'Crear el enlace' }).click()
  const second = (await page.getByTestId('reset-link-url').innerText()).trim()
  expect(second).not.toBe(link)
  const check = await browser.newContext({ locale: 'es-CO' })
  const checkPage = await check.newPage()
  expect((await checkPage.goto(second))?.status()).toBe(200)
  await check.close()

  // The audit log, filtered on the miner, tells the story.
  await page.goto(`/admin/auditoria?persona=${madeMiner.userId}`)
  await expect(page.getByText('Eventos de o sobre Rubiela Zapata Mena')).toBeVisible()
  const rows = page.locator('.audit-table tbody tr')
  await expect(rows.filter({ hasText: 'PIN o contraseña cambiado con un enlace' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'Enlace para cambiar PIN o contraseña creado' })).toHaveCount(2)
  await expect(rows.filter({ hasText: 'Enlace para cambiar PIN o contraseña creado' }).first()).toContainText('Administradora Enlaces')
})
