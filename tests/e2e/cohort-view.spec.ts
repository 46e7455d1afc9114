import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { Browser, Page } from '@playwright/test'
import { completeCourseExceptExam, expect, signIn, test } from './fixtures.ts'

// The cohort view at a glance: who needs help first on a 360 px phone, a page per learner,
// «Nuevo PIN» through a confirmation page (with and without JavaScript), and a printable
// summary that is one A4 page naming the people who need help.

const SHOTS = 'tests/.tmp/shots'
// Each test seeds a cohort of 18 accounts (hashed PINs) before it starts.
test.describe.configure({ timeout: 90_000 })
const DAY = 86_400_000

type Seeded = {
  cohortId: string
  trainer: { username: string; pin: string }
  stuckIdle: string
  stuckQuiz: string
  ready: string
  pinHolder: { id: string; fullName: string }
}

/** A cohort on the four courses with people in every state, written straight to the server's database. */
async function seedCohort(createUser: (role?: 'learner' | 'trainer' | 'admin') => Promise<{ id: string; fullName: string; username: string; pin: string }>) {
  const { createCohort } = await import('#app/cohorts/cohorts.server.ts')
  const { listCourses, getQuiz } = await import('#app/content/content.server.ts')
  const { enrolByCode, readLesson, takeQuiz, wrongAnswers } = await import('#tests/learning-helpers.ts')
  const { registerAccount } = await import('#app/auth/accounts.server.ts')
  const { db } = await import('#app/db/client.server.ts')
  const { lessonProgress } = await import('#app/db/schema.ts')
  const { eq } = await import('drizzle-orm')
  const trainer = await createUser('trainer')
  const courses = listCourses()
  const cohort = createCohort(
    { name: `Taller Segovia ${Date.now()}`, municipality: 'segovia', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: courses.map((c) => c.id) },
    trainer.id,
  )
  const stamp = Date.now().toString(36)
  const learner = async (fullName: string) => {
    const username = `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}.${stamp}`
    const r = await registerAccount({ fullName, username, pin: '482915', municipality: 'segovia', gender: null, profile: 'miner', role: 'learner' })
    if (!r.ok) throw new Error(JSON.stringify(r))
    await enrolByCode(cohort.id, r.userId)
    return { id: r.userId, fullName, username }
  }
  const course = courses[0]
  const stuckQuiz = await learner('Ana Lucía Muñoz')
  for (const lesson of course.modules[0].lessonIds.map((id) => course.lessons.find((l) => l.id === id)!)) readLesson(stuckQuiz.id, lesson)
  const quiz = getQuiz(course.modules[0].quizId!)!
  takeQuiz(stuckQuiz.id, quiz, wrongAnswers)
  takeQuiz(stuckQuiz.id, quiz, wrongAnswers)
  const stuckIdle = await learner('Carlos Restrepo Zapata')
  readLesson(stuckIdle.id, course.lessons[0], new Date(Date.now() - 21 * DAY))
  db.update(lessonProgress)
    .set({ firstOpenedAt: new Date(Date.now() - 21 * DAY) })
    .where(eq(lessonProgress.userId, stuckIdle.id))
    .run()
  const ready = await learner('Beatriz Ochoa Ríos')
  await completeCourseExceptExam(ready.id, course.slug)
  for (const name of ['Diana Pérez', 'Edwin Garzón', 'Fabiola Cuesta', 'Gustavo Mena', 'Hernán Tuberquia', 'Inés Mosquera']) {
    const l = await learner(name)
    readLesson(l.id, course.lessons[0])
  }
  for (const name of ['Jaime Vélez', 'Karen Londoño', 'Luis Ángel Mora', 'Marta Higuita', 'Nelson Arango', 'Olga Zuluaga', 'Pedro Cano']) await learner(name)
  const pinHolder = await learner('Rosa Elena Gómez')
  return { cohortId: cohort.id, trainer, stuckIdle: stuckIdle.fullName, stuckQuiz: stuckQuiz.fullName, ready: ready.fullName, pinHolder } satisfies Seeded
}

async function phonePage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ locale: 'es-CO', viewport: { width: 360, height: 640 }, ...options })
  return { context, page: await context.newPage() }
}

async function resetPinThroughConfirmation(page: Page, s: Seeded) {
  await page.goto(`/formacion/grupos/${s.cohortId}/participantes/${s.pinHolder.id}`)
  await page.getByRole('link', { name: 'Nuevo PIN' }).click()
  await expect(page.getByRole('heading', { name: `¿Generar un PIN nuevo para ${s.pinHolder.fullName}?` })).toBeVisible()
  await expect(page.getByText('Su PIN actual dejará de servir.')).toBeVisible()
  // Cancelar goes back and changes nothing.
  await page.getByRole('link', { name: 'Cancelar' }).click()
  await expect(page.getByRole('heading', { name: s.pinHolder.fullName, level: 1 })).toBeVisible()
  await page.getByRole('link', { name: 'Nuevo PIN' }).click()
  await page.getByRole('button', { name: 'Confirmar' }).click()
  const card = page.locator('.login-card').filter({ hasText: s.pinHolder.fullName })
  await expect(card).toBeVisible()
  const pin = (await card.locator('dd').nth(1).innerText()).trim()
  expect(pin).toMatch(/^\d{6}$/)
  // POST → redirect → GET: a reload shows the same card and resets nothing.
  await page.reload()
  await expect(page.locator('.login-card').filter({ hasText: pin })).toBeVisible()
  return pin
}

test('a trainer on a 360 px phone sees who is stuck and why before scrolling, opens a learner and resets a PIN through the confirmation page', async ({
  browser,
  createUser,
}) => {
  mkdirSync(SHOTS, { recursive: true })
  const s = await seedCohort(createUser)
  const { context, page } = await phonePage(browser)
  await signIn(page, s.trainer.username, s.trainer.pin)
  await page.goto(`/formacion/grupos/${s.cohortId}`)

  const stuck = page.locator('.help-list.stuck')
  await expect(stuck.getByRole('heading', { name: 'Detenidos (2)' })).toBeVisible()
  await expect(stuck.getByRole('listitem').filter({ hasText: s.stuckQuiz })).toContainText(/perdió 2 veces «.+»/)
  await expect(stuck.getByRole('listitem').filter({ hasText: s.stuckIdle })).toContainText('21 días sin actividad')
  // Above the fold: both stuck people with their reasons, before any scrolling.
  expect(await page.evaluate(() => window.scrollY)).toBe(0)
  for (const name of [s.stuckQuiz, s.stuckIdle]) {
    const box = (await stuck.getByRole('listitem').filter({ hasText: name }).boundingBox())!
    expect(box.y + box.height, `${name} is above the fold`).toBeLessThanOrEqual(640)
  }
  const ready = page.locator('.help-list.ready')
  await expect(ready).toContainText(s.ready)
  await expect(page.locator('.help-list.not-seen').getByRole('heading', { name: 'Sin empezar (8)' })).toBeVisible()

  // Chart text is readable on a phone.
  const sizes = await page.locator('.chart-label, .chart-value').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)))
  expect(sizes.length).toBeGreaterThan(0)
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12)
  // The matrix: grouped headers, the first column stays put while it scrolls sideways.
  await expect(page.locator('.matrix thead tr').nth(1)).toContainText('M1 ·')
  const lessonHeads = page.locator('.matrix thead tr').nth(2).locator('th [aria-hidden="true"]')
  await expect(lessonHeads.nth(0)).toHaveText('L1')
  await expect(lessonHeads.nth(1)).toHaveText('L2')
  await page.screenshot({ path: `${SHOTS}/cohort-phone.png`, fullPage: true })
  await page.screenshot({ path: `${SHOTS}/cohort-phone-fold.png` })
  const wrap = page.locator('.matrix-wrap')
  await wrap.evaluate((el) => (el.scrollLeft = 600))
  const nameCell = page.locator('.matrix tbody th').first()
  const wrapBox = (await wrap.boundingBox())!
  expect(Math.abs((await nameCell.boundingBox())!.x - wrapBox.x)).toBeLessThan(2)

  // The name opens the learner page.
  await stuck.getByRole('link', { name: s.stuckQuiz }).click()
  await expect(page.getByRole('heading', { name: s.stuckQuiz, level: 1 })).toBeVisible()
  await expect(page.getByText(/Necesita ayuda:.*perdió 2 veces/)).toBeVisible()
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(3)
  await page.screenshot({ path: `${SHOTS}/learner-phone.png`, fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.screenshot({ path: `${SHOTS}/learner-desktop.png`, fullPage: true })
  await page.goto(`/formacion/grupos/${s.cohortId}`)
  await page.screenshot({ path: `${SHOTS}/cohort-desktop.png`, fullPage: true })
  await page.setViewportSize({ width: 360, height: 640 })

  await resetPinThroughConfirmation(page, s)
  await context.close()
})

test('without JavaScript: «Nuevo PIN» and «Quitar del grupo» go through their confirmation page', async ({ browser, createUser }) => {
  const s = await seedCohort(createUser)
  const { context, page } = await phonePage(browser, { javaScriptEnabled: false })
  await signIn(page, s.trainer.username, s.trainer.pin)
  const pin = await resetPinThroughConfirmation(page, s)
  await page.goto(`/formacion/grupos/${s.cohortId}/participantes/${s.pinHolder.id}?confirmar=nuevo-pin`)
  await page.screenshot({ path: `${SHOTS}/confirm-nojs-phone.png`, fullPage: true })

  // The new PIN works for the learner.
  const learner = await browser.newContext({ locale: 'es-CO', javaScriptEnabled: false })
  const learnerPage = await learner.newPage()
  const { db } = await import('#app/db/client.server.ts')
  const { users } = await import('#app/db/schema.ts')
  const { eq } = await import('drizzle-orm')
  const username = db.select({ u: users.username }).from(users).where(eq(users.id, s.pinHolder.id)).get()!.u!
  await signIn(learnerPage, username, pin)
  await expect(learnerPage.getByTestId('signed-in-name')).toContainText(s.pinHolder.fullName)
  await learner.close()

  // «Quitar del grupo» from the participants list: asks, then removes.
  await page.goto(`/formacion/grupos/${s.cohortId}/participantes`)
  await page.getByRole('row').filter({ hasText: s.pinHolder.fullName }).getByRole('link', { name: 'Quitar del grupo' }).click()
  await expect(page.getByRole('heading', { name: `¿Quitar a ${s.pinHolder.fullName} del grupo?` })).toBeVisible()
  await page.getByRole('button', { name: 'Confirmar' }).click()
  await expect(page.getByRole('heading', { name: 'Participantes', level: 1 })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: s.pinHolder.fullName })).toHaveCount(0)
  await context.close()
})

test('the printable summary is one A4 page and names the people who need help', async ({ page, createUser }) => {
  const s = await seedCohort(createUser)
  await signIn(page, s.trainer.username, s.trainer.pin)
  await page.goto(`/formacion/grupos/${s.cohortId}/resumen`)
  await page.emulateMedia({ media: 'print' })
  mkdirSync(SHOTS, { recursive: true })
  const file = `${SHOTS}/resumen.pdf`
  writeFileSync(file, await page.pdf({ format: 'A4' }))
  expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/^Pages:\s+1$/m)
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
  for (const name of [s.stuckQuiz, s.stuckIdle, s.ready]) expect(text).toContain(name)
  expect(text).toContain('21 días sin actividad')
  execFileSync('pdftoppm', ['-png', '-r', '60', file, `${SHOTS}/resumen`])
})
