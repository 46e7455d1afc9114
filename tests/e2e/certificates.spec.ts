import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { completeCourseExceptExam, expect, signIn, test, quizQuestions } from './fixtures.ts'

type Bank = { questions: { prompt: string; options: { text: string; correct?: boolean }[] }[] }
const exam: Bank = parse(readFileSync('content/courses/prevencion-trabajo-infantil/examen-final.yml', 'utf8'))

test('finish a course → certificate → PDF → verified by a guest → revoked by an admin; nobody else downloads it', async ({ page, browser, createUser }) => {
  const learner = await createUser()
  await completeCourseExceptExam(learner.id, 'prevencion-trabajo-infantil')
  await signIn(page, learner.username, learner.pin)

  await page.goto('/cursos/prevencion-trabajo-infantil')
  await expect(page.getByText('Le falta:')).toBeVisible()
  await page.goto('/cursos/prevencion-trabajo-infantil/evaluaciones/examen-final')
  await page.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  await expect(page.locator('fieldset.question').first()).toBeVisible()
  for (const fieldset of await quizQuestions(page)) {
    const legend = (await fieldset.locator('legend').innerText()).replace(/^Pregunta \d+\.\s*/, '')
    const question = exam.questions.find((q) => legend.startsWith(q.prompt))!
    for (const option of question.options.filter((o) => o.correct)) await fieldset.getByLabel(option.text, { exact: true }).check()
  }
  await page.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(page.getByText(/¡Aprobó!/)).toBeVisible()

  await page.getByRole('link', { name: 'Ver mi avance' }).click()
  await expect(page.getByText(/Usted tiene su constancia \(código/)).toBeVisible()
  await page.getByRole('link', { name: 'Ver mis constancias' }).click()
  await expect(page.getByRole('heading', { name: 'Prevención del trabajo infantil en la minería' })).toBeVisible()

  const pdfHref = await page.getByRole('link', { name: 'Descargar PDF' }).getAttribute('href')
  const pdf = await page.request.get(pdfHref!)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
  const shareUrl = (await page.locator('.share a').getAttribute('href'))!

  // Anyone with the code or the QR: no sign-in needed.
  const guest = await browser.newContext({ locale: 'es-CO' })
  const guestPage = await guest.newPage()
  await guestPage.goto(shareUrl)
  await expect(guestPage.getByRole('heading', { name: '✓ Constancia válida' })).toBeVisible()
  await expect(guestPage.getByText(learner.fullName)).toBeVisible()
  // Typed by hand in lower case without dashes, through the form.
  const code = shareUrl.split('/').pop()!
  await guestPage.goto('/verificar')
  await guestPage.getByLabel('Código de la constancia').fill(code.toLowerCase().replace(/-/g, ''))
  await guestPage.getByRole('button', { name: 'Verificar' }).click()
  await expect(guestPage.getByRole('heading', { name: '✓ Constancia válida' })).toBeVisible()
  // A guest cannot download the PDF.
  const guestPdf = await guestPage.request.get(pdfHref!, { maxRedirects: 0 })
  expect(guestPdf.status()).toBe(302)

  // Another learner gets 403 for the PDF.
  const other = await createUser()
  const otherContext = await browser.newContext({ locale: 'es-CO' })
  const otherPage = await otherContext.newPage()
  await signIn(otherPage, other.username, other.pin)
  expect((await otherPage.request.get(pdfHref!)).status()).toBe(403)

  // An admin revokes it with a reason; the public page then says revoked.
  const admin = await createUser('admin')
  const adminContext = await browser.newContext({ locale: 'es-CO' })
  const adminPage = await adminContext.newPage()
  await signIn(adminPage, admin.username, admin.pin)
  await adminPage.goto('/admin/certificados')
  const row = adminPage.getByRole('row').filter({ hasText: code })
  await row.getByText('Revocar', { exact: true }).click()
  await row.getByRole('button', { name: 'Revocar esta constancia' }).click()
  await expect(row.getByText('Escriba el motivo (entre 5 y 500 caracteres).')).toBeVisible()
  await row.getByLabel('Motivo de la revocación').fill('Emitido a la persona equivocada')
  await row.getByRole('button', { name: 'Revocar esta constancia' }).click()
  await expect(adminPage.getByRole('row').filter({ hasText: code })).toContainText('Revocada el')

  await guestPage.goto(shareUrl)
  await expect(guestPage.getByRole('heading', { name: '✗ Constancia revocada' })).toBeVisible()
  await expect(guestPage.getByText(/Esta constancia fue revocada el/)).toBeVisible()
  const unknown = await guestPage.goto('/verificar/0000-0000-0000')
  expect(unknown?.status()).toBe(404)
  await expect(guestPage.getByRole('heading', { name: 'No encontramos esa constancia' })).toBeVisible()
  await Promise.all([guest.close(), otherContext.close(), adminContext.close()])
})
