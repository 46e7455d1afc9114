import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { getEnv } from '#app/utils/env.server.ts'

// The enhancement script's fingerprinted URL, written by scripts/build-browser.ts.
const MANIFEST = resolve('build/browser-assets.json')

type BrowserAssets = { enhance: string | null }
let cached: BrowserAssets | undefined

export function getBrowserAssets(): BrowserAssets {
  if (cached && getEnv().NODE_ENV !== 'development') return cached
  cached = existsSync(MANIFEST) ? (JSON.parse(readFileSync(MANIFEST, 'utf8')) as BrowserAssets) : { enhance: null }
  return cached
}
