import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { HandoverLinkPage } from '#app/auth/reset-link-page.tsx'
import { handoverAction, loadHandoverPage } from '#app/auth/reset-link-page.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// /formacion/grupos/:grupo/participantes/:usuario/enlace — a trainer of the cohort (or an admin)
// creates a one-time link for a learner of it to set a new PIN or password. Only learners of
// this cohort who are still learners (app/auth/reset-links.server.ts, checkHandover).

export const handle = { i18n: ['common', 'cohorts', 'admin'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadHandoverPage(request, context, { grupo: params.grupo, usuario: params.usuario })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handoverAction(request, context, { grupo: params.grupo, usuario: params.usuario })
}

export default HandoverLinkPage
