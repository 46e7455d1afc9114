import { PAGES_CACHE, downloads, forgetOtherLearners, titles } from './storage.ts'
import { announce, formatBytes, t } from './texts.ts'

// The page's side of working offline: register the service worker, forget what belonged to
// someone else, ask the worker to send what waits whenever there may be signal again, and
// fill in the offline page.

export type PendingWrite = { kind: 'lesson' | 'quiz'; page: string; at: number }
type WorkerMessage = { type: 'sent'; at: number; sent: number; refused: number }
const SHOWN_KEY = 'aula:envios-mostrados'

const LEARNER_PAGE = /^\/(?:$|cursos(?:\/[^/]+(?:\/[^/]+)?)?$|programas\/[^/]+$)/

function ask<T>(message: unknown): Promise<T | null> {
  const worker = navigator.serviceWorker?.controller
  if (!worker) return Promise.resolve(null)
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = (event) => resolve(event.data as T)
    worker.postMessage(message, [channel.port2])
    setTimeout(() => resolve(null), 3000)
  })
}

function replay() {
  if (navigator.onLine === false) return // it would only fail; `online` will call again
  navigator.serviceWorker?.controller?.postMessage({ type: 'replay' })
}

function onWorkerMessage(event: MessageEvent<WorkerMessage>) {
  const data = event.data
  if (data?.type !== 'sent' || data.sent + data.refused === 0) return
  // Every open page hears the outcome; say it once, on whichever page is in front first.
  if (Number(localStorage.getItem(SHOWN_KEY) ?? 0) >= data.at) return
  localStorage.setItem(SHOWN_KEY, String(data.at))
  const anchor = document.getElementById('contenido') ?? document.body
  if (data.refused) announce(anchor, t('refused'), { error: true })
  else announce(anchor, t('sent', { count: data.sent }))
}

/** On the lesson the worker sent back to after a mark-read with no signal: say it was kept. */
function showSavedHere() {
  const saved = new URLSearchParams(location.search).get('guardado')
  if (!saved) return
  const target = document.getElementById('offline-saved') ?? document.getElementById('completar')
  if (!target) return
  const message = saved === 'evaluacion' ? t('savedQuiz') : t('savedLesson')
  if (target.id === 'offline-saved') {
    target.textContent = saved === 'evaluacion-tiempo' ? `${t('savedQuiz')} ${t('timedQuiz')}` : message
    target.hidden = false
    target.focus()
  } else {
    const region = announce(target, message)
    region.tabIndex = -1
    region.focus()
  }
}

function list(container: HTMLElement, items: string[]) {
  container.replaceChildren()
  if (!items.length) {
    const empty = document.createElement('p')
    empty.textContent = container.dataset.empty ?? ''
    container.append(empty)
    return
  }
  const ul = document.createElement('ul')
  for (const item of items) {
    const li = document.createElement('li')
    li.innerHTML = item
    ul.append(li)
  }
  container.append(ul)
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const link = (href: string, text: string) => `<a href="${escape(href)}">${escape(text)}</a>`

/** The offline page: what this device holds, and what waits to be sent. */
async function fillOfflinePage() {
  const available = document.getElementById('offline-available')
  const pending = document.getElementById('offline-pending')
  if (!available || !pending) return
  const known = titles.all()
  const items: string[] = []
  const downloaded = downloads.all()
  for (const [slug, d] of Object.entries(downloaded)) items.push(link(`/cursos/${slug}`, t('downloadedCourse', { title: d.title, size: formatBytes(d.bytes) })))
  if ('caches' in window) {
    const cache = await caches.open(PAGES_CACHE)
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname
      if (Object.keys(downloaded).some((slug) => path.startsWith(`/cursos/${slug}`))) continue
      items.push(link(path, t('keptPage', { title: known[path] ?? path })))
    }
  }
  list(available, items)
  const waiting = (await ask<PendingWrite[]>({ type: 'pending' })) ?? []
  list(
    pending,
    waiting.map((w) => escape(t(w.kind === 'quiz' ? 'pendingQuiz' : 'pendingLesson', { title: known[w.page] ?? w.page }))),
  )
}

export async function enhanceOffline() {
  await forgetOtherLearners(document.body.dataset.learner)
  // Remember the titles of learner pages, so the offline page can list them by name.
  if (LEARNER_PAGE.test(location.pathname)) titles.remember(location.pathname, document.title.split(' · ')[0] ?? location.pathname)
  showSavedHere()
  if (!('serviceWorker' in navigator)) return
  navigator.serviceWorker.addEventListener('message', onWorkerMessage)
  // Messages from the worker wait until the page says it listens (addEventListener alone does not).
  navigator.serviceWorker.startMessages()
  try {
    await navigator.serviceWorker.register('/sw.js')
  } catch {
    return // no worker (private mode, old browser): pages still work online
  }
  await navigator.serviceWorker.ready
  // Whenever there may be signal again, send what waits (Background Sync only exists in Chromium).
  replay()
  addEventListener('online', () => {
    replay()
    // The offline page said there was no signal: say it is back and show what is still waiting.
    if (document.getElementById('offline-pending')) {
      announce(document.getElementById('offline-saved')?.parentElement ?? document.body, t('backOnline'))
      setTimeout(() => void fillOfflinePage(), 2000)
    }
  })
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && replay())
  if (!navigator.onLine) announce(document.getElementById('contenido') ?? document.body, t('offlineNow'))
  await fillOfflinePage()
}
