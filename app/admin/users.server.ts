import { asc } from 'drizzle-orm'
import { db } from '#app/db/client.server.ts'
import { users } from '#app/db/schema.ts'

export function listUsers({ limit = 200 } = {}) {
  return db
    .select({
      id: users.id,
      fullName: users.fullName,
      email: users.email,
      username: users.username,
      role: users.role,
      profile: users.profile,
      municipality: users.municipality,
    })
    .from(users)
    .orderBy(asc(users.fullName))
    .limit(limit)
    .all()
}
