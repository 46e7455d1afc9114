import { redirect, type AppLoadContext } from '@remix-run/node'
import type { Role } from '#app/db/schema.ts'
import type { SessionUser } from './session.server.ts'

/** Only same-site paths: never send someone to another host after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (!to || typeof to !== 'string') return fallback
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}

/** Not signed in → the sign-in page, with a way back to where the person was going. */
export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  if (context.user) return context.user
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  throw redirect(`/ingresar?${new URLSearchParams({ redirectTo })}`)
}

/** Wrong role → a real 403 page (never someone else's data). */
export function requireUserWithRole(request: Request, context: AppLoadContext, roles: Role[]): SessionUser {
  const user = requireUser(request, context)
  if (!roles.includes(user.role)) throw new Response('Forbidden', { status: 403 })
  return user
}

export function requireAnonymous(context: AppLoadContext) {
  if (context.user) throw redirect('/')
}
