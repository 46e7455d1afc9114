import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { namespaces, supportedLanguages } from '#app/i18n/config.ts'

const keysOf = (value: unknown, prefix = ''): string[] =>
  value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k)) : [prefix]
const load = (lng: string, ns: string) => JSON.parse(readFileSync(`public/locales/${lng}/${ns}.json`, 'utf8'))

describe('locale files', () => {
  test('every namespace exists in every language, and the config lists them all', () => {
    for (const lng of supportedLanguages) {
      expect(
        readdirSync(`public/locales/${lng}`)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.replace('.json', ''))
          .sort(),
      ).toEqual([...namespaces].sort())
    }
  })

  test.each([...namespaces])('%s: English has every key Spanish has (Spanish is complete, English second)', (ns) => {
    const es = keysOf(load('es', ns)).sort()
    const en = keysOf(load('en', ns)).sort()
    expect(en).toEqual(es)
  })
})
