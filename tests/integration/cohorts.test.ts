import type { LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import iconv from 'iconv-lite'
import { describe, expect, test } from 'vitest'
import { authenticate, registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { createAttendanceSession, createCohort, importLearners, listMembers, planImport, resetPin, saveAttendance } from '#app/cohorts/cohorts.server.ts'
import { decodeCsvBytes } from '#app/cohorts/csv-decode.server.ts'
import { detectDelimiter, parseLearnerCsv, usernameBase } from '#app/cohorts/csv-import.ts'
import { matrixCsv } from '#app/cohorts/exports.server.ts'
import { attendanceOf, buildCohortReport, questionAnalysis } from '#app/cohorts/report.server.ts'
import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { auditEvents, cohortMembers, lessonProgress, loginCardBatches, users } from '#app/db/schema.ts'
import { enrolByCode, readLesson, takeQuiz as takeQuizAs } from '#tests/learning-helpers.ts'
import { loader as cohortLoader } from '#app/routes/formacion.grupos.$grupo._index.tsx'
import { action as participantsAction, loader as participantsLoader } from '#app/routes/formacion.grupos.$grupo.participantes.tsx'
import { loader as questionsLoader } from '#app/routes/formacion.grupos.$grupo.preguntas.tsx'
import { loader as attendanceLoader } from '#app/routes/formacion.grupos.$grupo.asistencia.tsx'
import { loader as matrixCsvLoader } from '#app/routes/formacion.grupos.$grupo.matriz[.]csv.tsx'
import { loader as attendanceCsvLoader } from '#app/routes/formacion.grupos.$grupo.asistencia[.]csv.tsx'
import { loader as summaryLoader } from '#app/routes/formacion.grupos.$grupo.resumen.tsx'
import { loader as learnerLoader } from '#app/routes/formacion.grupos.$grupo.participantes_.$usuario.tsx'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'
import { findMunicipality } from '#app/utils/municipalities.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'

async function person(role: 'learner' | 'trainer' | 'admin' = 'learner', fullName = 'Persona de Prueba') {
  const r = await registerAccount({ fullName, municipality: 'zaragoza', gender: null, profile: 'miner', role, username: uniqueName('p'), pin: '505050' })
  if (!r.ok) throw new Error('no user')
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

async function newCohort(trainerId: string) {
  return createCohort(
    { name: `Grupo ${uniqueName('')}`, municipality: 'segovia', startsOn: '2026-01-10', endsOn: '2026-12-10', courseIds: ['curso-prueba'] },
    trainerId,
  )
}

describe('CSV import', () => {
  test('a good list (Excel in Spanish: ";" and a header) creates accounts with generated usernames and working PINs', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const csv =
      '\uFEFFnombre completo;municipio;género;usuario\nRosa Elena Gómez;Segovia;mujer;\nRosa Gómez;segovia;;\nPedro Ruiz;Tópaga;Hombre;pedro.ruiz.csv\n'
    const result = await importLearners(cohort.id, csv, trainer.id)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    expect(result.cards.map((c) => c.username)).toEqual(
      ['rosa.gomez', 'rosa.gomez2', 'pedro.ruiz.csv'].map((u) => expect.stringMatching(new RegExp(`^${u.replace('.', '\\.')}`))),
    )
    expect(new Set(result.cards.map((c) => c.username)).size).toBe(3)
    for (const card of result.cards) expect(card.pin).toMatch(/^\d{6}$/)
    expect(
      listMembers(cohort.id)
        .map((m) => m.fullName)
        .sort(),
    ).toEqual(['Pedro Ruiz', 'Rosa Elena Gómez', 'Rosa Gómez'])
    const pedro = db.select().from(users).where(eq(users.username, 'pedro.ruiz.csv')).get()!
    expect(pedro).toMatchObject({ municipality: 'topaga', gender: 'male', role: 'learner', secretKind: 'pin' })
    expect(await authenticate({ identifier: result.cards[0].username, secret: result.cards[0].pin, clientIp: '10.9.9.9' })).toMatchObject({ ok: true })
  })

  test('bad rows are reported per line in Spanish keys and nothing is saved', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const before = db.select().from(users).all().length
    const result = await importLearners(
      cohort.id,
      'Ana María Ríos,Segovia,,\nJo,Bogotá,marciano,\nLuis Pérez,Paipa,,Luis Pérez\nMarta Díaz,Paipa,,marta.d\nMarta Duque,Paipa,,marta.d\n',
      trainer.id,
    )
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 2, field: 'fullName', problem: 'fullName', value: 'Jo' },
        { line: 2, field: 'municipality', problem: 'municipality', value: 'Bogotá' },
        { line: 2, field: 'gender', problem: 'gender', value: 'marciano' },
        { line: 3, field: 'username', problem: 'usernameFormat', value: 'Luis Pérez' },
        { line: 5, field: 'username', problem: 'usernameDuplicateInFile', value: 'marta.d (4)' },
      ],
    })
    expect(db.select().from(users).all().length).toBe(before)
    expect(listMembers(cohort.id)).toHaveLength(0)
  })

  test('a username that already exists in the platform is refused', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const first = await importLearners(cohort.id, 'Carlos Mejía;Paipa;;carlos.mejia.x', trainer.id)
    expect(first.ok).toBe(true)
    const again = await importLearners(cohort.id, 'Carla Mejía;Paipa;;carlos.mejia.x', trainer.id)
    expect(again).toEqual({ ok: false, errors: [{ line: 1, field: 'username', problem: 'usernameTaken', value: 'carlos.mejia.x' }] })
  })

  test('parsing: comma or semicolon, header optional', () => {
    expect(parseLearnerCsv('Nombre,Municipio\nLuz Marina Soto,El Bagre').rows).toEqual([
      { line: 2, fullName: 'Luz Marina Soto', municipality: 'el-bagre', gender: null, username: null, birthYear: null },
    ])
  })
})

describe('CSV import that survives Excel', () => {
  // The same list as three programs save it. Bytes are made here, as Excel writes them.
  const rows = [
    ['nombre completo', 'municipio', 'género'],
    ['Ana Lucía Muñoz', 'Tópaga', 'mujer'],
    ['Carlos Andrés Restrepo Zapata', 'TOPAGA', 'hombre'],
    ['Íngrid Peña', 'gámeza', ''],
  ]
  const excelFiles = {
    // Excel «CSV (delimitado por comas)» on a Spanish Windows: Windows-1252, ";" and CRLF.
    'windows-1252': () => iconv.encode(rows.map((r) => r.join(';')).join('\r\n') + '\r\n', 'win1252'),
    // Excel «Texto Unicode»: UTF-16 LE with a BOM, tab-separated.
    'utf-16le': () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rows.map((r) => r.join('\t')).join('\r\n') + '\r\n', 'utf16le')]),
    // Excel «CSV UTF-8»: a BOM, then UTF-8; here with "," to cover the third separator.
    'utf-8': () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows.map((r) => r.join(',')).join('\n'), 'utf8')]),
  } as const
  const counts = () => ({
    users: db.select().from(users).all().length,
    members: db.select().from(cohortMembers).all().length,
    audit: db.select().from(auditEvents).all().length,
    batches: db.select().from(loginCardBatches).all().length,
  })
  const url = (cohortId: string) => `http://localhost/formacion/grupos/${cohortId}/participantes`
  const upload = (cohortId: string, bytes: Uint8Array, name = 'lista.csv') => {
    const body = new FormData()
    body.set('intent', 'preview')
    body.set('csv', '')
    body.set('file', new File([new Uint8Array(bytes)], name, { type: 'text/csv' }))
    return new Request(url(cohortId), { method: 'POST', body })
  }
  const confirm = (cohortId: string, fields: Record<string, string>) => {
    const body = new FormData()
    for (const [k, v] of Object.entries(fields)) body.set(k, v)
    return new Request(url(cohortId), { method: 'POST', body })
  }

  test.each(Object.keys(excelFiles) as Array<keyof typeof excelFiles>)('%s bytes decode to «Ana Lucía Muñoz», and the preview plans ana.munoz', (encoding) => {
    const bytes = excelFiles[encoding]()
    if (encoding === 'windows-1252') {
      expect([...bytes].includes(0xed)).toBe(true) // «í» as one byte: not UTF-8
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    }
    const decoded = decodeCsvBytes(bytes)
    expect(decoded).toMatchObject({ encoding, bom: encoding !== 'windows-1252' })
    expect(decoded.text.startsWith('nombre completo')).toBe(true) // BOM gone
    const plan = planImport(decoded.text)
    expect(plan.errors).toEqual([])
    expect(plan.delimiter).toBe({ 'windows-1252': ';', 'utf-16le': '\t', 'utf-8': ',' }[encoding])
    expect(plan.rows.map((r) => [r.fullName, r.municipality, r.gender, r.plannedUsername])).toEqual([
      ['Ana Lucía Muñoz', 'topaga', 'female', 'ana.munoz'],
      ['Carlos Andrés Restrepo Zapata', 'topaga', 'male', 'carlos.restrepo'],
      ['Íngrid Peña', 'gameza', null, 'ingrid.pena'],
    ])
  })

  test('UTF-16 LE without a BOM is recognised by its NUL bytes; UTF-8 without a BOM stays UTF-8', () => {
    expect(decodeCsvBytes(Buffer.from('Ana Lucía Muñoz\tTópaga\r\n', 'utf16le'))).toMatchObject({ encoding: 'utf-16le', text: 'Ana Lucía Muñoz\tTópaga\r\n' })
    expect(decodeCsvBytes(Buffer.from('Ana Lucía Muñoz;Tópaga', 'utf8'))).toMatchObject({ encoding: 'utf-8', text: 'Ana Lucía Muñoz;Tópaga' })
    // ISO-8859-1 letters read the same as Windows-1252.
    expect(decodeCsvBytes(Buffer.from('Ana Lucía Muñoz;Tópaga', 'latin1')).text).toBe('Ana Lucía Muñoz;Tópaga')
  })

  test('a Windows-1252 upload: the preview saves nothing; confirming creates exactly the previewed rows once', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const ctx = makeContext(trainer)
    const params = { grupo: cohort.id }
    const before = counts()
    const shown = await runAction(() => participantsAction({ request: upload(cohort.id, excelFiles['windows-1252']()), params, context: ctx }))
    expect(shown.status).toBe(200)
    expect(counts()).toEqual(before) // nothing saved by the preview
    const preview = shown.data.preview
    expect(preview).toMatchObject({ encoding: 'windows-1252', delimiter: 'semicolon', problemCount: 0 })
    expect(preview.rows.map((r: { fullName: string; municipality: string; username: string }) => [r.fullName, r.municipality, r.username])).toEqual([
      ['Ana Lucía Muñoz', 'Tópaga', 'ana.munoz'],
      ['Carlos Andrés Restrepo Zapata', 'Tópaga', 'carlos.restrepo'],
      ['Íngrid Peña', 'Gámeza', 'ingrid.pena'],
    ])
    expect(shown.data.csv).toContain('Ana Lucía Muñoz;Tópaga;mujer')

    // Without the consent box: the preview again, still nothing saved.
    const fields = { intent: 'import', csv: shown.data.csv, digest: preview.digest, encoding: 'windows-1252', submissionKey: 'csv-key-1' }
    const noConsent = await runAction(() => participantsAction({ request: confirm(cohort.id, fields), params, context: ctx }))
    expect(noConsent).toMatchObject({ status: 400, data: { formError: 'import.consentRequired', preview: { digest: preview.digest } } })
    expect(counts()).toEqual(before)

    const done = await runAction(() => participantsAction({ request: confirm(cohort.id, { ...fields, consent: 'on' }), params, context: ctx }))
    expect(done.status).toBe(302)
    const again = await runAction(() => participantsAction({ request: confirm(cohort.id, { ...fields, consent: 'on' }), params, context: ctx }))
    expect(again.headers.get('Location')).toBe(done.headers.get('Location'))
    expect(counts().users).toBe(before.users + 3)
    const ana = db.select().from(users).where(eq(users.username, 'ana.munoz')).get()!
    expect(ana).toMatchObject({ fullName: 'Ana Lucía Muñoz', municipality: 'topaga', gender: 'female' })
    expect(
      listMembers(cohort.id)
        .map((m) => m.username)
        .sort(),
    ).toEqual(['ana.munoz', 'carlos.restrepo', 'ingrid.pena'])
  })

  test('the confirmation is checked again: an edited list or a username taken since the preview creates nobody', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const ctx = makeContext(trainer)
    const params = { grupo: cohort.id }
    const post = (fields: Record<string, string>) => runAction(() => participantsAction({ request: confirm(cohort.id, fields), params, context: ctx }))
    const csv = 'Marta Lucía Gómez Ruiz;Sogamoso;;\nHéctor Ruiz;Paipa;;'
    const shown = await post({ intent: 'preview', csv })
    const digest = shown.data.preview.digest
    expect(shown.data.preview.rows.map((r: { username: string }) => r.username)).toEqual(['marta.gomez', 'hector.ruiz'])
    const before = counts()

    // The hidden list edited in the browser: a row added, or a bad row, is never created blindly.
    const added = await post({ intent: 'import', csv: `${csv}\nIntrusa Nueva;Paipa;;`, digest, consent: 'on', submissionKey: 'k1' })
    expect(added).toMatchObject({ status: 409, data: { changed: true } })
    expect(added.data.preview.rows).toHaveLength(3)
    const bad = await post({ intent: 'import', csv: `${csv}\nJo;Bogotá;;`, digest, consent: 'on', submissionKey: 'k2' })
    expect(bad.status).toBe(400)
    expect(bad.data.preview.rows[2].problems.map((p: { problem: string }) => p.problem)).toEqual(['fullName', 'municipality'])
    const noDigest = await post({ intent: 'import', csv, consent: 'on', submissionKey: 'k3' })
    expect(noDigest.status).toBe(409)
    expect(counts()).toEqual(before)

    // Someone takes «hector.ruiz» between the preview and the confirmation.
    const other = await newCohort(trainer.id)
    expect((await importLearners(other.id, 'Héctor Ruiz Díaz;Paipa;;', trainer.id)).ok).toBe(true)
    const late = await post({ intent: 'import', csv, digest, consent: 'on', submissionKey: 'k4' })
    expect(late).toMatchObject({ status: 409, data: { changed: true } })
    expect(late.data.preview.rows.map((r: { username: string; numbered: boolean }) => [r.username, r.numbered])).toEqual([
      ['marta.gomez', false],
      ['hector.ruiz2', true],
    ])
    expect(listMembers(cohort.id)).toHaveLength(0)
    const ok = await post({ intent: 'import', csv, digest: late.data.preview.digest, consent: 'on', submissionKey: 'k5' })
    expect(ok.status).toBe(302)
    expect(listMembers(cohort.id).map((m) => m.username)).toEqual(['hector.ruiz2', 'marta.gomez'])
  })

  test('usernames: first given name + first surname, plain letters, a number only when taken (also within the list)', async () => {
    expect(
      [
        'Carlos Andrés Restrepo Zapata',
        'Ana Lucía Muñoz',
        'Jairo Castaño Rojas',
        'Pedro Ruiz',
        'Juan Pablo de la Hoz',
        'Pedro de la Hoz Díaz',
        'María del Carmen Pérez',
        'José de Jesús Restrepo Zapata',
        'ÑUÑO ÁLVAREZ',
        'Ana-María Gómez',
        'Xi',
      ].map(usernameBase),
    ).toEqual([
      'carlos.restrepo',
      'ana.munoz',
      'jairo.castano',
      'pedro.ruiz',
      'juan.delahoz',
      'pedro.delahoz',
      'maria.perez',
      'jose.restrepo',
      'nuno.alvarez',
      'anamaria.gomez',
      'xi.aula',
    ])
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const list = 'Luisa Fernanda Ortega;Segovia\nLuisa Ortega Ríos;Segovia\nLuis Ortega;Segovia\nLuisa María Ortega;Segovia'
    expect(planImport(list).rows.map((r) => r.plannedUsername)).toEqual(['luisa.ortega', 'luisa.ortega2', 'luis.ortega', 'luisa.ortega3'])
    expect((await importLearners(cohort.id, 'Luisa Ortega;Segovia', trainer.id)).ok).toBe(true)
    expect(planImport(list).rows.map((r) => [r.plannedUsername, r.numbered])).toEqual([
      ['luisa.ortega2', true],
      ['luisa.ortega3', true],
      ['luis.ortega', false],
      ['luisa.ortega4', true],
    ])
  })

  test('municipalities match ignoring accents, case, hyphens and spaces', () => {
    // Also decomposed accents (a Mac writes «o» + U+0301).
    for (const written of ['Tópaga', 'TOPAGA', 'topaga', ' TÓPAGA ', 'Topaga', 'To\u0301paga', 'TO\u0301PAGA']) expect(findMunicipality(written)).toBe('topaga')
    for (const written of ['El Bagre', 'el-bagre', 'EL  BAGRE']) expect(findMunicipality(written)).toBe('el-bagre')
    expect(findMunicipality('Bogotá')).toBeNull()
    expect(parseLearnerCsv('Ana Lucía Muñoz;TOPAGA\nPedro Ruiz;topaga\nRosa Peña;Tópaga').rows.map((r) => r.municipality)).toEqual([
      'topaga',
      'topaga',
      'topaga',
    ])
  })

  test('separators: tab, ";" and ","; a comma inside a name does not make a ";" list a "," one', () => {
    expect(detectDelimiter('Ana Lucía Muñoz\tTópaga\nPedro Ruiz\tPaipa')).toBe('\t')
    expect(detectDelimiter('Ana Lucía Muñoz;Tópaga;;\nPedro Ruiz;Paipa;;')).toBe(';')
    expect(detectDelimiter('Ana Lucía Muñoz,Tópaga\nPedro Ruiz,Paipa')).toBe(',')
    expect(detectDelimiter('"Muñoz, Ana Lucía";Tópaga\nPedro Ruiz;Paipa')).toBe(';')
    expect(detectDelimiter('Muñoz, Ana Lucía;Tópaga\nRuiz, Pedro;Paipa')).toBe(';')
    expect(detectDelimiter('Muñoz; Ana Lucía\tTópaga\nRuiz; Pedro\tPaipa')).toBe('\t')
    expect(parseLearnerCsv('Nombres\tMunicipio\tGénero\nAna Lucía Muñoz\tTópaga\tmujer').rows).toEqual([
      { line: 2, fullName: 'Ana Lucía Muñoz', municipality: 'topaga', gender: 'female', username: null, birthYear: null },
    ])
  })

  test('text that was decoded wrongly is reported as an encoding problem on its line, not as an unknown municipality', () => {
    const { errors } = parseLearnerCsv('Ana Luc\uFFFDa Mu\uFFFDoz;T\uFFFDpaga\nRosa LucÃ­a PeÃ±a;Paipa')
    expect(errors.map((e) => [e.line, e.field, e.problem])).toEqual([
      [1, 'fullName', 'encoding'],
      [1, 'municipality', 'encoding'],
      [2, 'fullName', 'encoding'],
    ])
  })
})

describe('PIN reset', () => {
  test('gives a new PIN that works, the old one stops working, and it is audited', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const imported = await importLearners(cohort.id, 'Jairo Castaño;Mongua;;', trainer.id)
    if (!imported.ok) throw new Error('import failed')
    const [card] = imported.cards
    const learnerId = listMembers(cohort.id)[0].id
    const reset = await resetPin(cohort.id, learnerId, trainer.id)
    if (!reset.ok) throw new Error('reset refused')
    const fresh = reset.card
    expect(fresh.username).toBe(card.username)
    expect(await authenticate({ identifier: card.username, secret: fresh.pin, clientIp: '10.8.8.8' })).toMatchObject({ ok: true })
    if (fresh.pin !== card.pin)
      expect(await authenticate({ identifier: card.username, secret: card.pin, clientIp: '10.8.8.9' })).toEqual({ ok: false, reason: 'invalid' })
    expect(
      db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.subjectId, learnerId))
        .all()
        .map((a) => a.action),
    ).toContain('user.pin_reset')
  })
})

describe('re-posting a form never repeats its effect (POST → redirect → GET)', () => {
  const post = (cohortId: string, fields: Record<string, string>) =>
    new Request(`http://localhost/formacion/grupos/${cohortId}/participantes`, { method: 'POST', body: new URLSearchParams(fields) })
  const page = (cohortId: string, batch: string) => new Request(`http://localhost/formacion/grupos/${cohortId}/participantes?tarjetas=${batch}`)

  test('the CSV import sent twice creates its learners once; the cards page reloads with the same cards, for its trainer only', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const ctx = makeContext(trainer)
    const params = { grupo: cohort.id }
    const name = `Yolanda ${uniqueName('Ortiz')}`
    const csv = `${name};Paipa;;`
    const previewed = await runAction(() => participantsAction({ request: post(cohort.id, { intent: 'preview', csv }), params, context: ctx }))
    const fields = { intent: 'import', csv, digest: previewed.data.preview.digest, consent: 'on', submissionKey: 'form-key-1' }
    const first = await runAction(() => participantsAction({ request: post(cohort.id, fields), params, context: ctx }))
    expect(first.status).toBe(302)
    const location = first.headers.get('Location')!
    expect(location).toMatch(/\?tarjetas=[\w-]{20,}$/)
    const again = await runAction(() => participantsAction({ request: post(cohort.id, fields), params, context: ctx }))
    expect(again.headers.get('Location')).toBe(location)
    expect(db.select().from(users).where(eq(users.fullName, name)).all()).toHaveLength(1)
    const batch = new URL(location, 'http://localhost').searchParams.get('tarjetas')!
    const shown = await runAction(() => participantsLoader({ request: page(cohort.id, batch), params, context: ctx }))
    const reloaded = await runAction(() => participantsLoader({ request: page(cohort.id, batch), params, context: ctx }))
    expect(shown.data.cards).toHaveLength(1)
    expect(reloaded.data.cards).toEqual(shown.data.cards)
    // A co-trainer or anyone else with the link does not see the PINs.
    const other = await person('trainer')
    const { addTrainer } = await import('#app/cohorts/cohorts.server.ts')
    addTrainer(cohort.id, other.username!, trainer.id)
    const theirs = await runAction(() => participantsLoader({ request: page(cohort.id, batch), params, context: makeContext(other) }))
    expect(theirs.data.cards).toBeNull()
  })

  test('a PIN reset sent twice resets once: the printed card stays valid', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const imported = await importLearners(cohort.id, 'Jairo Castaño Rojas;Mongua;;', trainer.id)
    if (!imported.ok) throw new Error('import failed')
    const learnerId = listMembers(cohort.id)[0].id
    const fields = { intent: 'reset-pin', userId: learnerId, submissionKey: `key:${learnerId}`, confirm: '1' }
    const ctx = makeContext(trainer)
    const first = await runAction(() => participantsAction({ request: post(cohort.id, fields), params: { grupo: cohort.id }, context: ctx }))
    const again = await runAction(() => participantsAction({ request: post(cohort.id, fields), params: { grupo: cohort.id }, context: ctx }))
    expect(again.headers.get('Location')).toBe(first.headers.get('Location'))
    const resets = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, learnerId))
      .all()
      .filter((a) => a.action === 'user.pin_reset')
    expect(resets).toHaveLength(1)
  })
})

function takeQuiz(userId: string, quizId: string, answers: Record<string, string[]>) {
  return takeQuizAs(userId, getQuiz(quizId)!, () => answers)
}
const right = { q1: ['v'], q2: ['a', 'b'], q3: ['a'] }
const wrong = { q1: ['f'], q2: ['c'], q3: ['b'] }

describe('the cohort view', () => {
  test('matrix, summary and action lists are computed from the learners’ records', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const [stuckOnQuiz, ready, never, idle] = await Promise.all([
      person('learner', 'Ana Atascada'),
      person('learner', 'Beto Listo'),
      person('learner', 'Ciro Nuevo'),
      person('learner', 'Dora Quieta'),
    ])
    for (const l of [stuckOnQuiz, ready, never, idle]) await enrolByCode(cohort.id, l.id)
    const lessons = getCourseBySlug('curso-prueba')!.lessons
    for (const lesson of lessons) readLesson(stuckOnQuiz.id, lesson)
    takeQuiz(stuckOnQuiz.id, 'prueba-m1-quiz', wrong)
    takeQuiz(stuckOnQuiz.id, 'prueba-m1-quiz', wrong)
    for (const lesson of lessons) readLesson(ready.id, lesson)
    takeQuiz(ready.id, 'prueba-m1-quiz', right)
    readLesson(idle.id, lessons[0], new Date(Date.now() - 20 * 86_400_000))
    db.update(lessonProgress)
      .set({ firstOpenedAt: new Date(Date.now() - 20 * 86_400_000) })
      .where(eq(lessonProgress.userId, idle.id))
      .run()

    const report = buildCohortReport(cohort.id, ['curso-prueba'])
    expect(report.columns.map((c) => `${c.kind}:${c.id}`)).toEqual([
      'lesson:prueba-l1',
      'lesson:prueba-l2',
      'lesson:prueba-l3',
      'quiz:prueba-m1-quiz',
      'quiz:prueba-examen',
    ])
    const row = (name: string) => report.learners.find((l) => l.fullName === name)!
    expect(report.cellsOf(row('Ana Atascada').id)).toEqual([
      { state: 'done' },
      { state: 'done' },
      { state: 'done' },
      { state: 'failed', score: 0 },
      { state: 'none', score: null },
    ])
    expect(row('Beto Listo')).toMatchObject({
      lessonsDone: 3,
      quizzesPassed: 1,
      percent: 80,
      readyCourses: ['Curso de prueba: seguridad básica en la minería'],
    })
    expect(report.summary).toEqual({ enrolled: 4, activeLast7Days: 2, averageProgress: Math.round((60 + 80 + 0 + 20) / 4), certificates: 0 })
    expect(report.lists.stuck.map((l) => l.fullName).sort()).toEqual(['Ana Atascada', 'Dora Quieta'])
    expect(report.lists.ready.map((l) => l.fullName)).toEqual(['Beto Listo'])
    expect(report.lists.notSeen.map((l) => l.fullName)).toEqual(['Ciro Nuevo'])
    expect(report.charts.moduleCompletion).toEqual([
      { id: 'prueba-m1', title: 'Módulo de prueba', courseTitle: 'Curso de prueba: seguridad básica en la minería', complete: 1, share: 25 },
    ])
    const week = report.charts.weeklyActivity.at(-1)!
    expect(week.quizzes).toBe(3)
  })

  test('question analysis: share right per question and the most chosen wrong option, hardest first', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const learners = await Promise.all([1, 2, 3, 4].map((i) => person('learner', `Analítica ${i}`)))
    for (const l of learners) await enrolByCode(cohort.id, l.id)
    takeQuiz(learners[0].id, 'prueba-m1-quiz', right)
    takeQuiz(learners[1].id, 'prueba-m1-quiz', { ...right, q3: ['b'] })
    takeQuiz(learners[2].id, 'prueba-m1-quiz', { ...right, q3: ['b'], q2: ['a'] })
    takeQuiz(learners[3].id, 'prueba-m1-quiz', { q1: ['f'], q2: ['a', 'c'], q3: ['b'] })
    const analysis = questionAnalysis(cohort.id, 'prueba-m1-quiz')!
    expect(analysis.attempts).toBe(4)
    expect(analysis.rows.map((r) => [r.id, r.share, r.commonWrong?.text ?? null])).toEqual([
      ['q3', 25, 'Solo el jefe'],
      ['q2', 50, 'Perfume'],
      ['q1', 75, 'Falso'],
    ])
  })

  test('attendance: sessions, marks per learner, and the CSV opens in Excel in Spanish', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const [a, b] = await Promise.all([person('learner', 'Íngrid Peña'), person('learner', 'Óscar Muñoz')])
    await enrolByCode(cohort.id, a.id)
    await enrolByCode(cohort.id, b.id)
    const session = createAttendanceSession(cohort.id, { heldOn: '2026-03-05', topic: 'Gases; ventilación' })
    saveAttendance(cohort.id, session.id, [a.id])
    const { sessions, isPresent } = attendanceOf(cohort.id)
    expect(sessions).toHaveLength(1)
    expect([isPresent(session.id, a.id), isPresent(session.id, b.id)]).toEqual([true, false])

    const t = await getFixedT('es', 'cohorts')
    const res = await attendanceCsvLoader({ request: new Request('http://localhost/x'), params: { grupo: cohort.id }, context: makeContext(trainer) })
    const bytes = Buffer.from(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe('Nombre;"2026-03-05 Gases; ventilación";Total')
    expect(lines).toContain('Íngrid Peña;1;1')
    expect(lines).toContain('Óscar Muñoz;0;0')
    expect(matrixCsv(cohort.id, ['curso-prueba'], t).split('\r\n')[1]).toBe('Íngrid Peña;' + a.username + ';0;0;0;0;;')
  })
})

describe('CSV export file names', () => {
  test('a cohort named with letters outside Latin-1 still downloads (ASCII fallback and the UTF-8 name)', async () => {
    const trainer = await person('trainer')
    const cohort = createCohort(
      { name: 'Taller Nguyễn — Peña', municipality: 'segovia', startsOn: '2026-01-10', endsOn: '2026-12-10', courseIds: [] },
      trainer.id,
    )
    for (const [loader, prefix] of [
      [matrixCsvLoader, 'matriz'],
      [attendanceCsvLoader, 'asistencia'],
    ] as const) {
      const res = await runAction(() => loader({ request: new Request('http://localhost/x'), params: { grupo: cohort.id }, context: makeContext(trainer) }))
      expect(res.status).toBe(200)
      const disposition = res.headers.get('Content-Disposition')!
      expect(disposition).toBe(
        `attachment; filename="${prefix}-Taller-Nguyen-Pena.csv"; filename*=UTF-8''${encodeURIComponent(`${prefix}-Taller-Nguyễn-Peña.csv`)}`,
      )
    }
  })
})

describe('permissions', () => {
  test('another trainer and a learner get 403 on every cohort route and export; an admin gets in', async () => {
    const owner = await person('trainer')
    const stranger = await person('trainer')
    const learner = await person('learner')
    const admin = await person('admin')
    const cohort = await newCohort(owner.id)
    const params = { grupo: cohort.id }
    const request = new Request(`http://localhost/formacion/grupos/${cohort.id}`)
    const loaders: Array<(args: LoaderFunctionArgs) => Promise<unknown>> = [
      cohortLoader,
      participantsLoader,
      questionsLoader,
      attendanceLoader,
      matrixCsvLoader,
      attendanceCsvLoader,
      summaryLoader,
    ]
    for (const loader of loaders) {
      expect((await runAction(() => loader({ request, params, context: makeContext(stranger) }))).status).toBe(403)
      expect((await runAction(() => loader({ request, params, context: makeContext(learner) }))).status).toBe(403)
      expect((await runAction(() => loader({ request, params, context: makeContext(owner) }))).status).toBe(200)
      expect((await runAction(() => loader({ request, params, context: makeContext(admin) }))).status).toBe(200)
    }
    const post = new Request(request.url, { method: 'POST', body: new URLSearchParams({ intent: 'import', csv: 'Intruso Total;Segovia;;', consent: 'on' }) })
    expect((await runAction(() => participantsAction({ request: post, params, context: makeContext(stranger) }))).status).toBe(403)
    expect(listMembers(cohort.id)).toHaveLength(0)
  })
})

describe('co-trainers', () => {
  test('a second trainer added by username sees the cohort; a learner cannot be added as trainer', async () => {
    const { addTrainer } = await import('#app/cohorts/cohorts.server.ts')
    const owner = await person('trainer')
    const colleague = await person('trainer')
    const learner = await person('learner')
    const cohort = await newCohort(owner.id)
    const request = new Request(`http://localhost/formacion/grupos/${cohort.id}`)
    expect((await runAction(() => cohortLoader({ request, params: { grupo: cohort.id }, context: makeContext(colleague) }))).status).toBe(403)
    expect(addTrainer(cohort.id, learner.username!, owner.id)).toEqual({ ok: false, error: 'notTrainer' })
    expect(addTrainer(cohort.id, ` ${colleague.username!.toUpperCase()} `, owner.id)).toEqual({ ok: true })
    expect((await runAction(() => cohortLoader({ request, params: { grupo: cohort.id }, context: makeContext(colleague) }))).status).toBe(200)
  })
})

describe('who needs help, and why', () => {
  test('the stuck list says why: days idle, and which quiz was failed twice (not one passed since); failed quizzes first', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const [failing, idle, recovered] = await Promise.all([
      person('learner', 'Eva Reprobada'),
      person('learner', 'Fabio Quieto'),
      person('learner', 'Gina Repuesta'),
    ])
    for (const l of [failing, idle, recovered]) await enrolByCode(cohort.id, l.id)
    const lessons = getCourseBySlug('curso-prueba')!.lessons
    readLesson(idle.id, lessons[0], new Date(Date.now() - 30 * 86_400_000))
    db.update(lessonProgress)
      .set({ firstOpenedAt: new Date(Date.now() - 30 * 86_400_000) })
      .where(eq(lessonProgress.userId, idle.id))
      .run()
    takeQuiz(failing.id, 'prueba-m1-quiz', wrong)
    takeQuiz(failing.id, 'prueba-m1-quiz', wrong)
    takeQuiz(recovered.id, 'prueba-m1-quiz', wrong)
    takeQuiz(recovered.id, 'prueba-m1-quiz', wrong)
    takeQuiz(recovered.id, 'prueba-m1-quiz', right)

    const report = buildCohortReport(cohort.id, ['curso-prueba'])
    expect(report.lists.stuck.map((l) => [l.fullName, l.stuckReasons])).toEqual([
      ['Eva Reprobada', { idleDays: null, failedQuizzes: [{ id: 'prueba-m1-quiz', title: getQuiz('prueba-m1-quiz')!.title, failed: 2 }] }],
      ['Fabio Quieto', { idleDays: 30, failedQuizzes: [] }],
    ])

    // The page says it in words, each name a link to the learner's page.
    const view = await runAction(() =>
      cohortLoader({ request: new Request(`http://localhost/formacion/grupos/${cohort.id}`), params: { grupo: cohort.id }, context: makeContext(trainer) }),
    )
    expect(view.data.lists.stuck.people.map((p: { id: string }) => p.id)).toEqual([failing.id, idle.id])
  })
})

describe('the learner page', () => {
  const page = (cohortId: string, userId: string, query = '') =>
    new Request(`http://localhost/formacion/grupos/${cohortId}/participantes/${userId}${query}`, { headers: { 'Accept-Language': 'es-CO' } })

  test('its trainer sees progress per course, attempts with scores, attendance; another trainer 403, another cohort’s learner 404', async () => {
    const trainer = await person('trainer')
    const stranger = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const otherCohort = await newCohort(stranger.id)
    const [learner, outsider] = await Promise.all([person('learner', 'Hilda Ortega'), person('learner', 'Iván Ajeno')])
    await enrolByCode(cohort.id, learner.id)
    await enrolByCode(otherCohort.id, outsider.id)
    for (const lesson of getCourseBySlug('curso-prueba')!.lessons) readLesson(learner.id, lesson)
    takeQuiz(learner.id, 'prueba-m1-quiz', wrong)
    takeQuiz(learner.id, 'prueba-m1-quiz', right)
    const session = createAttendanceSession(cohort.id, { heldOn: '2026-03-05', topic: 'Gases' })
    saveAttendance(cohort.id, session.id, [learner.id])

    const load = (who: typeof trainer, cohortId: string, userId: string) =>
      runAction(() => learnerLoader({ request: page(cohortId, userId), params: { grupo: cohortId, usuario: userId }, context: makeContext(who) }))
    const seen = await load(trainer, cohort.id, learner.id)
    expect(seen.status).toBe(200)
    expect(seen.data.learner.fullName).toBe('Hilda Ortega')
    expect(seen.data.courses[0]).toMatchObject({ id: 'curso-prueba', percent: 80, readyForExam: true })
    expect(seen.data.attempts.map((a: { score: number; passed: boolean }) => [a.score, a.passed])).toEqual([
      [100, true],
      [0, false],
    ])
    expect(seen.data.attendance).toEqual([{ id: session.id, heldOn: '2026-03-05', topic: 'Gases', present: true }])
    expect(seen.data.canResetPin).toBe(true)

    expect((await load(stranger, cohort.id, learner.id)).status).toBe(403)
    expect((await load(learner, cohort.id, learner.id)).status).toBe(403)
    // The trainer of the cohort asking for a learner of another cohort, or for nobody: 404.
    expect((await load(trainer, cohort.id, outsider.id)).status).toBe(404)
    expect((await load(trainer, cohort.id, 'no-existe')).status).toBe(404)
    // The other cohort's trainer asking through their own cohort for this learner: 404 too.
    expect((await load(stranger, otherCohort.id, learner.id)).status).toBe(404)
  })
})

describe('«Nuevo PIN» and «Quitar del grupo» ask first', () => {
  const post = (cohortId: string, fields: Record<string, string>) =>
    new Request(`http://localhost/formacion/grupos/${cohortId}/participantes`, { method: 'POST', body: new URLSearchParams(fields) })

  test('a POST without confirmation changes nothing and goes to the confirmation page; the confirmed POST acts', async () => {
    const trainer = await person('trainer')
    const cohort = await newCohort(trainer.id)
    const imported = await importLearners(cohort.id, 'Julia Campo Rojas;Mongua;;', trainer.id)
    if (!imported.ok) throw new Error('import failed')
    const [card] = imported.cards
    const learnerId = listMembers(cohort.id)[0].id
    const params = { grupo: cohort.id }
    const ctx = makeContext(trainer)
    const resets = () =>
      db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.subjectId, learnerId))
        .all()
        .filter((a) => a.action === 'user.pin_reset').length

    const unconfirmed = await runAction(() =>
      participantsAction({ request: post(cohort.id, { intent: 'reset-pin', userId: learnerId, submissionKey: `k:${learnerId}` }), params, context: ctx }),
    )
    expect(unconfirmed.status).toBe(302)
    expect(unconfirmed.headers.get('Location')).toBe(`/formacion/grupos/${cohort.id}/participantes/${learnerId}?confirmar=nuevo-pin`)
    expect(resets()).toBe(0)
    expect(await authenticate({ identifier: card.username, secret: card.pin, clientIp: '10.7.7.7' })).toMatchObject({ ok: true })

    const removal = await runAction(() => participantsAction({ request: post(cohort.id, { intent: 'remove', userId: learnerId }), params, context: ctx }))
    expect(removal.headers.get('Location')).toBe(`/formacion/grupos/${cohort.id}/participantes/${learnerId}?confirmar=quitar`)
    expect(listMembers(cohort.id)).toHaveLength(1)

    // The confirmation page names the person and carries the fields of the confirmed POST.
    const asked = await runAction(() =>
      learnerLoader({
        request: new Request(`http://localhost/formacion/grupos/${cohort.id}/participantes/${learnerId}?confirmar=nuevo-pin`),
        params: { grupo: cohort.id, usuario: learnerId },
        context: ctx,
      }),
    )
    expect(asked.data).toMatchObject({ confirm: 'resetPin', learner: { fullName: 'Julia Campo Rojas' } })
    const confirmed = await runAction(() =>
      participantsAction({
        request: post(cohort.id, { intent: 'reset-pin', userId: learnerId, submissionKey: asked.data.submissionKey, confirm: '1' }),
        params,
        context: ctx,
      }),
    )
    expect(confirmed.headers.get('Location')).toMatch(/\?tarjetas=[\w-]{20,}$/)
    expect(resets()).toBe(1)

    await runAction(() => participantsAction({ request: post(cohort.id, { intent: 'remove', userId: learnerId, confirm: '1' }), params, context: ctx }))
    expect(listMembers(cohort.id)).toHaveLength(0)
  })
})

describe('the cohort view stays a fixed number of queries', () => {
  test('the same number of SQL statements for 2 and for 12 active learners (report, page and learner page)', async () => {
    const { sqlite } = await import('#app/db/client.server.ts')
    const { vi } = await import('vitest')
    const trainer = await person('trainer')
    const lessons = getCourseBySlug('curso-prueba')!.lessons
    const countFor = async (size: number) => {
      const cohort = await newCohort(trainer.id)
      const learners = await Promise.all(Array.from({ length: size }, (_, i) => person('learner', `Cuenta ${size} ${i}`)))
      for (const l of learners) {
        await enrolByCode(cohort.id, l.id)
        readLesson(l.id, lessons[0])
        takeQuiz(l.id, 'prueba-m1-quiz', wrong)
      }
      const spy = vi.spyOn(sqlite, 'prepare')
      await runAction(() =>
        cohortLoader({ request: new Request(`http://localhost/formacion/grupos/${cohort.id}`), params: { grupo: cohort.id }, context: makeContext(trainer) }),
      )
      const view = spy.mock.calls.length
      spy.mockClear()
      await runAction(() =>
        learnerLoader({
          request: new Request(`http://localhost/formacion/grupos/${cohort.id}/participantes/${learners[0].id}`),
          params: { grupo: cohort.id, usuario: learners[0].id },
          context: makeContext(trainer),
        }),
      )
      const learnerPage = spy.mock.calls.length
      spy.mockRestore()
      return { view, learnerPage }
    }
    const small = await countFor(2)
    const large = await countFor(12)
    expect(large).toEqual(small)
    expect(small.view).toBeLessThan(20)
  })
})
