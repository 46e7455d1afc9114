import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportMyData } from '#app/account/my-data.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'

// The signed-in person's own data, as a file to keep (Ley 1581: right to know one's data).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context)
  return new Response(JSON.stringify(exportMyData(user.id), null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="mis-datos-aula-somos-tesoro.json"',
      'Cache-Control': 'private, no-store',
    },
  })
}
