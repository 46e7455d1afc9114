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
  instances.set(key, instance)
  return instance
}

/** For loaders and actions: messages, meta titles, e-mails. */
export async function getFixedT(lng: Language, ns: string | string[] = 'common'): Promise<TFunction> {
  const namespaces = Array.isArray(ns) ? ns : [ns]
  const instance = await createI18nInstance(lng, namespaces)
  return instance.getFixedT(lng, namespaces)
}
