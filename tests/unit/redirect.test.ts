import { describe, expect, test } from 'vitest'
import { safeRedirect } from '#app/utils/redirect.ts'

describe('safeRedirect: only same-origin paths are followed', () => {
  test.each(['/cursos', '/cursos/formalizacion-minera/titulo-minero?x=1#completar', '/ingresar?redirectTo=%2Fmi-cuenta', '/'])('%s is kept', (to) => {
    expect(safeRedirect(to, '/fallback')).toBe(to)
  })

  test.each([
    ['tab, percent-encoded (browsers drop it: //evil.example/)', '/%09/evil.example/'],
    ['newline, percent-encoded', '/%0a/evil.example/'],
    ['CR LF, percent-encoded (header injection)', '/x%0d%0aSet-Cookie:%20a=b'],
    ['CR LF raw', '/x\r\nSet-Cookie: a=b'],
    ['tab raw', '/\t/evil.example/'],
    ['tab raw in the middle', '/cur\tsos'],
    ['NUL, percent-encoded', '/x%00'],
    ['DEL, percent-encoded', '/x%7f'],
    ['protocol-relative', '//evil'],
    ['slash backslash', '/\\evil'],
    ['backslash anywhere', '/cursos\\..\\evil'],
    ['backslash, percent-encoded', '/%5cevil'],
    ['encoded slash after the first', '/%2fevil.example'],
    ['absolute URL', 'https://evil'],
    ['scheme', 'javascript:alert(1)'],
    ['relative path', 'evil'],
    ['non-Latin-1 (would break the Location header)', '/cursos/\u0100'],
    ['non-ASCII', '/cursos/formación'],
    ['space', '/a b'],
    ['empty', ''],
    ['too long', `/${'a'.repeat(3000)}`],
  ])('%s is refused', (_what, to) => {
    expect(safeRedirect(to, '/fallback')).toBe('/fallback')
  })

  test('missing values and files fall back', () => {
    expect(safeRedirect(null)).toBe('/')
    expect(safeRedirect(undefined, '/x')).toBe('/x')
    expect(safeRedirect(new File(['/cursos'], 'f.txt'), '/x')).toBe('/x')
  })

  test('whatever it returns is a valid Location header value', () => {
    for (const to of ['/%09/evil', '/\u2028', '/ok', '/\u00e9']) {
      expect(() => new Headers({ Location: safeRedirect(to) })).not.toThrow()
    }
  })
})
