import type { BrowserContext, Page } from '@playwright/test'
import { expect, signIn, spendReadingTime, test, quizQuestions } from './fixtures.ts'

// Where the signal doesn't reach: a downloaded course opens offline; "Marcar como leída" and a
// quiz sent with no signal arrive once when it returns; a write queued by one learner and
// replayed after another signed in on the same browser is credited to the first, never the second.

const course = '/cursos/formalizacion-minera'
const lesson = `${course}/titulo-minero`
const quizUrl = `${course}/evaluaciones/entender-la-formalizacion`

async function workerReady(page: Page) {
  await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.ready).active) && Boolean(navigator.serviceWorker.controller), null, {
    timeout: 15_000,
  })
}

async function db() {
  const { db } = await import('#app/db/client.server.ts')
  const schema = await import('#app/db/schema.ts')
  const { and, eq } = await import('drizzle-orm')
  return { db, schema, and, eq }
}

async function lessonCompletion(userId: string, lessonId: string) {
  const { db: d, schema, and, eq } = await db()
  return d
    .select({ completedAt: schema.lessonProgress.completedAt })
    .from(schema.lessonProgress)
    .where(and(eq(schema.lessonProgress.userId, userId), eq(schema.lessonProgress.lessonId, lessonId)))
    .get()?.completedAt
}

async function auditCount(userId: string, action: string) {
  const { db: d, schema, and, eq } = await db()
  return d
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.actorId, userId), eq(schema.auditEvents.action, action)))
    .all().length
}

async function lessonIdOf(path: string) {
  const { findLesson } = await import('#app/content/content.server.ts')
  const [, , courseSlug, lessonSlug] = path.split('/')
  return findLesson(courseSlug!, lessonSlug!)!.lesson.id
}

/** The signal returns while the learner is on a page: the page's `online` event asks the worker to send. */
async function backOnline(context: BrowserContext) {
  await context.setOffline(false)
}

test('a downloaded course opens with no signal; a page never kept shows the Spanish offline page', async ({ page, context }) => {
  await page.goto(course)
  await workerReady(page)
  await page.getByRole('button', { name: 'Descargar el curso para leer sin conexión' }).click()
  await expect(page.getByText(/Descargado en este equipo: \d+ páginas, [\d,.]+ (KB|MB)\./)).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('button', { name: 'Borrar la descarga' })).toBeVisible()

  await context.setOffline(true)
  // A lesson of the course that was never opened online.
  await page.goto(lesson)
  await expect(page.getByRole('heading', { level: 1, name: 'El título minero y el contrato de concesión' })).toBeVisible()

  await page.goto('/mis-certificados')
  await expect(page.getByRole('heading', { level: 1, name: 'Sin conexión' })).toBeVisible()
  await expect(page.locator('#offline-available')).toContainText('Curso descargado: Formalización minera')

  await context.setOffline(false)
  await page.goto(course)
  await page.getByRole('button', { name: 'Borrar la descarga' }).click()
  await expect(page.getByText('Se borró la descarga de este equipo.')).toBeVisible()
  expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('aula-curso-')))).toEqual([])
})

test('«Marcar como leída» and a quiz sent with no signal are kept on the device and arrive once when it returns', async ({ page, context, createUser }) => {
  const user = await createUser()
  await signIn(page, user.username, user.pin)
  await page.goto(lesson)
  await workerReady(page)
  await page.reload() // now through the worker: the lesson is kept on this device
  await spendReadingTime(user.username)
  const lessonId = await lessonIdOf(lesson)
  // The quiz in a second tab, started and answered while there is signal.
  const quizTab = await context.newPage()
  await quizTab.goto(quizUrl)
  await quizTab.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  for (const fieldset of await quizQuestions(quizTab)) await fieldset.locator('input').first().check()

  await context.setOffline(true)
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByText('Sin conexión: su lectura quedó guardada en este equipo y se enviará cuando vuelva la señal.')).toBeVisible()
  // A second press while still offline keeps one write, not two.
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByText(/su lectura quedó guardada/)).toBeVisible()
  expect(await lessonCompletion(user.id, lessonId)).toBeFalsy()

  await quizTab.getByRole('button', { name: 'Entregar respuestas' }).click()
  await expect(quizTab.getByText('Sin conexión: sus respuestas quedaron guardadas en este equipo y se enviarán cuando vuelva la señal.')).toBeVisible()
  await expect(quizTab.locator('#offline-pending li')).toHaveCount(2)
  await quizTab.close()
  expect(await auditCount(user.id, 'quiz.submitted')).toBe(0)

  await backOnline(context)
  await expect(page.getByText('Se envió lo que estaba pendiente: 2.')).toBeVisible({ timeout: 15_000 })
  expect(await lessonCompletion(user.id, lessonId)).toBeTruthy()
  expect(await auditCount(user.id, 'lesson.completed')).toBe(1)
  expect(await auditCount(user.id, 'quiz.submitted')).toBe(1)
  // Nothing left to send, and loading pages again sends nothing twice.
  await page.goto('/sin-conexion')
  await expect(page.locator('#offline-pending')).toContainText('No hay nada pendiente de enviar.')
  await page.reload()
  expect(await auditCount(user.id, 'quiz.submitted')).toBe(1)
  expect(await auditCount(user.id, 'lesson.completed')).toBe(1)
})

test("learner A's write queued offline and replayed after B signs in on the same browser goes to A, never to B", async ({ page, context, createUser }) => {
  const a = await createUser()
  const b = await createUser()
  await signIn(page, a.username, a.pin)
  await page.goto(lesson)
  await workerReady(page)
  await page.reload()
  await spendReadingTime(a.username)
  const lessonId = await lessonIdOf(lesson)

  await context.setOffline(true)
  await page.getByRole('button', { name: 'Marcar como leída' }).click()
  await expect(page.getByText(/su lectura quedó guardada en este equipo/)).toBeVisible()

  // A leaves; B sits down and is signed in before the signal returns.
  await context.clearCookies()
  const { createUserSession } = await import('#app/auth/session.server.ts')
  const { cookie } = await createUserSession(b.id, { shared: true })
  const [pair] = cookie.split(';')
  const [name, value] = pair!.split('=')
  await context.addCookies([{ name: name!, value: value!, url: new URL(page.url()).origin }])

  await backOnline(context)
  await expect(page.getByText('Se envió lo que estaba pendiente: 1.')).toBeVisible({ timeout: 15_000 })
  await page.goto('/cursos')
  await expect(page.getByTestId('signed-in-name')).toContainText(b.fullName)
  expect(await lessonCompletion(a.id, lessonId)).toBeTruthy()
  expect(await lessonCompletion(b.id, lessonId)).toBeFalsy()
  // The browser no longer holds A's pages for B to open.
  expect(await page.evaluate(async (url) => Boolean(await caches.match(url)), lesson)).toBe(false)
})

test('learner pages load no framework runtime, only the small enhancement script; trainer pages still hydrate', async ({ page, createUser }) => {
  // The scripts each page loads (a set: the service worker precaching the same file while a page
  // loads is not a second script of the page).
  const scripts = new Set<string>()
  page.on('request', (r) => r.resourceType() === 'script' && !r.serviceWorker() && scripts.add(new URL(r.url()).pathname))
  for (const path of ['/', '/cursos', course, lesson, quizUrl, '/verificar', '/ingresar', '/registro']) {
    scripts.clear()
    await page.goto(path)
    await page.waitForLoadState('load')
    expect([...scripts], path).toEqual([expect.stringMatching(/^\/assets\/enhance-[\w-]+\.js$/)])
    expect(await page.evaluate(() => 'React' in window || '__remixContext' in window), path).toBe(false)
  }
  const trainer = await createUser('trainer')
  await signIn(page, trainer.username, trainer.pin)
  scripts.clear()
  await page.goto('/formacion')
  await page.waitForLoadState('load')
  expect([...scripts].some((s) => s.startsWith('/build/'))).toBe(true)
})

test('«Escuchar» on a device with no Spanish voice and no reachable recorded audio says so instead of pretending to play', async ({ page, context }) => {
  // A phone whose speech synthesis lists only an English voice; this build has no recorded clips (AULA_AUDIO=0).
  await page.addInitScript(() => {
    const english = [{ lang: 'en-US', name: 'English', default: true, localService: true, voiceURI: 'en' }]
    Object.defineProperty(window.speechSynthesis, 'getVoices', { value: () => english })
  })
  // Recorded clips, if this build has them, cannot be fetched either (no signal, not downloaded).
  await context.route('**/audio/**', (route) => route.abort())
  await page.goto(lesson)
  const listen = page.getByRole('button', { name: 'Escuchar' })
  await expect(listen.locator('svg')).toHaveCount(1) // an inline icon, not an emoji that may render as a box
  await listen.click()
  await expect(page.getByText('Este equipo no puede leer en voz alta')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Pausar' })).toBeHidden()
  await expect(listen).toBeVisible()
})

test('with a Spanish voice, «Escuchar» reads the lesson with it, and «Detener» stops', async ({ page }) => {
  await page.addInitScript(() => {
    const spoken: string[] = []
    ;(window as unknown as { spoken: string[] }).spoken = spoken
    const voices = [
      { lang: 'en-US', name: 'English', default: true, localService: true, voiceURI: 'en' },
      { lang: 'es-MX', name: 'Español México', default: false, localService: true, voiceURI: 'es-mx' },
      { lang: 'es-CO', name: 'Español Colombia', default: false, localService: true, voiceURI: 'es-co' },
    ]
    Object.defineProperty(window.speechSynthesis, 'getVoices', { value: () => voices })
    // The fake voices are plain objects: a plain utterance accepts them.
    class Utterance {
      text: string
      voice: unknown = null
      lang = ''
      rate = 1
      onstart: ((e: Event) => void) | null = null
      onend: ((e: Event) => void) | null = null
      onerror: ((e: Event) => void) | null = null
      constructor(text: string) {
        this.text = text
      }
    }
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance })
    Object.defineProperty(window.speechSynthesis, 'speak', {
      value: (u: SpeechSynthesisUtterance) => {
        spoken.push(`${u.voice?.lang}|${u.text}`)
        setTimeout(() => u.onstart?.call(u, new Event('start') as SpeechSynthesisEvent), 10)
      },
    })
    Object.defineProperty(window.speechSynthesis, 'cancel', { value: () => undefined })
  })
  await page.goto(lesson)
  await page.getByRole('button', { name: 'Escuchar' }).click()
  await expect(page.getByRole('button', { name: 'Detener' })).toBeVisible()
  const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken)
  expect(spoken.length).toBeGreaterThan(5)
  expect(spoken.every((s) => s.startsWith('es-CO|'))).toBe(true)
  await page.getByRole('button', { name: 'Detener' }).click()
  await expect(page.getByRole('button', { name: 'Escuchar' })).toBeVisible()
})

test('only writes signed for their learner wait offline: «Comenzar» with no signal is not queued and never starts an attempt later', async ({
  page,
  context,
  createUser,
}) => {
  const user = await createUser()
  await signIn(page, user.username, user.pin)
  await page.goto(quizUrl)
  await workerReady(page)
  await context.setOffline(true)
  await page.getByRole('button', { name: 'Comenzar la evaluación' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sin conexión' })).toBeVisible()
  await expect(page.locator('#offline-pending')).toContainText('No hay nada pendiente de enviar.')
  await backOnline(context)
  await page.goto('/cursos')
  await page.waitForTimeout(1000)
  const { db: d, schema, eq } = await db()
  expect(d.select().from(schema.quizAttempts).where(eq(schema.quizAttempts.userId, user.id)).all()).toHaveLength(0)
})
