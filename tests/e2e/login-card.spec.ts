// Issue 14: the login card (printed as a PDF, its QR code decoded and followed on a phone),
// the sign-in page on a phone (show/hide PIN, number pad) and the idle sign-out message.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { expect, quizQuestions, signIn, test, uniqueUsername } from './fixtures.ts'

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'es-CO' }

/** Learners with known PINs in a new cohort of a new trainer, and their cards stored as an import stores them. */
async function cohortWithCards(count: number) {
  const { registerAccount } = await import('#app/auth/accounts.server.ts')
  const { createCohort, generatePin } = await import('#app/cohorts/cohorts.server.ts')
  const { saveCardBatch, newSubmissionKey } = await import('#app/cohorts/card-batches.server.ts')
  const { db } = await import('#app/db/client.server.ts')
  const { cohortMembers } = await import('#app/db/schema.ts')
  const trainer = { username: uniqueUsername('formadora'), pin: '482915' }
  const created = await registerAccount({
    ...trainer,
    fullName: 'Formadora de Prueba',
    municipality: 'segovia',
    gender: null,
    profile: 'other',
    role: 'trainer',
  })
  if (!created.ok) throw new Error('no trainer')
  const cohort = createCohort(
    { name: `Taller ${Date.now()}`, municipality: 'segovia', startsOn: '2026-01-10', endsOn: '2026-12-10', courseIds: [] },
    created.userId,
  )
  const cards: { fullName: string; username: string; pin: string }[] = []
  for (let i = 0; i < count; i++) {
    const username = uniqueUsername('minero')
    const card = { fullName: `Minero ${'ABCDEFGHIJ'[i]}. Muñoz Pérez`, username, pin: generatePin(username) }
    const learner = await registerAccount({ ...card, municipality: 'segovia', gender: null, profile: 'miner' })
    if (!learner.ok) throw new Error('no learner')
    db.insert(cohortMembers).values({ cohortId: cohort.id, userId: learner.userId }).run()
    cards.push(card)
  }
  const batch = db.transaction((tx) => saveCardBatch(tx, { cohortId: cohort.id, actorId: created.userId, submissionKey: newSubmissionKey(), cards }))
  return { trainer, cards, url: `/formacion/grupos/${cohort.id}/participantes?tarjetas=${batch}` }
}

/** Every QR code in a PDF (pdfimages), decoded. */
function qrCodesIn(pdf: string, dir: string): string[] {
  execFileSync('pdfimages', ['-png', pdf, join(dir, 'img')])
  return readdirSync(dir)
    .filter((f) => f.startsWith('img'))
    .map((f) => {
      const png = PNG.sync.read(readFileSync(join(dir, f)))
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? ''
    })
}

const pagesOf = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])

test('login cards print 8 to an A4 page or one to a page; each QR opens the sign-in with the username and never the PIN; a miner scans it and signs in', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const { trainer, cards, url } = await cohortWithCards(9)
  await signIn(page, trainer.username, trainer.pin)
  await page.goto(url)
  await expect(page.getByRole('heading', { name: '9 tarjetas de ingreso' })).toBeVisible()
  const first = page.locator('.login-card').filter({ hasText: cards[0].fullName })
  await expect(first.locator('.card-username')).toHaveText(cards[0].username)
  await expect(first.locator('.card-pin')).toHaveText(cards[0].pin)
  await expect(first.locator('.card-address')).toHaveText(baseURL!)
  await expect(first.getByRole('img', { name: `Código QR: abre la página para ingresar con el usuario ${cards[0].username}` })).toBeVisible()
  await expect(first.getByRole('listitem')).toHaveText([/Escanee el código/, /Escriba su PIN/, /Computador compartido/])

  // The print view as a PDF (Chromium's own print): 9 cards → 2 A4 pages, one QR per card.
  const dir = testInfo.outputPath('cards')
  mkdirSync(dir, { recursive: true })
  const eight = join(dir, 'eight.pdf')
  writeFileSync(eight, await page.pdf({ preferCSSPageSize: true }))
  expect(pagesOf(eight)).toBe(2)
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', eight, join(dir, 'eight-page')])
  const decoded = qrCodesIn(eight, dir)
  expect(decoded.sort()).toEqual(cards.map((c) => `${baseURL}/ingresar?usuario=${c.username}`).sort())
  for (const card of cards) expect(decoded.join(' ')).not.toContain(card.pin)

  await page.getByRole('link', { name: 'Una tarjeta por hoja (letra grande)' }).click()
  await expect(page.locator('.login-cards.one-per-page')).toBeVisible()
  const one = join(dir, 'one.pdf')
  writeFileSync(one, await page.pdf({ preferCSSPageSize: true }))
  expect(pagesOf(one)).toBe(9)
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', one, join(dir, 'one-page')])

  // A miner's phone opens the decoded address: the username is filled in, the PIN pad comes up.
  const miner = await browser.newContext(phone)
  const minerPage = await miner.newPage()
  const scanned = decoded.find((d) => d.endsWith(cards[0].username))!
  await minerPage.goto(scanned)
  await expect(minerPage.getByLabel('Usuario o correo electrónico')).toHaveValue(cards[0].username)
  const secret = minerPage.getByLabel('PIN o contraseña')
  await expect(secret).toHaveAttribute('inputmode', 'numeric')
  await expect(secret).toHaveAttribute('autocomplete', 'current-password')
  await secret.fill(cards[0].pin)
  await minerPage.getByRole('button', { name: 'Ingresar', exact: true }).click()
  await expect(minerPage.getByTestId('signed-in-name')).toContainText(cards[0].fullName)
  await miner.close()
})

test('the PIN can be shown and hidden; the number pad follows the identifier; «Jaime Demo» signs in as jaime.demo; without JavaScript it stays a password field', async ({
  browser,
  createUser,
}, testInfo) => {
  const user = await createUser()
  const context = await browser.newContext(phone)
  const page = await context.newPage()
  await page.goto('/ingresar')
  const identifier = page.getByLabel('Usuario o correo electrónico')
  const secret = page.getByLabel('PIN o contraseña')
  await expect(secret).toHaveAttribute('type', 'password')
  await expect(secret).not.toHaveAttribute('inputmode', /.*/)

  await identifier.fill('funcionaria@alcaldia.gov.co')
  await expect(secret).not.toHaveAttribute('inputmode', /.*/)
  // The username as a miner types it on a phone: a capital, a space for the dot.
  const typed = user.username.replace('.', ' ').replace(/^./, (c) => c.toUpperCase())
  await identifier.fill(typed)
  await expect(secret).toHaveAttribute('inputmode', 'numeric')

  await secret.fill(user.pin)
  await page.getByRole('button', { name: 'Mostrar el PIN o la contraseña' }).click()
  await expect(secret).toHaveAttribute('type', 'text')
  await expect(page.getByRole('button', { name: 'Ocultar el PIN o la contraseña' })).toHaveText('Ocultar')
  await page.screenshot({ path: testInfo.outputPath('sign-in-360.png'), fullPage: true })
  await page.getByRole('button', { name: 'Ocultar el PIN o la contraseña' }).click()
  await expect(secret).toHaveAttribute('type', 'password')
  await expect(secret).toHaveValue(user.pin)
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click()
  await expect(page.getByTestId('signed-in-name')).toContainText(user.fullName)
  await context.close()

  const noScript = await browser.newContext({ ...phone, javaScriptEnabled: false })
  const plain = await noScript.newPage()
  await plain.goto('/ingresar')
  await expect(plain.getByLabel('PIN o contraseña')).toHaveAttribute('type', 'password')
  await expect(plain.getByRole('button', { name: /Mostrar/ })).toHaveCount(0)
  await noScript.close()
})

test('after 30 minutes idle on a shared computer the sign-in page says why, once, and the quiz answers marked are still there after signing in again', async ({
  page,
  createUser,
}) => {
  const user = await createUser()
  await page.goto('/ingresar')
  await page.getByLabel('Usuario o correo electrónico').fill(user.username)
  await page.getByLabel('PIN o contraseña').fill(user.pin)
  await page.getByLabel(/computador compartido/).check()
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click()
  await expect(page.getByTestId('signed-in-name')).toBeVisible()

  const quizUrl = '/cursos/formalizacion-minera/evaluaciones/entender-la-formalizacion'
  await page.goto(quizUrl)
  await page.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  const [question] = await quizQuestions(page)
  await question.locator('input').first().check()

  // 31 minutes without a request.
  const { db } = await import('#app/db/client.server.ts')
  const { sessions } = await import('#app/db/schema.ts')
  const { eq, sql } = await import('drizzle-orm')
  db.update(sessions)
    .set({ lastSeenAt: sql`${sessions.lastSeenAt} - ${31 * 60_000}` })
    .where(eq(sessions.userId, user.id))
    .run()

  // The quiz page, now for a guest (it offers «Ingresar»); the sign-in page says why.
  await page.reload()
  await page.getByRole('banner').getByRole('link', { name: 'Ingresar' }).click()
  await expect(page).toHaveURL(/\/ingresar\?redirectTo=/)
  await expect(
    page.getByRole('status').filter({ hasText: 'Por seguridad cerramos su sesión después de 30 minutos sin uso en un computador compartido' }),
  ).toBeVisible()
  await page.reload()
  await expect(page.getByText('Por seguridad cerramos su sesión')).toHaveCount(0)

  await signIn(page, user.username, user.pin, { redirectTo: quizUrl })
  await expect(page.getByText('Recuperamos las respuestas que había marcado en este equipo.')).toBeVisible()
  const [again] = await quizQuestions(page)
  await expect(again.locator('input').first()).toBeChecked()
})
