import { DOWNLOAD_CACHE_PREFIX, downloads, titles } from './storage.ts'
import { announce, formatBytes, t } from './texts.ts'

// "Descargar el curso para leer sin conexión": every page and image of the course (and its
// audio, if the learner asks) into a cache of its own, with the space it takes; "Borrar la
// descarga" removes it. Pages are fetched with a header that tells the server not to count
// them as opened.

type CourseDownload = { slug: string; title: string; pages: { url: string; title: string }[]; assets: string[]; audio?: { urls: string[]; bytes: number } }

async function store(cache: Cache, url: string, headers: HeadersInit = {}): Promise<number> {
  const response = await fetch(url, { headers, credentials: 'same-origin' })
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  const size = (await response.clone().arrayBuffer()).byteLength
  await cache.put(url, response)
  return size
}

function mount(host: HTMLElement) {
  const slug = host.dataset.course ?? ''
  const cacheName = `${DOWNLOAD_CACHE_PREFIX}${slug}`
  const start = document.createElement('button')
  start.type = 'button'
  start.className = 'button secondary'
  start.textContent = t('download')
  const remove = document.createElement('button')
  remove.type = 'button'
  remove.className = 'button secondary'
  remove.textContent = t('deleteDownload')
  const hint = document.createElement('p')
  hint.className = 'hint'
  hint.textContent = t('downloadHint')
  const audioBytes = Number(host.dataset.audioBytes ?? 0)
  const withAudio = document.createElement('label')
  withAudio.className = 'option'
  const audioBox = document.createElement('input')
  audioBox.type = 'checkbox'
  withAudio.append(audioBox, ` ${t('withAudio', { size: formatBytes(audioBytes) })}`)

  const render = () => {
    const record = downloads.all()[slug]
    start.hidden = Boolean(record)
    withAudio.hidden = Boolean(record) || audioBytes === 0
    remove.hidden = !record
    hint.hidden = Boolean(record)
    if (record) announce(host, t('downloaded', { pages: record.pages, size: formatBytes(record.bytes) }))
  }

  start.addEventListener('click', async () => {
    start.disabled = true
    try {
      const manifest = (await (await fetch(`/cursos/${slug}/descarga.json`)).json()) as CourseDownload
      const cache = await caches.open(cacheName)
      const extra = [...manifest.assets, ...(audioBox.checked ? (manifest.audio?.urls ?? []) : [])]
      const total = manifest.pages.length + extra.length
      let done = 0
      let bytes = 0
      for (const page of manifest.pages) {
        bytes += await store(cache, page.url, { 'X-Aula-Descarga': '1' })
        titles.remember(page.url, page.title)
        announce(host, t('downloading', { done: ++done, total }))
      }
      for (const url of extra) {
        bytes += await store(cache, url)
        announce(host, t('downloading', { done: ++done, total }))
      }
      downloads.set(slug, { title: manifest.title, pages: manifest.pages.length, bytes, at: Date.now() })
    } catch {
      await caches.delete(cacheName)
      announce(host, t('downloadFailed'), { error: true })
    } finally {
      start.disabled = false
    }
    render()
  })
  remove.addEventListener('click', async () => {
    await caches.delete(cacheName)
    downloads.set(slug, null)
    render()
    announce(host, t('deleted'))
  })
  host.append(hint, withAudio, start, remove)
  host.hidden = false
  render()
}

export function enhanceDownloads() {
  if (!('caches' in window) || !('serviceWorker' in navigator)) return
  for (const host of Array.from(document.querySelectorAll<HTMLElement>('[data-course-download]'))) mount(host)
}
