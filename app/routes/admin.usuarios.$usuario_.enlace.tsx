import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { HandoverLinkPage } from '#app/auth/reset-link-page.tsx'
import { handoverAction, loadHandoverPage } from '#app/auth/reset-link-page.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// /admin/usuarios/:usuario/enlace — an administrator creates a one-time link for anyone to set
// a new PIN or password (app/auth/reset-links.server.ts). The admin user page posts here.

export const handle = { i18n: ['common', 'admin'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadHandoverPage(request, context, { usuario: params.usuario })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handoverAction(request, context, { usuario: params.usuario })
}

export default HandoverLinkPage
