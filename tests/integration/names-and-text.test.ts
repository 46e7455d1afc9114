import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import Papa from 'papaparse'
import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { FullNameSchema, MinerRegistrationSchema, cleanName, isTrivialPin } from '#app/auth/validation.ts'
import { renderCertificatePdf } from '#app/certificates/pdf.server.ts'
import { createCohort, generatePin, importLearners, listMembers } from '#app/cohorts/cohorts.server.ts'
import { parseLearnerCsv } from '#app/cohorts/csv-import.ts'
import { AttendanceSessionSchema, CohortSchema } from '#app/cohorts/validation.ts'
import { db } from '#app/db/client.server.ts'
import { users } from '#app/db/schema.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { action as registerAction } from '#app/routes/registro.tsx'
import { action as newCohortAction } from '#app/routes/formacion.grupos.nuevo.tsx'
import { toExcelCsv } from '#app/utils/csv.ts'
import { formRequest, makeContext, runAction, uniqueName } from '#tests/utils.ts'

const RLO = '\u202E' // right-to-left override
const registration = (fields: Record<string, string>) =>
  runAction(() =>
    registerAction({
      request: formRequest('/registro', { method: 'pin', fullName: 'Rosa Gómez', municipality: 'segovia', consent: 'on', ...fields }),
      context: makeContext(null, `192.0.2.${Math.floor(Math.random() * 250)}`),
      params: {},
    }),
  )

describe('trivial PINs are refused', () => {
  test.each(['000000', '999999', '123456', '654321', '012345', '543210', '890123', '121212', '112233', '123123', '454545'])('%s is trivial', (pin) => {
    expect(isTrivialPin(pin)).toBe(true)
  })
  test.each(['739146', '246810', '502913'])('%s is not', (pin) => {
    expect(isTrivialPin(pin)).toBe(false)
  })
  test("the username's digits are refused", () => {
    expect(isTrivialPin('198507', 'jaime1985')).toBe(true)
    expect(isTrivialPin('739146', 'jaime1985')).toBe(false)
  })

  test('registration says so in Spanish next to the PIN field, and saves nothing', async () => {
    const username = uniqueName('triv')
    for (const pin of ['123456', '000000']) {
      const res = await registration({ username, pin, pinConfirm: pin })
      expect(res.status).toBe(400)
      expect(res.data.fieldErrors.pin).toBe('errors.pinTrivial')
    }
    const t = await getFixedT('es', 'auth')
    expect(t('errors.pinTrivial')).toMatch(/^Ese PIN es fácil de adivinar/)
    expect(
      MinerRegistrationSchema.safeParse({
        fullName: 'Jaime Ruiz',
        municipality: 'segovia',
        username: 'jaime2468',
        pin: '246813',
        pinConfirm: '246813',
        consent: 'on',
      }).success,
    ).toBe(false)
    expect(db.select().from(users).where(eq(users.username, username)).get()).toBeUndefined()
    expect((await registration({ username, pin: '739146', pinConfirm: '739146' })).status).toBe(302)
  })

  test('generated PINs (CSV import, PIN reset) are never trivial', () => {
    for (let i = 0; i < 20_000; i++) {
      const pin = generatePin('ana1234')
      if (isTrivialPin(pin, 'ana1234')) throw new Error(`trivial PIN generated: ${pin}`)
    }
  })
})

describe('names are cleaned before they are stored', () => {
  test('bidi controls, NUL and control characters are removed; NFC; spaces collapsed', () => {
    expect(cleanName(`  Ana\u0000 ${RLO}María\u202C\u2066  Pérez\u2069\u200F\t\n `)).toBe('Ana María Pérez')
    // "Pérez" with a combining accent becomes the single precomposed character.
    expect(cleanName('Pe\u0301rez')).toBe('P\u00e9rez')
    expect(cleanName('\u061CNguyễn\u200EVăn\u0007')).toBe('NguyễnVăn')
    expect(FullNameSchema.safeParse(`${RLO}\u0000\u202D`).success).toBe(false)
  })

  test('registration stores the clean name', async () => {
    const username = uniqueName('bidi')
    const res = await registration({ fullName: `Rosa ${RLO}zemóG\u0000 Elena`, username, pin: '739146', pinConfirm: '739146' })
    expect(res.status).toBe(302)
    expect(db.select().from(users).where(eq(users.username, username)).get()?.fullName).toBe('Rosa zemóG Elena')
  })

  test('CSV import stores the clean name', async () => {
    const { rows } = parseLearnerCsv(`Pedro\u0000 ${RLO}Ruiz;Segovia`)
    expect(rows[0].fullName).toBe('Pedro Ruiz')
    const trainer = await registerAccount({
      fullName: 'Formadora',
      municipality: 'segovia',
      gender: null,
      profile: 'other',
      role: 'trainer',
      email: `${uniqueName('t')}@x.co`,
      password: 'formadora-2026',
    })
    if (!trainer.ok) throw new Error('setup')
    const cohort = createCohort(
      { name: 'Taller', municipality: 'segovia', startsOn: '2026-03-01', endsOn: '2026-03-30', courseIds: ['curso-prueba'] },
      trainer.userId,
    )
    const result = await importLearners(cohort.id, `Lucía\u2066 Ñañez\u2069;Segovia\nMarta \u202Dsoirdep;Segovia`, trainer.userId)
    expect(result.ok).toBe(true)
    expect(listMembers(cohort.id).map((m) => m.fullName)).toEqual(['Lucía Ñañez', 'Marta soirdep'])
  })
})

describe('the certificate PDF embeds a Unicode font', () => {
  test('a name outside Windows-1252 comes back out of pdftotext intact', async () => {
    const name = 'Łukasz Ñúñez Nguyễn'
    const pdf = await renderCertificatePdf({
      holderName: name,
      title: 'Formalización minera: el título y sus pasos',
      kind: 'course',
      hours: 2,
      issuedOn: '1 de julio de 2026',
      contentVersion: 'v1',
      code: '7K3MQ9TDXW2P',
      verifyUrl: 'http://localhost:3000/verificar/7K3M-Q9TD-XW2P',
      revoked: false,
    })
    const file = join(mkdtempSync(join(tmpdir(), 'font-')), 'c.pdf')
    writeFileSync(file, pdf)
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain(name)
    expect(text).toContain('Formalización minera: el título y sus pasos')
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    expect(fonts).toMatch(/DejaVuSansCondensed(-Bold)?\s.*TrueType.*yes/)
    expect(fonts).not.toMatch(/Helvetica/)
  })
})

describe('CSV exports are safe to open in Excel', () => {
  test('cells that would run as formulas get an apostrophe; plain negative numbers stay numbers', () => {
    const csv = toExcelCsv([['=HYPERLINK("http://evil")', '+57 1', '-2+3', '@SUM(A1)', '\tx', '\r=1', '-3', '-2,5', '+57', 'Ana', -4, 'a-b']])
    const cells = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter: ';' }).data[0]
    expect(cells).toEqual(['\'=HYPERLINK("http://evil")', "'+57 1", "'-2+3", "'@SUM(A1)", "'\tx", "'\r=1", '-3', '-2,5', '+57', 'Ana', '-4', 'a-b'])
  })
})

describe('dates are real calendar dates', () => {
  test('2026-02-30 and friends are refused in cohorts and attendance sessions', () => {
    const cohort = (startsOn: string, endsOn = '2026-12-31') =>
      CohortSchema.safeParse({ name: 'Taller', municipality: 'segovia', startsOn, endsOn, courseIds: ['c'] })
    for (const bad of ['2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '2026-04-31', '1900-01-01']) {
      const r = cohort(bad)
      expect(r.success).toBe(false)
      expect(r.error?.issues.find((i) => i.path[0] === 'startsOn')?.message).toBe('errors.dateInvalid')
      expect(AttendanceSessionSchema.safeParse({ heldOn: bad, topic: 'Sesión uno' }).success).toBe(false)
    }
    expect(cohort('2028-02-29', '2028-12-31').success).toBe(true)
    expect(AttendanceSessionSchema.safeParse({ heldOn: '2026-02-28', topic: 'Sesión uno' }).success).toBe(true)
  })

  test('the cohort form answers in Spanish next to the field', async () => {
    const trainer = await registerAccount({
      fullName: 'Formador',
      municipality: 'segovia',
      gender: null,
      profile: 'other',
      role: 'trainer',
      email: `${uniqueName('d')}@x.co`,
      password: 'formador-2026',
    })
    if (!trainer.ok) throw new Error('setup')
    const user = { id: trainer.userId, role: 'trainer' as const, fullName: 'Formador', profile: 'other' as const, username: null, email: null }
    const res = await runAction(() =>
      newCohortAction({
        request: formRequest('/formacion/grupos/nuevo', { name: 'Taller', municipality: 'segovia', startsOn: '2026-02-30', endsOn: '2026-03-10' }),
        context: makeContext(user as never),
        params: {},
      }),
    )
    expect(res.status).toBe(400)
    expect(res.data.errors.startsOn).toBe('errors.dateInvalid')
    const t = await getFixedT('es', 'cohorts')
    expect(t(res.data.errors.startsOn)).toBe('Esa fecha no existe en el calendario. Revise el día y el mes.')
  })
})
