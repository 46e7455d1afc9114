import AxeBuilder from '@axe-core/playwright'
import { expect, signIn, test } from './fixtures.ts'

// Automated accessibility checks (axe-core, WCAG 2 A/AA rules) on the pages people use most.
// Manual checks still matter; this catches regressions in contrast, labels, landmarks and names.
async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    )
}

test('public pages have no serious accessibility violations', async ({ page }) => {
  test.setTimeout(90_000)
  for (const path of [
    '/',
    '/ingresar',
    '/registro',
    '/cursos',
    '/cursos/seguridad-y-salud-minera',
    '/cursos/seguridad-y-salud-minera/gases-y-aire-de-la-mina',
    '/verificar',
    '/privacidad',
  ]) {
    await page.goto(path)
    expect(await seriousViolations(page), path).toEqual([])
  }
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
  await page.goto(page.url().replace('/participantes', ''))
  expect(await seriousViolations(page), 'cohort view').toEqual([])
})
