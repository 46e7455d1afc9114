import { Lucia, TimeSpan } from 'lucia'
import { db } from '#app/db/client.server.ts'
import { type Profile, type Role } from '#app/db/schema.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { remember } from '#app/utils/remember.server.ts'
import { SessionAdapter } from './session-adapter.server.ts'

// lucia 3 is deprecated upstream but stable; it is only ever used through app/auth (ADR 003).
export const lucia = remember(
  'lucia',
  () =>
    new Lucia(new SessionAdapter(db), {
      sessionExpiresIn: new TimeSpan(30, 'd'),
      sessionCookie: {
        name: 'ast_session',
        attributes: { secure: getEnv().NODE_ENV === 'production', sameSite: 'lax' },
      },
      getUserAttributes: (attributes) => ({
        fullName: attributes.fullName,
        role: attributes.role,
        profile: attributes.profile,
        username: attributes.username,
        email: attributes.email,
        municipality: attributes.municipality,
        deactivated: attributes.deactivatedAt != null,
      }),
      getSessionAttributes: (attributes) => ({
        shared: Boolean(attributes.shared),
        lastSeenAt: attributes.lastSeenAt,
      }),
    }),
)

declare module 'lucia' {
  interface Register {
    Lucia: typeof lucia
    // The adapter (session-adapter.server.ts) hands over rows with drizzle's (camelCase) keys.
    DatabaseUserAttributes: {
      fullName: string
      role: Role
      profile: Profile
      username: string | null
      email: string | null
      municipality: string
      deactivatedAt: Date | null
    }
    DatabaseSessionAttributes: { shared: boolean; lastSeenAt: number }
  }
}
