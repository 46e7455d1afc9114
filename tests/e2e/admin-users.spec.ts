import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { completeCourseExceptExam, expect, signIn, test } from './fixtures.ts'

// The administrator finds a person, corrects their name (the constancia is reissued with a new
// code, the old code's page leads to it), then deactivates the account: the person's open
// session ends and signing in says the account is inactive.

/** axe's serious and critical findings on the page (every rule, as tests/e2e/accessibility.spec.ts runs it). */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`)
}

async function earnCourseCertificate(userId: string, courseSlug: string) {
  await completeCourseExceptExam(userId, courseSlug)
  const { getCourseBySlug, getQuiz } = await import('#app/content/content.server.ts')
  const { takeQuiz } = await import('#tests/learning-helpers.ts')
  const exam = takeQuiz(userId, getQuiz(getCourseBySlug(courseSlug)!.examId!)!)
  if (!exam.ok || !exam.attempt.passed) throw new Error('exam not passed')
  const { listCertificatesOf } = await import('#app/certificates/certificates.server.ts')
  const { formatCode } = await import('#app/certificates/code.ts')
  return formatCode(listCertificatesOf(userId)[0].code)
}

test('an admin searches, opens a person, corrects the name with a reason (new certificate code), then deactivates them', async ({
  page,
  browser,
  createUser,
}) => {
  // a long journey with three accessibility scans: more time than one page needs
  test.slow()
  const admin = await createUser('admin')
  const learner = await createUser('learner')
  const oldCode = await earnCourseCertificate(learner.id, 'prevencion-trabajo-infantil')
  const newName = `Yésica Ñáñez Prueba ${Date.now().toString(36)}`

  // The learner is signed in elsewhere (their own phone).
  const learnerContext = await browser.newContext({ locale: 'es-CO' })
  const learnerPage = await learnerContext.newPage()
  await signIn(learnerPage, learner.username, learner.pin)
  await expect(learnerPage.getByTestId('signed-in-name')).toContainText(learner.fullName)

  await signIn(page, admin.username, admin.pin)
  await page.goto('/admin')
  await page.getByRole('link', { name: 'Usuarios', exact: true }).click()
  await page.getByLabel('Nombre, usuario o correo').fill(learner.username.toUpperCase())
  await page.getByRole('button', { name: 'Buscar' }).click()
  await expect(page.getByRole('heading', { name: '1 persona' })).toBeVisible()
  expect(await seriousViolations(page), 'user list').toEqual([])
  await page.getByRole('link', { name: learner.fullName }).click()
  await expect(page.getByRole('heading', { level: 1, name: learner.fullName })).toBeVisible()
  await expect(page.getByRole('link', { name: oldCode })).toBeVisible()
  expect(await seriousViolations(page), 'user page').toEqual([])

  // Correct the name: the reason is required.
  await page.getByLabel('Nombre completo correcto').fill(newName)
  await page.getByRole('button', { name: 'Corregir el nombre' }).click()
  await expect(page.getByText('Escriba el motivo (entre 5 y 500 caracteres).')).toBeVisible()
  await page.getByLabel('Motivo de la corrección').fill('Tildes y eñes perdidas en la lista del taller')
  await page.getByRole('button', { name: 'Corregir el nombre' }).click()
  await expect(page.getByRole('status')).toHaveText('Nombre corregido. Las constancias vigentes tienen ahora un código nuevo.')
  await expect(page.getByRole('heading', { level: 1, name: newName })).toBeVisible()
  const history = page.locator('.certificate-history li')
  await expect(history).toHaveCount(2)
  const replaced = history.filter({ hasText: oldCode })
  await expect(replaced).toContainText('Reemplazada el')
  const newCode = (await replaced.innerText()).match(/por ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/)![1]
  expect(newCode).not.toBe(oldCode)
  const current = history.filter({ hasText: 'Vigente' })
  await expect(current).toContainText(newCode)
  await expect(current).toContainText(newName)

  // The search finds the new name without accents or capitals.
  await page.goto(`/admin/usuarios?q=${encodeURIComponent('yesica nanez')}`)
  await expect(page.getByRole('link', { name: newName })).toBeVisible()

  // The old code's public page leads to the current one.
  await page.goto(`/verificar/${oldCode}`)
  await expect(page.getByRole('heading', { name: '✗ Reemplazada por una constancia corregida' })).toBeVisible()
  await page.getByRole('link', { name: `Ver la constancia vigente (${newCode})` }).click()
  await expect(page.getByRole('heading', { name: '✓ Constancia válida' })).toBeVisible()
  await expect(page.getByText(newName)).toBeVisible()

  // Deactivate, through the confirmation page.
  await page.goto(`/admin/usuarios/${learner.id}`)
  await page.getByRole('link', { name: 'Desactivar la cuenta' }).click()
  await expect(page.getByRole('heading', { name: `¿Desactivar la cuenta de ${newName}?` })).toBeVisible()
  expect(await seriousViolations(page), 'confirmation page').toEqual([])
  await page.getByRole('button', { name: 'Desactivar la cuenta' }).click()
  await expect(page.getByRole('status')).toHaveText('Cuenta desactivada. Se cerraron todas sus sesiones.')
  await expect(page.getByText(/Desactivada desde el/)).toBeVisible()

  // The learner's open session has ended; signing in with the right PIN says why.
  await learnerPage.goto('/mis-certificados')
  await expect(learnerPage).toHaveURL(/\/ingresar/)
  await signIn(learnerPage, learner.username, learner.pin)
  await expect(learnerPage.getByRole('alert')).toHaveText('Esta cuenta está desactivada. Hable con la persona que administra el Aula.')
  await learnerContext.close()
})

test('without JavaScript: the search form and the filters work as a plain GET', async ({ browser, createUser }) => {
  const admin = await createUser('admin')
  const context = await browser.newContext({ locale: 'es-CO', javaScriptEnabled: false })
  const page = await context.newPage()
  await signIn(page, admin.username, admin.pin)
  await page.goto('/admin/usuarios')
  await page.getByLabel('Nombre, usuario o correo').fill(admin.username)
  await page.getByLabel('Rol').selectOption('admin')
  await page.getByRole('button', { name: 'Buscar' }).click()
  await expect(page).toHaveURL(/q=.*&rol=admin/)
  await expect(page.getByRole('heading', { name: '1 persona' })).toBeVisible()
  await expect(page.getByRole('link', { name: admin.fullName, exact: true })).toBeVisible()
  await page.getByLabel('Rol').selectOption('trainer')
  await page.getByRole('button', { name: 'Buscar' }).click()
  await expect(page.getByRole('heading', { name: '0 personas' })).toBeVisible()
  await expect(page.getByText('Ninguna persona coincide con la búsqueda.')).toBeVisible()
  await context.close()
})
