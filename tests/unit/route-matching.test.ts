import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'

// The server's router (the CommonJS build, patched: patches/@remix-run+router*.patch) keeps the
// matches of each path it has seen (issue 16). Every caller must still get matches of its own.
const { matchRoutes } = createRequire(import.meta.url)('@remix-run/router') as typeof import('@remix-run/router')

const routes = [
  {
    id: 'root',
    path: '/',
    children: [
      { id: 'catalog', path: 'cursos' },
      { id: 'lesson', path: 'cursos/:curso/:leccion' },
      { id: 'page', path: '*' },
    ],
  },
]
const ids = (matches: ReturnType<typeof matchRoutes>) => matches?.map((m) => m.route.id)

describe('route matching, remembered per path', () => {
  test('a caller that changes its matches does not change the next request’s', () => {
    const first = matchRoutes(routes, '/cursos/mineria/titulo')!
    ;(first.at(-1)!.params as Record<string, string>).leccion = 'cambiada'
    first.pop()
    const second = matchRoutes(routes, '/cursos/mineria/titulo')!
    expect(ids(second)).toEqual(['root', 'lesson'])
    expect(second.at(-1)!.params).toEqual({ curso: 'mineria', leccion: 'titulo' })
  })

  test('each path, encoded path and base path gets its own answer', () => {
    expect(ids(matchRoutes(routes, '/cursos'))).toEqual(['root', 'catalog'])
    expect(ids(matchRoutes(routes, '/otra/cosa'))).toEqual(['root', 'page'])
    expect(matchRoutes(routes, '/cursos/a%C3%B1o/uno')!.at(-1)!.params.curso).toBe('año')
    expect(ids(matchRoutes(routes, '/aula/cursos', '/aula'))).toEqual(['root', 'catalog'])
    expect(matchRoutes(routes, '/cursos', '/aula')).toBeNull()
    expect(ids(matchRoutes(routes, '/cursos'))).toEqual(['root', 'catalog'])
    // a long path is matched like any other (it is not kept: a flood of them must not fill memory)
    const long = `/cursos/${'a'.repeat(300)}/uno`
    expect(matchRoutes(routes, long)!.at(-1)!.params.curso).toBe('a'.repeat(300))
  })
})
