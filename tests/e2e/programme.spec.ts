import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page, TestInfo } from '@playwright/test'
import { parse } from 'yaml'
import { completeCourseExceptExam, expect, quizQuestions, signIn, test } from './fixtures.ts'

// The officials' programme page (states, «Empezar/Continuar», the exam that waits) and the
// moment of success: the attempt that completes a course says so at the top, with the code and the PDF.

const programmeUrl = '/programas/certificacion-funcionarios'
type Bank = { questions: { prompt: string; options: { text: string; correct?: boolean }[] }[] }

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const dir = process.env.SCREENSHOT_DIR
  for (const [label, size] of [
    ['360', { width: 360, height: 780 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    await page.setViewportSize(size)
    await page.screenshot({ path: dir ? join(dir, `${name}-${label}.png`) : testInfo.outputPath(`${name}-${label}.png`), fullPage: true })
  }
}

/** Reads lessons and passes module quizzes straight in the database, through the app's own events. */
async function seed(userId: string, { lessons = [] as [string, number][], quizzes = [] as string[] }) {
  const { getCourseBySlug, getQuiz } = await import('#app/content/content.server.ts')
  const { readLesson, takeQuiz } = await import('#tests/learning-helpers.ts')
  for (const [courseSlug, count] of lessons) for (const lesson of getCourseBySlug(courseSlug)!.lessons.slice(0, count)) readLesson(userId, lesson)
  for (const quizId of quizzes) {
    const result = takeQuiz(userId, getQuiz(quizId)!)
    if (!result.ok || !result.attempt.passed) throw new Error(`${quizId} not passed`)
  }
}

/** Everything the programme requires, and its exam: the programme's constancia is issued. */
async function completeProgramme(userId: string) {
  const { getContent, getQuiz } = await import('#app/content/content.server.ts')
  const { programmeModules } = await import('#app/learning/requirements.ts')
  const { readLesson, takeQuiz } = await import('#tests/learning-helpers.ts')
  const { courses, programmes } = getContent()
  const programme = programmes.find((p) => p.slug === 'certificacion-funcionarios')!
  for (const { course, module } of programmeModules(programme, courses)) {
    for (const id of module.lessonIds) readLesson(userId, course.lessons.find((l) => l.id === id)!)
    takeQuiz(userId, getQuiz(module.quizId!)!)
  }
  const exam = takeQuiz(userId, getQuiz(programme.examId!)!)
  if (!exam.ok || !exam.certificates.length) throw new Error('programme not completed')
  return exam.certificates[0].code
}

async function revoke(code: string, adminId: string) {
  const { revokeCertificate } = await import('#app/certificates/certificates.server.ts')
  const result = revokeCertificate(code, { adminId, reason: 'Emitida a la persona equivocada' })
  if (!result.ok) throw new Error(result.reason)
}

test('half-way through the programme: states per module, «Continuar» to the next lesson, the exam says what is missing', async ({
  page,
  createUser,
}, testInfo) => {
  const learner = await createUser()
  // Two of the three lessons of the first module (Formalización, module 1).
  await seed(learner.id, { lessons: [['formalizacion-minera', 2]] })
  await signIn(page, learner.username, learner.pin)
  await page.goto(programmeUrl)

  const first = page.locator('.programme-module').first()
  await expect(first.getByText('En curso')).toBeVisible()
  await expect(first.getByText('2 de 3 lecciones leídas')).toBeVisible()
  await expect(first.locator('.lesson-list li.done')).toHaveCount(2)
  await expect(page.locator('.programme-module').nth(1).getByText('Sin empezar')).toBeVisible()
  await expect(
    page
      .locator('.programme-module')
      .nth(1)
      .getByRole('link', { name: /^Empezar/ }),
  ).toBeVisible()

  const exam = page.getByRole('region', { name: /examen final/i })
  await expect(exam.getByText('El examen final espera a que termine los módulos.')).toBeVisible()
  await expect(exam.getByText('Le falta:')).toBeVisible()
  await expect(exam.getByRole('listitem').first()).toContainText('1 lección por leer y aprobar la evaluación del módulo')
  await expect(exam.getByRole('listitem')).toHaveCount(8)
  await expect(exam.getByRole('link', { name: 'Presentar el examen final' })).toHaveCount(0)
  await expect(page.getByText('Usted ya obtuvo')).toHaveCount(0)

  await shoot(page, testInfo, 'programme-half-way')

  // «Continuar» (top of the page) opens the third lesson of the first module.
  await page.setViewportSize({ width: 1280, height: 900 })
  await page
    .locator('.course-status')
    .getByRole('link', { name: /^Continuar:/ })
    .click()
  await expect(page.getByText('Lección 3 de 13')).toBeVisible()
})

test('modules done and exam passed: every module done with its score; then revoked: shown as revoked everywhere, never as earned', async ({
  page,
  createUser,
}) => {
  const learner = await createUser()
  const code = await completeProgramme(learner.id)
  await signIn(page, learner.username, learner.pin)
  await page.goto(programmeUrl)
  await expect(page.locator('.programme-module .state-badge.state-done')).toHaveCount(8)
  await expect(page.locator('.programme-module').first().getByText('Aprobada con 100 %')).toBeVisible()
  await expect(page.getByText('Examen aprobado con 100 %')).toBeVisible()
  await expect(page.getByText('Terminó todo lo que pide el programa.')).toBeVisible()
  await expect(page.getByText(/Usted tiene su constancia \(código/)).toBeVisible()

  const admin = await createUser('admin')
  await revoke(code, admin.id)
  await page.reload()
  await expect(page.getByText(/Su constancia .* fue revocada el \d+ de \w+ de \d{4}\. Ya no es válida\./)).toBeVisible()
  await expect(page.getByText(/Usted tiene su constancia|Usted ya obtuvo/)).toHaveCount(0)

  // The exam's result page: the attempt that issued it now shows it revoked, with the date.
  await page.goto(`${programmeUrl}/evaluaciones/examen-final`)
  await page.locator('.attempt-list a').first().click()
  await expect(page.getByText(/fue revocada el \d+ de \w+ de \d{4}/)).toBeVisible()
  await expect(page.getByRole('heading', { name: /Obtuvo su constancia/ })).toHaveCount(0)

  await page.goto('/mis-certificados')
  await expect(page.getByText(/Revocada el \d+ de \w+ de \d{4}/)).toBeVisible()
})

test('the last exam of a course: the result page opens with «Obtuvo su constancia», its code and the PDF; revoked later, it says so', async ({
  page,
  createUser,
}, testInfo) => {
  const exam: Bank = parse(readFileSync('content/courses/prevencion-trabajo-infantil/examen-final.yml', 'utf8'))
  const learner = await createUser()
  await completeCourseExceptExam(learner.id, 'prevencion-trabajo-infantil')
  await signIn(page, learner.username, learner.pin)
  await page.goto('/cursos/prevencion-trabajo-infantil/evaluaciones/examen-final')
  await page.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  for (const fieldset of await quizQuestions(page)) {
    const legend = (await fieldset.locator('legend').innerText()).replace(/^Pregunta \d+\.\s*/, '')
    const question = exam.questions.find((q) => legend.startsWith(q.prompt))!
    for (const option of question.options.filter((o) => o.correct)) await fieldset.getByLabel(option.text, { exact: true }).check()
  }
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()

  const notice = page.getByRole('status').filter({ has: page.getByRole('heading', { name: '¡Obtuvo su constancia!' }) })
  await expect(notice).toBeVisible()
  await expect(notice).toBeFocused()
  await expect(notice.getByText('Constancia de participación: Prevención del trabajo infantil en la minería')).toBeVisible()
  // At the top: above the score.
  const noticeBox = (await notice.boundingBox())!
  const scoreBox = (await page.locator('.result-box').boundingBox())!
  expect(noticeBox.y).toBeLessThan(scoreBox.y)
  const code = (await notice.locator('code').innerText()).trim()
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  await expect(notice.getByRole('link', { name: 'Descargar la constancia (PDF)' })).toHaveAttribute('href', `/certificados/${code}.pdf`)
  await expect(notice.getByRole('link', { name: 'Página de verificación' })).toHaveAttribute('href', `/verificar/${code}`)
  const pdf = await page.request.get(`/certificados/${code}.pdf`)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  await shoot(page, testInfo, 'success-notice')

  // The course page says the constancia is held; another learner opening this result gets a 403.
  await page.goto('/cursos/prevencion-trabajo-infantil')
  await expect(page.getByText(`Usted tiene su constancia (código ${code}).`)).toBeVisible()

  const admin = await createUser('admin')
  await revoke(code.replace(/-/g, ''), admin.id)
  await page.reload()
  await expect(page.getByText(`Usted tiene su constancia`)).toHaveCount(0)
  await expect(page.getByText(new RegExp(`Su constancia ${code} .* fue revocada el`))).toBeVisible()
  await page.goto('/cursos/prevencion-trabajo-infantil/evaluaciones/examen-final')
  await page.locator('.attempt-list a').first().click()
  await expect(page.getByRole('heading', { name: '¡Obtuvo su constancia!' })).toHaveCount(0)
  await expect(page.getByText(new RegExp(`Su constancia ${code} .* fue revocada el \\d+ de \\w+ de \\d{4}`))).toBeVisible()
})
