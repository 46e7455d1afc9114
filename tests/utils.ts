import type { AppLoadContext } from '@remix-run/node'
import type { SessionUser } from '#app/auth/session.server.ts'
import '#app/load-context.ts'

export function makeContext(user: SessionUser | null = null, clientIp = '203.0.113.7'): AppLoadContext {
  return { user, session: null, clientIp, nonce: 'test' }
}

export function formRequest(path: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'es-CO' },
  })
}

/** Route actions either return data (with a status) or throw a redirect Response. */
export async function runAction<T>(fn: () => Promise<T>): Promise<{ status: number; data: any; headers: Headers }> {
  try {
    const result: any = await fn()
    if (result instanceof Response) return { status: result.status, data: null, headers: result.headers }
    // single-fetch `data()` returns { type: 'DataWithResponseInit', data, init }
    if (result && typeof result === 'object' && 'init' in result && 'data' in result) {
      return { status: result.init?.status ?? 200, data: result.data, headers: new Headers(result.init?.headers) }
    }
    return { status: 200, data: result, headers: new Headers() }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: null, headers: thrown.headers }
    throw thrown
  }
}

let counter = 0
export function uniqueName(prefix: string) {
  counter += 1
  return `${prefix}${Date.now().toString(36)}${counter}`
}
