import { completeCourseExceptExam, expect, signIn, test, quizQuestions, answerAll, readBank } from './fixtures.ts'

const moduleQuiz = readBank('content/courses/formalizacion-minera/01-entender-la-formalizacion/quiz.yml')
const quizUrl = '/cursos/formalizacion-minera/evaluaciones/entender-la-formalizacion'
const examUrl = '/cursos/formalizacion-minera/evaluaciones/examen-final'

test('take a module quiz, fail, read the feedback, retake, pass, and see the course progress change', async ({ page, createUser }) => {
  const user = await createUser()
  await signIn(page, user.username, user.pin)
  await page.goto('/cursos/formalizacion-minera')
  await expect(page.getByText(/0 de 5 evaluaciones aprobadas/)).toBeVisible()

  await page.goto(quizUrl)
  await page.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  // Before submitting, the page holds no answer key and no feedback.
  const html = await page.content()
  for (const q of moduleQuiz.questions) for (const o of q.options) if (o.feedback) expect(html).not.toContain(o.feedback)
  // Option values are opaque per-attempt tokens: nothing tells the key (authoring ids a, b, c… never appear).
  await expect(page.locator('fieldset.question').first()).toBeVisible()
  const values = await page.locator('fieldset.question input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
  expect(values.length).toBeGreaterThan(0)
  for (const v of values) expect(v).toMatch(/^[A-Za-z0-9_-]{12}$/)
  const withQuestions = await page.content()
  expect(withQuestions).not.toMatch(/\\?"correct\\?"|feedback|explanation/)

  await answerAll(page, moduleQuiz, false)
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(page.getByText(/^0 %: 0 de \d+ respuestas correctas\.$/)).toBeVisible()
  await expect(page.getByText('Todavía no aprueba. Necesita 70 %.', { exact: false })).toBeVisible()
  // Feedback that teaches, the right answer, and the way back to the lesson.
  const firstWrong = page.locator('ol.review > li').first()
  await expect(firstWrong.getByText('Respuesta correcta:').first()).toBeVisible()
  await expect(firstWrong.getByText('Su respuesta:')).toBeVisible()
  await expect(firstWrong.getByText('Por qué:')).toBeVisible()
  await expect(firstWrong.getByRole('link', { name: /Repasar la lección/ })).toBeVisible()

  await page.getByRole('link', { name: 'Intentar de nuevo' }).click()
  await page.getByRole('button', { name: 'Presentar de nuevo' }).click()
  await answerAll(page, moduleQuiz, true)
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(page.getByText(/^100 %/)).toBeVisible()
  await expect(page.getByText('¡Aprobó! Necesitaba 70 %.')).toBeVisible()

  await page.getByRole('link', { name: 'Ver mi avance' }).click()
  await expect(page.getByText(/1 de 5 evaluaciones aprobadas/)).toBeVisible()
  await expect(page.getByText(/Aprobada ✓ \(mejor resultado 100 %\)/)).toBeVisible()
})

test('the final exam opens only when the modules are done, and refuses a 4th attempt in a day with a Spanish message', async ({ page, createUser }) => {
  const user = await createUser()
  await signIn(page, user.username, user.pin)
  // Nothing done yet: the exam says what is missing instead of wasting an attempt.
  await page.goto(examUrl)
  await expect(page.getByText('Todavía no puede presentar este examen.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Comenzar la evaluación' })).toHaveCount(0)
  await expect(page.getByRole('link', { name: 'Minería formal, informal e ilegal' })).toBeVisible()
  await completeCourseExceptExam(user.id, 'formalizacion-minera')
  for (let i = 0; i < 3; i++) {
    await page.goto(examUrl)
    await page.getByRole('button', { name: /Comenzar la evaluación|Presentar de nuevo/ }).click()
    await expect(page.getByText(/Entregue antes de:/)).toBeVisible()
    for (const fieldset of await quizQuestions(page)) await fieldset.locator('input').first().check()
    await page.getByRole('button', { name: 'Entregar respuestas' }).click()
    await expect(page.getByRole('heading', { name: 'Su resultado' })).toBeVisible()
  }
  await page.goto(examUrl)
  await expect(page.getByRole('alert')).toContainText('Ya usó todos sus intentos por ahora. El próximo intento se abre el')
  await expect(page.getByRole('button', { name: /Presentar de nuevo/ })).toHaveCount(0)
})

test('the whole quiz works with JavaScript disabled, and unanswered questions are pointed out', async ({ browser, createUser }) => {
  const user = await createUser()
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-CO' })
  const page = await context.newPage()
  await signIn(page, user.username, user.pin)
  await page.goto(quizUrl)
  await page.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(page.getByRole('alert')).toHaveText('Falta responder algunas preguntas. Revise las marcadas abajo.')
  await expect(page.getByText('Elija una respuesta.').first()).toBeVisible()
  await answerAll(page, moduleQuiz, true)
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(page.getByText('¡Aprobó! Necesitaba 70 %.')).toBeVisible()
  await context.close()
})
