import type { AuthSession, SessionUser } from '#app/auth/session.server.ts'

declare module '@remix-run/node' {
  interface AppLoadContext {
    user: SessionUser | null
    session: AuthSession | null
    /** The client's address, for per-client sign-in limits. */
    clientIp: string
    /** CSP nonce for inline and module scripts of this response. */
    nonce: string
    /** The deepest route that handled the request, for the request log (server/logging.js). */
    routeId?: string
    routeDepth?: number
  }
  interface Future {
    v3_singleFetch: true
  }
}
declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    user: SessionUser | null
    session: AuthSession | null
    clientIp: string
    nonce: string
    /** The deepest route that handled the request, for the request log (server/logging.js). */
    routeId?: string
    routeDepth?: number
  }
  interface Future {
    v3_singleFetch: true
  }
}

export {}
