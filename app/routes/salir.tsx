import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { recordAudit } from '#app/audit/audit.server.ts'
import { destroySession } from '#app/auth/session.server.ts'
import { db } from '#app/db/client.server.ts'

// Sign-out is a POST only: a link or an image cannot sign someone out.
export async function loader() {
  throw redirect('/')
}

export async function action({ context }: ActionFunctionArgs) {
  if (!context.session || !context.user) throw redirect('/')
  const cookie = await destroySession(context.session.id)
  recordAudit(db, { action: 'user.signed_out', actorId: context.user.id, subjectId: context.user.id })
  throw redirect('/', { headers: { 'Set-Cookie': cookie } })
}
