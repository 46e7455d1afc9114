import AxeBuilder from '@axe-core/playwright'
import type { Page, TestInfo } from '@playwright/test'
import { completeCourseExceptExam, expect, signIn, spendReadingTime, test, answerAll, readBank } from './fixtures.ts'

// Automated accessibility checks (axe-core, WCAG 2 A/AA rules) on every learner page and state,
// at phone and desktop width, plus a measure of touch targets on a phone.
// Manual checks still matter; this catches regressions in contrast, labels, landmarks and names.

const phone = { width: 390, height: 844 }
const desktop = { width: 1280, height: 900 }

const course = '/cursos/formalizacion-minera'
const lesson = `${course}/formal-informal-e-ilegal`
const quizUrl = `${course}/evaluaciones/entender-la-formalizacion`
const moduleQuiz = readBank('content/courses/formalizacion-minera/01-entender-la-formalizacion/quiz.yml')

async function axeViolations(page: Page) {
  // Every rule axe has (WCAG 2.x A/AA and its best practices), not only the WCAG-tagged ones.
  const results = await new AxeBuilder({ page }).analyze()
  const describe = (v: (typeof results.violations)[number]) =>
    `${v.impact} ${v.id}: ${v.nodes
      .map((n) => n.target.join(' '))
      .slice(0, 3)
      .join(' | ')}`
  return {
    serious: results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describe),
    other: results.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map(describe),
  }
}

async function seriousViolations(page: Page) {
  return (await axeViolations(page)).serious
}

type Check = (state: string) => Promise<void>

/** A one-time link to set a new PIN, created by a new administrator (as /admin/usuarios/:id/enlace does). */
async function resetLinkFor(userId: string) {
  const { registerAccount } = await import('#app/auth/accounts.server.ts')
  const { createHandoverLink, readHandoverResult } = await import('#app/auth/reset-links.server.ts')
  const admin = await registerAccount({
    fullName: 'Admin Accesible',
    municipality: 'segovia',
    gender: null,
    profile: 'other',
    role: 'admin',
    email: `admin.${Date.now()}.${Math.random().toString(36).slice(2)}@example.org`,
    password: 'clave-admin-2026',
  })
  if (!admin.ok) throw new Error('no admin')
  const created = createHandoverLink({ id: admin.userId, role: 'admin' }, userId)
  if (!created.ok) throw new Error(created.reason)
  const shown = readHandoverResult(created.result, { actorId: admin.userId, userId })
  if (shown.state !== 'show') throw new Error(shown.state)
  return new URL(shown.url).pathname
}

/**
 * Walks through every learner page and state, calling `check` on each: as a guest, then
 * signed in (a lesson before and after reading, a quiz from empty to failed and passed,
 * a certificate and its verification).
 */
async function walkLearnerStates(page: Page, createUser: () => Promise<{ id: string; username: string; pin: string }>, check: Check) {
  const visit = async (path: string, state = path) => {
    await page.goto(path)
    await check(state)
  }
  // Guest
  await visit('/', 'home (guest)')
  await visit('/cursos')
  await visit(course, 'course (guest)')
  await visit(lesson, 'lesson (guest)')
  // A glossary term is a native disclosure: a named button that the keyboard opens.
  const term = page.locator('details.term').first()
  await term.locator('summary').focus()
  await page.keyboard.press('Enter')
  await expect(term).toHaveAttribute('open', '')
  await expect(term.locator('.term-def')).toBeVisible()
  await check('lesson (guest, glossary term open)')
  await visit('/programas/certificacion-funcionarios', 'programme (guest)')
  await visit('/verificar')
  await visit('/verificar/0000-0000-0000', 'verify (unknown code)')
  await visit('/ingresar')
  await page.getByLabel('Usuario o correo electrónico').fill('nadie.conocido')
  await page.getByLabel('PIN o contraseña').fill('000000')
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check('/ingresar (wrong PIN)')
  await visit('/registro')
  // The server's field errors (the browser's own checks are skipped, as on old phones).
  await page.locator('main form').evaluate((form) => ((form as HTMLFormElement).noValidate = true))
  await page.getByRole('button', { name: 'Crear mi cuenta' }).click()
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible()
  await check('/registro (field errors)')
  await visit('/privacidad')
  await visit('/pagina-que-no-existe', '404')
  // Forgotten PIN or password: the page that says whom to ask, and a one-time link (issue 15).
  await visit('/recuperar')
  await visit(`/restablecer/${'x'.repeat(43)}`, 'reset link (unknown)')
  await visit(await resetLinkFor((await createUser()).id), 'reset link (form)')
  await page.locator('main form').evaluate((form) => ((form as HTMLFormElement).noValidate = true))
  await page.getByRole('button', { name: 'Guardar mi PIN nuevo' }).click()
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible()
  await check('reset link (field errors)')

  // Signed in
  const user = await createUser()
  await signIn(page, user.username, user.pin)
  await visit('/', 'home (signed in)')
  await visit(course, 'course (signed in)')
  await visit(lesson, 'lesson (signed in, unread)')
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByRole('alert')).toContainText('Todavía no')
  await check('lesson (marked read too soon)')
  await spendReadingTime(user.username)
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByText('Lección leída. Su avance está guardado.')).toBeVisible()
  await check('lesson (read)')
  await visit(quizUrl, 'quiz (before starting)')
  await page.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  await expect(page.locator('fieldset.question').first()).toBeVisible()
  await check('quiz (empty form)')
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(page.getByRole('alert')).toContainText('Falta responder')
  await check('quiz (unanswered questions)')
  await answerAll(page, moduleQuiz, false)
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(page.getByText('Todavía no aprueba.', { exact: false })).toBeVisible()
  await check('quiz result (failed)')
  await page.getByRole('link', { name: 'Intentar de nuevo' }).click()
  await page.getByRole('button', { name: 'Presentar de nuevo' }).click()
  await answerAll(page, moduleQuiz, true)
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(page.getByText('¡Aprobó! Necesitaba 70 %.')).toBeVisible()
  await check('quiz result (passed)')
  await visit('/programas/certificacion-funcionarios', 'programme (signed in)')
  await visit('/mis-certificados', 'my certificates (none)')
  await visit('/mi-cuenta')

  // A learner with a certificate: my certificates, and its verification page.
  const graduate = await createUser()
  await completeCourseExceptExam(graduate.id, 'prevencion-trabajo-infantil')
  const { getCourseBySlug, getQuiz } = await import('#app/content/content.server.ts')
  const { takeQuiz } = await import('#tests/learning-helpers.ts')
  const exam = takeQuiz(graduate.id, getQuiz(getCourseBySlug('prevencion-trabajo-infantil')!.examId!)!)
  if (!exam.ok || exam.certificates.length === 0) throw new Error('no certificate issued')
  await page.context().clearCookies()
  await signIn(page, graduate.username, graduate.pin)
  await visit('/mis-certificados', 'my certificates (one)')
  await visit(`/verificar/${exam.certificates[0].code}`, 'verify (valid code)')
}

for (const [label, viewport] of [
  ['phone', phone],
  ['desktop', desktop],
] as const) {
  test(`every learner page and state has no serious or critical axe violation (${label})`, async ({ browser, createUser }, testInfo) => {
    test.setTimeout(180_000)
    const context = await browser.newContext({ viewport, locale: 'es-CO' })
    const page = await context.newPage()
    const serious: string[] = []
    const moderate: string[] = []
    let states = 0
    await walkLearnerStates(page, createUser, async (state) => {
      states += 1
      const found = await axeViolations(page)
      serious.push(...found.serious.map((v) => `${state}: ${v}`))
      moderate.push(...found.other.map((v) => `${state}: ${v}`))
    })
    report(testInfo, `${label}: ${states} states, ${serious.length} serious/critical, ${moderate.length} moderate/minor`, moderate)
    expect(serious).toEqual([])
    await context.close()
  })
}

function report(testInfo: TestInfo, summary: string, lines: string[]) {
  console.log([summary, ...lines.map((l) => `  ${l}`)].join('\n'))
  testInfo.annotations.push({ type: 'axe', description: [summary, ...lines].join('\n') })
}

/**
 * What a finger must hit on a phone: 44×44 CSS px (WCAG 2.5.5, AAA). The one exception is the
 * "inline" one of WCAG 2.5.5 and 2.5.8: a target inside a sentence of lesson or course text
 * (a link in the prose, a glossary term), whose size is set by the line of text around it.
 * Those are listed, and must be in the prose: anywhere else a link is a 44 px box.
 */
async function measureTargets(page: Page) {
  return page.evaluate(() => {
    const selector = [
      'a.button',
      'button',
      'input[type=submit]',
      'summary',
      'label:has(input[type=radio])',
      'label:has(input[type=checkbox])',
      '.site-header a',
      '.site-footer a',
      'main a',
    ].join(', ')
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim()
    /** Inside a sentence: laid out as text, in a block that holds more text than the target's own. */
    const inSentence = (el: Element) => {
      if (getComputedStyle(el).display !== 'inline') return false
      let block = el.parentElement
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement
      return text(block).length > text(el).length
    }
    const small: string[] = []
    const inline: string[] = []
    for (const el of Array.from(document.querySelectorAll(selector))) {
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue
      // The skip link waits off screen until it is focused (measured on its own).
      if (box.right <= 0) continue
      const name = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''} "${text(el).slice(0, 40)}"`
      if (inSentence(el)) {
        const allowed = el.matches('.prose a, details.term > summary')
        ;(allowed ? inline : small).push(`${name} (in a sentence${allowed ? '' : ' outside the lesson text'})`)
        continue
      }
      // A link that wraps is several boxes: each line must be tall enough.
      const lines = Array.from(el.getClientRects())
      const height = Math.min(...lines.map((r) => r.height))
      if (box.width < 44 || height < 44) small.push(`${name} ${Math.round(box.width)}×${Math.round(height)}`)
    }
    return { small, inline }
  })
}

test('every control on learner pages is a touch target of at least 44×44 px on a phone', async ({ browser, createUser }, testInfo) => {
  test.setTimeout(120_000)
  const context = await browser.newContext({ viewport: phone, locale: 'es-CO' })
  const page = await context.newPage()
  const small: string[] = []
  const inline = new Set<string>()
  await walkLearnerStates(page, createUser, async (state) => {
    const found = await measureTargets(page)
    small.push(...found.small.map((p) => `${state}: ${p}`))
    for (const target of found.inline) inline.add(target)
    // The skip link, once focused, is a target too.
    const skip = page.locator('.skip-link')
    await skip.focus()
    const box = await skip.boundingBox()
    if (!box || box.width < 44 || box.height < 44) small.push(`${state}: skip link ${box?.width}×${box?.height}`)
    await skip.blur()
  })
  report(testInfo, `inline exceptions (WCAG 2.5.5/2.5.8, target in a sentence): ${inline.size}`, [...inline])
  expect(small).toEqual([])
  await context.close()
})

test('a quiz form and a trainer cohort page have no serious accessibility violations', async ({ page, createUser }) => {
  const trainer = await createUser('trainer')
  await signIn(page, trainer.username, trainer.pin)
  await page.goto('/cursos/prevencion-trabajo-infantil/evaluaciones/que-es-trabajo-infantil')
  await page.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  await expect(page.locator('fieldset.question').first()).toBeVisible()
  expect(await seriousViolations(page), 'quiz form').toEqual([])
  await page.goto('/formacion/grupos/nuevo')
  await page.getByLabel('Nombre del grupo').fill('Grupo accesible')
  await page.getByLabel('Municipio').selectOption('paipa')
  await page.getByLabel('Fecha de inicio').fill('2026-11-01')
  await page.getByLabel('Fecha de cierre').fill('2026-12-01')
  await page.getByRole('button', { name: 'Crear el grupo' }).click()
  await expect(page.getByRole('heading', { name: 'Participantes', level: 1 })).toBeVisible()
  expect(await seriousViolations(page), 'participants').toEqual([])
  await page.getByLabel('Pegue aquí la lista').fill('Ana Lucía Muñoz;Tópaga;mujer\nJo;Bogotá;')
  await page.getByRole('button', { name: 'Revisar la lista' }).click()
  await expect(page.getByRole('heading', { name: 'Revise la lista antes de crear las cuentas' })).toBeVisible()
  expect(await seriousViolations(page), 'CSV import preview').toEqual([])
  await page.goto(page.url().replace('/participantes', ''))
  expect(await seriousViolations(page), 'cohort view').toEqual([])
})
