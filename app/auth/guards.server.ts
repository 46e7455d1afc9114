import { redirect, type AppLoadContext } from '@remix-run/node'
import type { Role } from '#app/db/schema.ts'
import type { SessionUser } from './session.server.ts'

/** Kept here for existing imports; the rules live in app/utils/redirect.ts. */
export { safeRedirect } from '#app/utils/redirect.ts'

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
