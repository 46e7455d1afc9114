import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { AppLoadContext } from '@remix-run/node'
import { beforeAll, describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession, type SessionUser } from '#app/auth/session.server.ts'
import { listCertificatesOf } from '#app/certificates/certificates.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import { enrolByCode, readLesson, takeQuiz } from '#tests/learning-helpers.ts'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

// Who may use what: every route file in app/routes/ × every method it exports × six actors,
// with the answer a correct app gives. The list of routes comes from the directory, so a new
// route file fails this suite until someone decides, here, who may use it.

const ROUTES_DIR = fileURLToPath(new URL('../../app/routes/', import.meta.url))

const ACTORS = ['guest', 'learner', 'otherLearner', 'trainerOfOther', 'trainerOfCohort', 'admin'] as const
type Actor = (typeof ACTORS)[number]
type Method = 'GET' | 'POST'

/** A 302 to the sign-in page, as opposed to any other redirect. */
const SIGNIN = 'signin'
/** A 302 anywhere but the sign-in page (allowed: the app moved the person on). */
const MOVED = 'moved'
type Outcome = 200 | 400 | 403 | 404 | typeof SIGNIN | typeof MOVED
/** [guest, learner, other learner, trainer of another cohort, trainer of the cohort, admin] */
type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]

const everyone = (o: Outcome): Row => [o, o, o, o, o, o]
/** Any signed-in person; guests are sent to sign in. */
const signedIn = (o: Outcome): Row => [SIGNIN, o, o, o, o, o]
/** Only guests; signed-in people are sent home. */
const anonymousOnly = (o: Outcome): Row => [o, MOVED, MOVED, MOVED, MOVED, MOVED]
/** Trainers and admins. */
const staff = (o: Outcome): Row => [SIGNIN, 403, 403, o, o, o]
/** Trainers of this cohort and admins. */
const cohortStaff = (o: Outcome): Row => [SIGNIN, 403, 403, 403, o, o]
const adminOnly = (o: Outcome): Row => [SIGNIN, 403, 403, 403, 403, o]
/**
 * The learner's attempt result: only the learner and admins ("Only the learner and administrators
 * see an attempt", app/quiz/quiz-page.server.ts); trainers follow progress in the cohort report.
 */
const learnersAttempt: Row = [SIGNIN, 200, 403, 403, 403, 200]
/** The learner's certificate PDF: the holder, trainers of the holder's cohorts, admins. */
const learnersCertificate: Row = [SIGNIN, 200, 403, 403, 200, 200]

// POST cells send a harmless body (an unknown intent): 400 (or 404 for an unknown attempt)
// means "allowed, input rejected" and is told apart from 403.
const EXPECTED: Record<string, Partial<Record<Method, Row>>> = {
  '$.tsx': { GET: everyone(404) },
  '_index.tsx': { GET: everyone(200) },
  'admin._index.tsx': { GET: adminOnly(200) },
  'admin.usuarios._index.tsx': { GET: adminOnly(200) },
  // One person's page (the learner's account id); an unknown id is a 404 (tested below).
  'admin.usuarios.$usuario._index.tsx': { GET: adminOnly(200), POST: adminOnly(400) },
  'admin.certificados.tsx': { GET: adminOnly(200), POST: adminOnly(400) },
  'admin.auditoria.tsx': { GET: adminOnly(200) },
  'admin.auditoria[.]csv.tsx': { GET: adminOnly(200) },
  // A one-time link to change someone's PIN or password: GET explains, POST (intent create) makes it.
  'admin.usuarios.$usuario_.enlace.tsx': { GET: adminOnly(200), POST: adminOnly(400) },
  // The funder's indicators: aggregates only, still for administrators only (page, CSV, print view).
  'admin.indicadores.tsx': { GET: adminOnly(200) },
  'admin.indicadores[.]csv.tsx': { GET: adminOnly(200) },
  'admin.indicadores_.imprimir.tsx': { GET: adminOnly(200) },
  'certificados.$archivo.tsx': { GET: learnersCertificate },
  // Marking a lesson read: the learner already read it (moved back to the lesson); for the
  // others it is too soon after opening it (400).
  'cursos.$curso.$leccion.tsx': { GET: everyone(200), POST: [SIGNIN, MOVED, 400, 400, 400, 400] },
  'cursos.$curso._index.tsx': { GET: everyone(200) },
  // The pages and images "Descargar el curso" stores: public content, like the lessons.
  'cursos.$curso.descarga[.]json.tsx': { GET: everyone(200) },
  'cursos.$curso.evaluaciones.$quiz.tsx': { GET: everyone(200), POST: signedIn(404) },
  'cursos.$curso.evaluaciones.$quiz_.intentos.$intento.tsx': { GET: learnersAttempt },
  'cursos._index.tsx': { GET: everyone(200) },
  'estado.tsx': { GET: everyone(200) },
  'formacion._index.tsx': { GET: staff(200) },
  'formacion.grupos.$grupo._index.tsx': { GET: cohortStaff(200) },
  // An unknown intent changes nothing and goes back to the attendance page.
  'formacion.grupos.$grupo.asistencia.tsx': { GET: cohortStaff(200), POST: cohortStaff(MOVED) },
  'formacion.grupos.$grupo.asistencia[.]csv.tsx': { GET: cohortStaff(200) },
  'formacion.grupos.$grupo.matriz[.]csv.tsx': { GET: cohortStaff(200) },
  'formacion.grupos.$grupo.participantes.tsx': { GET: cohortStaff(200), POST: cohortStaff(400) },
  // One learner of the cohort (their account id); someone not in the cohort is a 404 (tested below).
  'formacion.grupos.$grupo.participantes_.$usuario.tsx': { GET: cohortStaff(200) },
  // The same link for a learner of the cohort, by its trainers (learners outside it: tested in reset-links.test.ts).
  'formacion.grupos.$grupo.participantes_.$usuario_.enlace.tsx': { GET: cohortStaff(200), POST: cohortStaff(400) },
  'formacion.grupos.$grupo.preguntas.tsx': { GET: cohortStaff(200) },
  'formacion.grupos.$grupo.resumen.tsx': { GET: cohortStaff(200) },
  'formacion.grupos.nuevo.tsx': { GET: staff(200), POST: staff(400) },
  'idioma.tsx': { GET: everyone(MOVED), POST: everyone(MOVED) },
  'ingresar.tsx': { GET: anonymousOnly(200), POST: anonymousOnly(400) },
  'mi-cuenta.datos[.]json.tsx': { GET: signedIn(200) },
  'mi-cuenta.tsx': { GET: signedIn(200), POST: signedIn(400) },
  'mis-certificados.tsx': { GET: signedIn(200) },
  'privacidad.tsx': { GET: everyone(200) },
  'programas.$programa._index.tsx': { GET: everyone(200) },
  'programas.$programa.evaluaciones.$quiz.tsx': { GET: everyone(200), POST: signedIn(404) },
  'programas.$programa.evaluaciones.$quiz_.intentos.$intento.tsx': { GET: learnersAttempt },
  'registro.tsx': { GET: anonymousOnly(200), POST: anonymousOnly(400) },
  // «¿Olvidó su contraseña?»: without SMTP_URL (as here) the page says whom to ask and takes no form.
  'recuperar.tsx': { GET: anonymousOnly(200), POST: anonymousOnly(404) },
  // A reset link anyone may open (it is the authority); an unknown token is a 404 for everyone.
  'restablecer.$token.tsx': { GET: everyone(404), POST: everyone(404) },
  // The offline page: no loader (it names nobody; the service worker keeps it for whoever comes next).
  'sin-conexion.tsx': {},
  'salir.tsx': { GET: everyone(MOVED), POST: everyone(MOVED) },
  'verificar.$codigo.tsx': { GET: everyone(200) },
  'verificar._index.tsx': { GET: everyone(200) },
}

const ROUTE_MODULE = /\.(tsx?|jsx?)$/
/**
 * Route modules as Remix v2 flat routes finds them: `app/routes/<name>.tsx`, and a folder
 * `app/routes/<name>/` whose `route.tsx` is the module (listed here as `<name>/route.tsx`).
 */
const routeFiles = readdirSync(ROUTES_DIR, { withFileTypes: true })
  .flatMap((entry) => {
    if (entry.isFile()) return ROUTE_MODULE.test(entry.name) ? [entry.name] : []
    if (!entry.isDirectory()) return []
    const module = readdirSync(`${ROUTES_DIR}${entry.name}`).find((f) => /^route\.(tsx?|jsx?)$/.test(f))
    return module ? [`${entry.name}/${module}`] : []
  })
  .sort()

// ---- seed -------------------------------------------------------------------------------

type Seed = {
  users: Record<Exclude<Actor, 'guest'>, SessionUser>
  cohortId: string
  courseAttemptId: string
  programmeAttemptId: string
  certificateCode: string
}
let seed: Seed

async function person(role: 'learner' | 'trainer' | 'admin', fullName: string): Promise<SessionUser> {
  const r = await registerAccount({ fullName, municipality: 'remedios', gender: null, profile: 'miner', role, username: uniqueName('u'), pin: '739154' })
  if (!r.ok) throw new Error(`could not register ${fullName}`)
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

const cohortRun = (trainerId: string) =>
  createCohort(
    { name: `Grupo ${uniqueName('')}`, municipality: 'remedios', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: ['curso-prueba'] },
    trainerId,
  )

beforeAll(async () => {
  const learner = await person('learner', 'Aprendiz Propia')
  const otherLearner = await person('learner', 'Aprendiz Ajena')
  const trainerOfOther = await person('trainer', 'Formador Ajeno')
  const trainerOfCohort = await person('trainer', 'Formadora Propia')
  const admin = await person('admin', 'Admin Programa')
  const cohort = cohortRun(trainerOfCohort.id)
  cohortRun(trainerOfOther.id)
  await enrolByCode(cohort.id, learner.id)

  for (const lesson of getCourseBySlug('curso-prueba')!.lessons) readLesson(learner.id, lesson)
  const course = takeQuiz(learner.id, getQuiz('prueba-m1-quiz')!)
  const programme = takeQuiz(learner.id, getQuiz('prog-prueba-examen')!)
  if (!course.ok || !programme.ok) throw new Error('the learner could not take the quizzes')
  const [certificate] = listCertificatesOf(learner.id)
  if (!certificate) throw new Error('the learner has no certificate')

  seed = {
    users: { learner, otherLearner, trainerOfOther, trainerOfCohort, admin },
    cohortId: cohort.id,
    courseAttemptId: course.attempt.id,
    programmeAttemptId: programme.attempt.id,
    certificateCode: formatCode(certificate.code),
  }
})

// ---- requests ---------------------------------------------------------------------------

/** Route params and URL path for a route file, from its name (Remix v2 flat routes). */
function placeOf(file: string): { params: Record<string, string>; path: string } {
  const isProgramme = file.startsWith('programas.')
  const value = (name: string): string => {
    switch (name) {
      case 'grupo':
        return seed.cohortId
      case 'curso':
        return 'curso-prueba'
      case 'leccion':
        return 'leccion-1'
      case 'quiz':
        return isProgramme ? 'examen-final' : 'modulo'
      case 'intento':
        return isProgramme ? seed.programmeAttemptId : seed.courseAttemptId
      case 'programa':
        return 'prog-prueba'
      case 'codigo':
        return seed.certificateCode
      case 'archivo':
        return `${seed.certificateCode}.pdf`
      case 'usuario':
        return seed.users.learner.id
      case 'token':
        return 'x'.repeat(43)
      default:
        throw new Error(`no value for the route param $${name} of ${file}: add one to placeOf`)
    }
  }
  const params: Record<string, string> = {}
  const segments = file
    .replace(/\/route\.(tsx?|jsx?)$/, '')
    .replace(/\.(tsx?|jsx?)$/, '')
    .split(/(?<!\[)\.(?!\])/)
    .filter((s) => s !== '_index')
    .map((raw) => {
      const s = raw.replace(/\[\.\]/g, '.').replace(/_$/, '')
      if (s === '$') {
        params['*'] = 'no-existe'
        return 'no-existe'
      }
      if (s.startsWith('$')) {
        const v = value(s.slice(1))
        params[s.slice(1)] = v
        return encodeURIComponent(v)
      }
      return s
    })
  return { params, path: `/${segments.join('/')}` }
}

function contextFor(actor: Actor): AppLoadContext {
  // One address per actor, so the per-address limits of one actor never answer for another.
  const ip = `203.0.113.${ACTORS.indexOf(actor) + 10}`
  return makeContext(actor === 'guest' ? null : seed.users[actor], ip)
}

function requestFor(method: Method, path: string) {
  const headers = { 'Accept-Language': 'es-CO' }
  if (method === 'GET') return new Request(`http://localhost${path}`, { headers })
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    body: new URLSearchParams({ intent: 'authorization-table-probe' }),
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
  })
}

type RouteModule = { loader?: (args: any) => Promise<unknown>; action?: (args: any) => Promise<unknown> }
const modules = new Map<string, RouteModule>()
async function load(file: string): Promise<RouteModule> {
  if (!modules.has(file)) modules.set(file, await import(/* @vite-ignore */ `${ROUTES_DIR}${file}`))
  return modules.get(file)!
}

async function outcomeOf(file: string, method: Method, actor: Actor): Promise<Outcome | number> {
  const mod = await load(file)
  const fn = method === 'GET' ? mod.loader : mod.action
  if (!fn) throw new Error(`${file} exports no ${method === 'GET' ? 'loader' : 'action'}`)
  const { params, path } = placeOf(file)
  const result = await runAction(() => fn({ request: requestFor(method, path), params, context: contextFor(actor) }))
  if (result.status === 302) return (result.headers.get('Location') ?? '').startsWith('/ingresar') ? SIGNIN : MOVED
  return result.status
}

// ---- the table --------------------------------------------------------------------------

describe('every route file has a decided authorization row', () => {
  test('no route file in app/routes/ is missing from the table, and no entry is stale', () => {
    expect(
      routeFiles.filter((f) => !(f in EXPECTED)),
      'route files with no entry in EXPECTED',
    ).toEqual([])
    expect(
      Object.keys(EXPECTED).filter((f) => !routeFiles.includes(f)),
      'entries in EXPECTED with no route file',
    ).toEqual([])
  })

  test('the methods in the table are exactly the ones each route exports', async () => {
    for (const file of routeFiles) {
      const mod = await load(file)
      const exported = [mod.loader ? 'GET' : null, mod.action ? 'POST' : null].filter(Boolean)
      expect(Object.keys(EXPECTED[file] ?? {}).sort(), file).toEqual(exported)
    }
  })
})

// GET cells first, then POST cells; none of the POST bodies changes anything a later cell reads.
for (const method of ['GET', 'POST'] as const) {
  describe(`${method} × actor`, () => {
    for (const file of routeFiles) {
      const row = EXPECTED[file]?.[method]
      if (!row) continue
      ACTORS.forEach((actor, i) => {
        test(`${method} ${file} as ${actor} → ${row[i]}`, async () => {
          expect(await outcomeOf(file, method, actor)).toBe(row[i])
        })
      })
    }
  })
}

describe('the learner page answers only for learners of the cohort', () => {
  test('a learner who is not in the cohort is a 404 for its trainer and for an admin', async () => {
    const file = 'formacion.grupos.$grupo.participantes_.$usuario.tsx'
    const { loader } = await load(file)
    for (const actor of ['trainerOfCohort', 'admin'] as const) {
      const path = `/formacion/grupos/${seed.cohortId}/participantes/${seed.users.otherLearner.id}`
      const result = await runAction(() =>
        loader!({ request: requestFor('GET', path), params: { grupo: seed.cohortId, usuario: seed.users.otherLearner.id }, context: contextFor(actor) }),
      )
      expect(result.status, actor).toBe(404)
    }
  })
})

describe('the administration is for administrators only', () => {
  test('every /admin route answers 403 to trainers (of this cohort and of another) and to learners, for every method', () => {
    const adminRoutes = Object.entries(EXPECTED).filter(([file]) => file.startsWith('admin.') || file.startsWith('admin/'))
    expect(adminRoutes.length).toBeGreaterThanOrEqual(4)
    for (const [file, methods] of adminRoutes) {
      for (const [method, row] of Object.entries(methods)) {
        expect([row[1], row[2], row[3], row[4]], `${method} ${file}`).toEqual([403, 403, 403, 403])
      }
    }
  })

  test("an unknown person's page is a 404 for an admin", async () => {
    const { loader } = await load('admin.usuarios.$usuario._index.tsx')
    const result = await runAction(() =>
      loader!({ request: requestFor('GET', '/admin/usuarios/no-existe'), params: { usuario: 'no-existe' }, context: contextFor('admin') }),
    )
    expect(result.status).toBe(404)
  })
})
