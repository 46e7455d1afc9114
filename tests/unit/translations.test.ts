import { describe, expect, test } from 'vitest'
import { createI18nInstance } from '#app/i18n/translations.server.ts'

// An i18n instance serves every request of its language, and keeps the answers of plain calls
// (issue 16). Everything a page says with a value or a count must still be said anew each time.
describe('translations kept per instance', () => {
  test('values and counts are translated on every call; a plain text stays the same', async () => {
    const instance = await createI18nInstance('es', ['common', 'courses'])
    const t = instance.getFixedT('es', 'courses')
    expect(t('lesson.nOfM', { n: 1, m: 13 })).toBe('Lección 1 de 13')
    expect(t('lesson.nOfM', { n: 2, m: 13 })).toBe('Lección 2 de 13')
    expect(t('lesson.readingTime', { count: 1 })).toBe('1 minuto de lectura')
    expect(t('lesson.readingTime', { count: 4 })).toBe('4 minutos de lectura')
    expect(t('lesson.objectives')).toBe(t('lesson.objectives'))
  })

  test('a key asked in another namespace or under a prefix is its own text', async () => {
    const instance = await createI18nInstance('es', ['common', 'courses'])
    const courses = instance.getFixedT('es', 'courses')
    const lesson = instance.getFixedT('es', 'courses', 'lesson')
    const common = instance.getFixedT('es', 'common')
    const objectives = courses('lesson.objectives')
    expect(objectives).not.toBe('lesson.objectives')
    expect(lesson('objectives')).toBe(objectives)
    // the same key in a namespace that lacks it is not answered from the other one
    expect(common('lesson.objectives')).toBe('lesson.objectives')
    expect(common('lesson.objectives', { ns: 'courses' })).toBe(objectives)
  })

  test('a call that names languages to try first is never answered from another call', async () => {
    const instance = await createI18nInstance('es', ['common'])
    const t = instance.t.bind(instance) as (key: string, options?: object | null) => string
    expect(t('language.en', { lngs: ['en'] })).toBe(t('language.en', { lngs: ['en'] }))
    expect(t('language.en', { lngs: ['en'] })).not.toBe(t('language.en'))
    expect(t('language.en')).toBe('inglés')
    expect(t('language.en', null)).toBe('inglés')
  })

  test('each language keeps its own texts', async () => {
    const es = (await createI18nInstance('es', ['common', 'courses'])).getFixedT('es', 'courses')
    const en = (await createI18nInstance('en', ['common', 'courses'])).getFixedT('en', 'courses')
    expect(es('lesson.nOfM', { n: 1, m: 2 })).toBe('Lección 1 de 2')
    expect(en('lesson.objectives')).not.toBe(es('lesson.objectives'))
    expect(es('lesson.objectives')).not.toBe(en('lesson.objectives'))
  })
})
