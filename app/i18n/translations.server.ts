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

/** A fresh i18next instance for one request; never shared between requests. */
export async function createI18nInstance(lng: Language, ns: string[]) {
  const instance = createInstance()
  await instance.init({ ...i18nConfig, lng, ns, resources: getResources(), initImmediate: false })
  return instance
}

/** For loaders and actions: messages, meta titles, e-mails. */
export async function getFixedT(lng: Language, ns: string | string[] = 'common'): Promise<TFunction> {
  const namespaces = Array.isArray(ns) ? ns : [ns]
  const instance = await createI18nInstance(lng, namespaces)
  return instance.getFixedT(lng, namespaces)
}
