import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInstance, type Resource, type TFunction } from 'i18next'
import { getEnv } from '#app/utils/env.server.ts'
import i18nConfig, { supportedLanguages, type Language } from './config.ts'

const localesDir = resolve('./public/locales')

function readResources(): Resource {
  const resources: Resource = {}
  for (const lng of supportedLanguages) {
    resources[lng] = {}
    for (const file of readdirSync(join(localesDir, lng))) {
      if (!file.endsWith('.json')) continue
      resources[lng][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(localesDir, lng, file), 'utf8'))
    }
  }
  return resources
}

let cached: Resource | undefined
/** All locale files, read once (re-read on every call in development so edits show on reload). */
export function getResources(): Resource {
  if (getEnv().NODE_ENV === 'development') return readResources()
  cached ??= readResources()
  return cached
}

const instances = new Map<string, ReturnType<typeof createInstance>>()

/**
 * An i18next instance for a language and set of namespaces. Nothing in a request changes its
 * language or resources, so in production one instance per (language, namespaces) is reused
 * instead of initialising a new one on every request; development always builds a fresh one.
 */
export async function createI18nInstance(lng: Language, ns: string[]) {
  const key = `${lng}|${ns.join(',')}`
  const cached = getEnv().NODE_ENV === 'development' ? undefined : instances.get(key)
  if (cached) return cached
  const instance = createInstance()
  await instance.init({ ...i18nConfig, lng, ns, resources: getResources(), initImmediate: false })
  rememberPlainTranslations(instance)
  instances.set(key, instance)
  return instance
}

type I18n = ReturnType<typeof createInstance>
// What a component's `t` adds to a call by itself: a call with nothing else is plain. (`lngs`,
// a list of languages to try first, is plain only when empty: react-i18next passes null.)
const PLAIN_OPTIONS = new Set(['lng', 'lngs', 'ns', 'keyPrefix'])
const MAX_REMEMBERED = 5000

/**
 * A page's header, footer and labels ask for the same texts on every request, and i18next
 * resolves each one anew (namespaces, fallbacks, plural suffixes, interpolation scan): a tenth
 * of a page's server time (issue 16). Resources never change under an instance, so a plain
 * call's answer is kept; calls with values, counts or defaults are translated every time.
 */
function rememberPlainTranslations(instance: I18n) {
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown
  const remembered = new Map<string, unknown>()
  instance.t = ((...args: unknown[]) => {
    const [key, options] = args as [unknown, Record<string, unknown> | undefined]
    const plain =
      typeof key === 'string' &&
      args.length <= 2 &&
      (options == null || (typeof options === 'object' && options.lngs == null && Object.keys(options).every((name) => PLAIN_OPTIONS.has(name))))
    if (!plain) return translate(...args)
    const ns = options?.ns
    const memoKey = `${String(options?.lng ?? '')}|${Array.isArray(ns) ? ns.join(',') : String(ns ?? '')}|${String(options?.keyPrefix ?? '')}|${key}`
    if (remembered.has(memoKey)) return remembered.get(memoKey)
    const text = translate(...args)
    if (remembered.size < MAX_REMEMBERED) remembered.set(memoKey, text)
    return text
  }) as unknown as I18n['t']
}

/** For loaders and actions: messages, meta titles, e-mails. */
export async function getFixedT(lng: Language, ns: string | string[] = 'common'): Promise<TFunction> {
  const namespaces = Array.isArray(ns) ? ns : [ns]
  const instance = await createI18nInstance(lng, namespaces)
  return instance.getFixedT(lng, namespaces)
}
