import { describe, expect, test } from 'vitest'
import { countSyllables, measureText, readableTextOfHtml, readingMinutes } from '#app/content/readability.ts'

describe('readability', () => {
  test('counts Spanish syllables with diphthongs, hiatus and silent u', () => {
    expect(countSyllables('mina')).toBe(2)
    expect(countSyllables('minería')).toBe(4)
    expect(countSyllables('cuidado')).toBe(3)
    expect(countSyllables('queso')).toBe(2)
    expect(countSyllables('ley')).toBe(1)
  })

  test('short sentences of short words score higher than long ones', () => {
    const easy = measureText('Use el casco. Mida el aire. Salga si huele mal.')
    const hard = measureText(
      'La implementación del sistema de gestión de seguridad y salud en el trabajo constituye una obligación ineludible para los titulares mineros, independientemente de su escala productiva.',
    )
    expect(easy.inflesz!).toBeGreaterThan(80)
    expect(hard.inflesz!).toBeLessThan(40)
  })

  test('the sources list is not scored, and each block is its own sentence', () => {
    const text = readableTextOfHtml('<p>Hola a todos</p><ul><li>Uno</li></ul><h2 id="fuentes">Fuentes</h2><ul><li>Decreto 1886 de 2015</li></ul>')
    expect(text).not.toContain('Decreto')
    expect(measureText(text).sentences).toBe(2)
  })

  test('a glossary term stays in its sentence, and a paragraph with a term is its own block', () => {
    const html =
      '<div class="para">La <details class="term"><summary class="term-word">grisú</summary><span class="term-def" role="note">Gas que explota</span></details> es un gas</div><p>Otro bloque</p>'
    const text = readableTextOfHtml(html)
    expect(text).toContain('La grisú Gas que explota es un gas')
    expect(measureText(text).sentences).toBe(2)
  })

  test('reading time: 150 words a minute, at least one minute', () => {
    expect(readingMinutes('palabra '.repeat(20))).toBe(1)
    expect(readingMinutes('palabra '.repeat(600))).toBe(4)
  })
})
