// What the enhancement script keeps on the device besides the service worker's caches:
// titles of pages kept, downloaded courses, quiz drafts, and whose they are.

export const PAGES_CACHE = 'aula-paginas'
export const DOWNLOAD_CACHE_PREFIX = 'aula-curso-'
const OWNER_KEY = 'aula:titular'
const TITLES_KEY = 'aula:titulos'
const DOWNLOADS_KEY = 'aula:descargas'
export const DRAFT_PREFIX = 'aula:borrador:'
/** Whose quiz drafts this device holds (a signed-in learner's id). */
const DRAFT_OWNER_KEY = 'aula:titular-borradores'

export type DownloadRecord = { title: string; pages: number; bytes: number; at: number }

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key)
    return raw ? (JSON.parse(raw) as T) : fallback
  } catch {
    return fallback
  }
}

function write(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // storage full or disabled: the page still works, it just remembers less
  }
}

export const titles = {
  all: () => read<Record<string, string>>(TITLES_KEY, {}),
  remember(url: string, title: string) {
    const all = titles.all()
    all[url] = title
    write(TITLES_KEY, all)
  },
}

export const downloads = {
  all: () => read<Record<string, DownloadRecord>>(DOWNLOADS_KEY, {}),
  set(slug: string, record: DownloadRecord | null) {
    const all = downloads.all()
    if (record) all[slug] = record
    else delete all[slug]
    write(DOWNLOADS_KEY, all)
  },
}

/**
 * A shared computer: when the person on this page is not the one whose pages this device
 * kept (someone signed out, or someone else signed in), forget those pages and downloads.
 * Quiz drafts outlive a sign-out (the idle sign-out of a shared computer lands a learner on the
 * sign-in page mid-quiz): each belongs to one attempt only its learner can open, and they are
 * forgotten as soon as someone else signs in. Writes still waiting to be sent are kept: each
 * carries its own learner's token.
 */
export async function forgetOtherLearners(current: string | undefined) {
  if (current === undefined) return // a page that names nobody (the offline page)
  if (current && read<string | null>(DRAFT_OWNER_KEY, null) !== current) {
    for (const key of Object.keys(localStorage)) if (key.startsWith(DRAFT_PREFIX)) localStorage.removeItem(key)
    write(DRAFT_OWNER_KEY, current)
  }
  const owner = read<string | null>(OWNER_KEY, null)
  if (owner === current) return
  if (owner) {
    if ('caches' in window) {
      for (const name of await caches.keys()) if (name === PAGES_CACHE || name.startsWith(DOWNLOAD_CACHE_PREFIX)) await caches.delete(name)
    }
    for (const key of Object.keys(localStorage)) if (key === DOWNLOADS_KEY || key === TITLES_KEY) localStorage.removeItem(key)
  }
  write(OWNER_KEY, current)
}
