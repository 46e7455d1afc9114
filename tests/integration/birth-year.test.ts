import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { parseBirthYear } from '#app/auth/validation.ts'
import { exportMyData } from '#app/account/my-data.server.ts'
import { createCohort, importLearners, planImport } from '#app/cohorts/cohorts.server.ts'
import { parseLearnerCsv } from '#app/cohorts/csv-import.ts'
import { db } from '#app/db/client.server.ts'
import { users } from '#app/db/schema.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { action as registerAction } from '#app/routes/registro.tsx'
import { formRequest, makeContext, runAction, uniqueName } from '#tests/utils.ts'

// The optional year of birth: asked at registration and in the trainer's list, only for the
// funder's anonymous age bands; never required.

const thisYear = new Date().getUTCFullYear()
const minerForm = (fields: Record<string, string>) =>
  formRequest('/registro', {
    method: 'pin',
    fullName: 'Rosa Elena Gómez',
    municipality: 'segovia',
    username: uniqueName('rosa'),
    pin: '135790',
    pinConfirm: '135790',
    consent: 'on',
    ...fields,
  })
const register = (fields: Record<string, string>) => runAction(() => registerAction({ request: minerForm(fields), context: makeContext(), params: {} }))

describe('year of birth at registration', () => {
  test('4 digits from 1920 to ten years ago; empty is fine; anything else is a Spanish message next to the field and nothing is saved', async () => {
    expect(parseBirthYear('1985')).toEqual({ ok: true, year: 1985 })
    expect(parseBirthYear(' ')).toEqual({ ok: true, year: null })
    expect(parseBirthYear('1920')).toEqual({ ok: true, year: 1920 })
    expect(parseBirthYear(String(thisYear - 10))).toEqual({ ok: true, year: thisYear - 10 })
    for (const bad of ['1919', String(thisYear - 9), '85', '19850', 'mil novecientos', '1985.5']) expect(parseBirthYear(bad), bad).toEqual({ ok: false })
    // The limit moves with the calendar (never fixed when the server started).
    expect(parseBirthYear('2030', new Date('2041-01-01T12:00:00Z'))).toEqual({ ok: true, year: 2030 })

    const before = db.select().from(users).all().length
    const res = await register({ birthYear: '85' })
    expect(res.status).toBe(400)
    expect(res.data.fieldErrors).toEqual({ birthYear: 'errors.birthYear' })
    expect(res.data.values.birthYear).toBe('85')
    expect(db.select().from(users).all().length).toBe(before)
    const t = await getFixedT('es', 'auth')
    expect(t('errors.birthYear')).toMatch(/4 números.*1920/)
    expect(t('fields.birthYearHint')).toMatch(/anónimas/)
  })

  test('a given year is saved; without it the account is created all the same', async () => {
    const withYear = await register({ birthYear: '1985', username: 'rosa.1985' })
    expect(withYear.status).toBe(302)
    expect(db.select().from(users).where(eq(users.username, 'rosa.1985')).get()?.birthYear).toBe(1985)
    const without = await register({ username: 'rosa.sin.ano' })
    expect(without.status).toBe(302)
    expect(db.select().from(users).where(eq(users.username, 'rosa.sin.ano')).get()?.birthYear).toBeNull()
  })

  test('«Mis datos» includes it', async () => {
    const r = await registerAccount({
      fullName: 'Nidia Ramírez',
      municipality: 'sogamoso',
      gender: 'female',
      birthYear: 1979,
      profile: 'miner',
      username: uniqueName('nidia'),
      pin: '707070',
    })
    if (!r.ok) throw new Error('no user')
    expect(exportMyData(r.userId).profile).toMatchObject({ birthYear: 1979 })
  })
})

describe('year of birth in the trainer’s list', () => {
  test('a column named «año de nacimiento», «ano_nacimiento» or «nacimiento», wherever it is; a date gives its year', () => {
    for (const name of ['año de nacimiento', 'Ano_Nacimiento', 'NACIMIENTO', 'Año nacimiento'])
      expect(parseLearnerCsv(`nombre completo;${name};municipio\nRosa Elena Gómez;1978;Segovia`).rows, name).toEqual([
        { line: 2, fullName: 'Rosa Elena Gómez', municipality: 'segovia', gender: null, username: null, birthYear: 1978 },
      ])
    expect(parseLearnerCsv('nombre;municipio;género;usuario;fecha de nacimiento\nPedro Ruiz;Tópaga;hombre;;15/03/1985').rows[0].birthYear).toBe(1985)
  })

  test('without a header it is the fifth column, and a year written in the username’s place is a year, not a username', () => {
    expect(parseLearnerCsv('Rosa Elena Gómez;Segovia;mujer;;1978').rows[0]).toMatchObject({ birthYear: 1978, username: null })
    expect(parseLearnerCsv('Rosa Elena Gómez;Segovia;mujer;1978').rows[0]).toMatchObject({ birthYear: 1978, username: null })
    // With a header, an unnamed extra column (a phone) is never read as a year.
    expect(parseLearnerCsv('nombre;municipio;género;usuario;teléfono\nRosa Elena Gómez;Segovia;mujer;;3001234567').rows[0]).toMatchObject({ birthYear: null })
  })

  test('a bad year is a problem on its line, in Spanish, and nobody is created; a good list saves the years', async () => {
    const trainer = await registerAccount({
      fullName: 'Formadora',
      municipality: 'segovia',
      gender: null,
      profile: 'other',
      role: 'trainer',
      username: uniqueName('f'),
      pin: '505051',
    })
    if (!trainer.ok) throw new Error('no trainer')
    const cohort = createCohort(
      { name: 'Grupo años', municipality: 'segovia', startsOn: '2026-01-10', endsOn: '2026-12-10', courseIds: ['curso-prueba'] },
      trainer.userId,
    )
    const bad = 'nombre;municipio;año de nacimiento\nLuz Marina Soto;El Bagre;1890\nPedro Ruiz;Tópaga;1985'
    expect(planImport(bad).errors).toEqual([{ line: 2, field: 'birthYear', problem: 'birthYear', value: '1890' }])
    const t = await getFixedT('es', 'cohorts')
    expect(t('import.problems.birthYear', { value: '1890' })).toMatch(/«1890» no válido/)
    const before = db.select().from(users).all().length
    expect((await importLearners(cohort.id, bad, trainer.userId)).ok).toBe(false)
    expect(db.select().from(users).all().length).toBe(before)

    const good = 'nombre;municipio;año de nacimiento\nLuz Marina Soto;El Bagre;1990\nPedro Ruiz Gil;Tópaga;'
    const result = await importLearners(cohort.id, good, trainer.userId)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    const saved = db.select({ fullName: users.fullName, birthYear: users.birthYear }).from(users).all()
    expect(saved).toContainEqual({ fullName: 'Luz Marina Soto', birthYear: 1990 })
    expect(saved).toContainEqual({ fullName: 'Pedro Ruiz Gil', birthYear: null })
  })

  test('the preview digest covers the year: a list whose years changed since the preview creates nobody', async () => {
    const trainer = await registerAccount({
      fullName: 'Formador',
      municipality: 'segovia',
      gender: null,
      profile: 'other',
      role: 'trainer',
      username: uniqueName('f'),
      pin: '505052',
    })
    if (!trainer.ok) throw new Error('no trainer')
    const cohort = createCohort(
      { name: 'Grupo digest', municipality: 'segovia', startsOn: '2026-01-10', endsOn: '2026-12-10', courseIds: ['curso-prueba'] },
      trainer.userId,
    )
    const { digest } = planImport('nombre;municipio;nacimiento\nMarta Lucía Ortiz;Paipa;1970')
    const changed = await importLearners(cohort.id, 'nombre;municipio;nacimiento\nMarta Lucía Ortiz;Paipa;1971', trainer.userId, undefined, digest)
    expect(changed).toEqual({ ok: false, errors: [{ line: 0, field: 'row', problem: 'changed' }] })
  })
})
