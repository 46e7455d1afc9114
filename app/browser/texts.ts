// The texts the enhancement script shows come from i18next on the server (root.tsx
// writes them into the page as JSON), so they are translated like every other text.

type Texts = Record<string, string>
let texts: Texts | undefined

function load(): Texts {
  const element = document.getElementById('aula-textos')
  try {
    return element?.textContent ? (JSON.parse(element.textContent) as Texts) : {}
  } catch {
    return {}
  }
}

/** A text by key, with `{{name}}` placeholders filled in. */
export function t(key: string, values: Record<string, string | number> = {}): string {
  texts ??= load()
  const text = texts[key] ?? key
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''))
}

/** "1,2 MB", "350 KB": sizes as a learner reads them. */
export function formatBytes(bytes: number): string {
  const lang = document.documentElement.lang || 'es-CO'
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toLocaleString(lang, { maximumFractionDigits: 1 })} MB`
  return `${Math.max(1, Math.round(bytes / 1000)).toLocaleString(lang)} KB`
}

/** Shows a short message in a polite live region next to `anchor` (created once per anchor). */
export function announce(anchor: Element, message: string, { error = false } = {}): HTMLElement {
  let region = anchor.querySelector<HTMLElement>(':scope > .js-announce')
  if (!region) {
    region = document.createElement('p')
    region.className = 'notice js-announce'
    region.setAttribute('role', 'status')
    anchor.append(region)
  }
  region.classList.toggle('notice-error', error)
  region.textContent = message
  region.hidden = false
  return region
}
