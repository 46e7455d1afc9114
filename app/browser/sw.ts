/// <reference lib="webworker" />
// The service worker (Workbox modules, bundled by scripts/build-browser.ts, precache
// manifest injected by workbox-build). It keeps the shell and every learner page opened,
// serves downloaded courses with no signal, and keeps "Marcar como leída" and quiz
// submissions made offline until they can be sent: once, to the learner named in their token.
import { Queue } from 'workbox-background-sync'
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching'
import { registerRoute, setCatchHandler, setDefaultHandler } from 'workbox-routing'
import { NetworkFirst, NetworkOnly } from 'workbox-strategies'
import type { PendingWrite } from './offline.ts'
import { PAGES_CACHE } from './storage.ts'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: { url: string; revision: string | null }[] }

const OFFLINE_PAGE = '/sin-conexion'
const LEARNER_PAGE = /^\/(?:$|cursos(?:\/[^/]+(?:\/[^/]+)?)?$|programas\/[^/]+$)/
const LESSON_PAGE = /^\/cursos\/[^/]+\/[^/]+$/
const QUIZ_PAGE = /^\/(?:cursos|programas)\/[^/]+\/evaluaciones\/[^/]+$/

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()
self.addEventListener('install', () => void self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

async function offlineCopy(request: Request): Promise<Response> {
  return (await caches.match(request, { ignoreSearch: true })) ?? (await matchPrecache(OFFLINE_PAGE)) ?? Response.error()
}

// Learner pages: the network first (fresh progress), this device's copy when there is no signal
// (or after 8 s of a weak one), then the offline page.
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && url.origin === self.location.origin && LEARNER_PAGE.test(url.pathname),
  new NetworkFirst({
    cacheName: PAGES_CACHE,
    networkTimeoutSeconds: 8,
    plugins: [
      { cacheWillUpdate: async ({ response }) => (response.status === 200 && !response.redirected ? response : null) },
      { handlerDidError: async ({ request }) => offlineCopy(request) },
    ],
  }),
)

// Images and recorded audio: a downloaded copy if there is one, else the network.
registerRoute(
  ({ url }) => url.origin === self.location.origin && (url.pathname.startsWith('/contenido/') || url.pathname.startsWith('/audio/')),
  async ({ request }) => (await caches.match(request)) ?? fetch(request),
)

// ---- writes made with no signal ---------------------------------------------------------

type Metadata = PendingWrite & { key: string }
let replaying: Promise<void> | null = null

const queue = new Queue('aula-envios', {
  maxRetentionTime: 30 * 24 * 60, // minutes: as long as the write tokens last
  onSync: () => replayQueue(),
})

// The last outcome of sending, kept in a cache rather than in memory: sending may happen in a
// Background Sync event with no page open, or the worker may be stopped in between. Pages
// show an outcome once (they remember the last `at` they showed).
const REPORT_URL = '/__aula/envios'
const REPORT_CACHE = 'aula-estado'
type Report = { at: number; sent: number; refused: number }

async function readReport(): Promise<Report | null> {
  const stored = await (await caches.open(REPORT_CACHE)).match(REPORT_URL)
  return stored ? ((await stored.json()) as Report) : null
}

async function report(client: Client | MessagePort | ServiceWorker | null) {
  const last = await readReport()
  if (last && client) client.postMessage({ type: 'sent', ...last })
}

async function reportToAll(outcome: Report) {
  await (await caches.open(REPORT_CACHE)).put(REPORT_URL, new Response(JSON.stringify(outcome)))
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage({ type: 'sent', ...outcome })
}

/** Sends what waits, oldest first; stops at the first network failure and keeps the rest. */
function replayQueue(): Promise<void> {
  replaying ??= (async () => {
    let sent = 0
    let refused = 0
    try {
      for (let entry = await queue.shiftRequest(); entry; entry = await queue.shiftRequest()) {
        let response: Response
        try {
          response = await fetch(entry.request.clone(), { redirect: 'manual' })
        } catch (error) {
          await queue.unshiftRequest(entry)
          throw error
        }
        // Any answer is the server's decision: a redirect or 200 saved it; 4xx refused it.
        if (response.status >= 500) {
          await queue.unshiftRequest(entry)
          break
        }
        if (response.status >= 400) refused += 1
        else sent += 1
      }
    } finally {
      replaying = null
      if (sent + refused > 0) await reportToAll({ at: Date.now(), sent, refused })
    }
  })()
  return replaying
}

async function submitOrKeep({ request, url }: { request: Request; url: URL }): Promise<Response> {
  const kept = request.clone()
  try {
    return await fetch(request)
  } catch {
    const form = await kept
      .clone()
      .formData()
      .catch(() => null)
    // Only a write signed for its learner may wait and be sent later (never «Comenzar», never a
    // guest's form): sent after someone else signs in, anything else would act as that person.
    if (!form?.get('writeToken')) return Response.redirect(OFFLINE_PAGE, 303)
    const kind: PendingWrite['kind'] = QUIZ_PAGE.test(url.pathname) ? 'quiz' : 'lesson'
    // One write per page and token: sending the same form twice offline keeps it once.
    const key = `${url.pathname}|${String(form.get('writeToken'))}|${String(form.get('attemptId') ?? '')}`
    const waiting = await queue.getAll()
    if (!waiting.some((e) => (e.metadata as Metadata | undefined)?.key === key)) {
      const metadata: Metadata = { kind, page: url.pathname, at: Date.now(), key }
      await queue.pushRequest({ request: kept, metadata })
    }
    const timed = kind === 'quiz' && form.get('timed') === '1'
    const back = kind === 'lesson' ? `${url.pathname}?guardado=leccion#completar` : `${OFFLINE_PAGE}?guardado=${timed ? 'evaluacion-tiempo' : 'evaluacion'}`
    return Response.redirect(back, 303)
  }
}

registerRoute(
  ({ request, url }) => request.method === 'POST' && url.origin === self.location.origin && (LESSON_PAGE.test(url.pathname) || QUIZ_PAGE.test(url.pathname)),
  submitOrKeep,
  'POST',
)

self.addEventListener('message', (event) => {
  const type = (event.data as { type?: string } | null)?.type
  if (type === 'replay')
    event.waitUntil(
      replayQueue()
        .catch(() => undefined)
        .then(() => report(event.source)),
    )
  if (type === 'pending') {
    event.waitUntil(
      // Not in the middle of a send, when an entry is briefly out of the queue.
      (replaying ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => queue.getAll())
        .then((entries) => {
          const list = entries.map((e) => e.metadata as Metadata).map(({ kind, page, at }) => ({ kind, page, at }))
          event.ports[0]?.postMessage(list)
        }),
    )
  }
})

// Everything else goes to the network; a page that cannot load says so in Spanish.
setDefaultHandler(new NetworkOnly())
setCatchHandler(async ({ request }) => (request.destination === 'document' || request.mode === 'navigate' ? offlineCopy(request) : Response.error()))
