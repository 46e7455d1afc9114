import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { recordAudit } from '#app/audit/audit.server.ts'
import { addressKey, hitLimit } from '#app/auth/limits.server.ts'
import { findResetLink, redeemResetLink, type LinkState } from '#app/auth/reset-links.server.ts'
import { destroySession } from '#app/auth/session.server.ts'
import { db } from '#app/db/client.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { NewSecretFields } from '#app/ui/form.tsx'
import { formatDateTime } from '#app/utils/dates.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// /restablecer/:token — a one-time link to choose a new PIN or password (24 h). A learner page:
// plain HTML and a form, no framework runtime. It names the account by first name (and the
// username of a PIN account, which the person needs to sign in afterwards) so the person knows
// it is theirs; a used, expired or unknown link says so and never whose it was.

export const handle = { i18n: ['common', 'auth'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)
// The token is in the address: nothing of this page may be cached, and links from it send at
// most the site's origin as the referrer, never the path. (Not `no-referrer`: a browser then
// sends `Origin: null` with the form, which the cross-site check in server/index.js refuses.)
const privateHeaders = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'strict-origin' }
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => ({ ...Object.fromEntries(loaderHeaders), ...Object.fromEntries(actionHeaders) })

type Refusal = Extract<LinkState, { ok: false }>['reason']
const statusOf = (reason: Refusal) => (reason === 'unknown' ? 404 : 410)

async function view(request: Request, state: LinkState) {
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'auth')
  if (!state.ok) return { state: state.reason, title: t(`reset.${state.reason}.title`), link: null }
  const { link } = state
  return {
    state: 'ready' as const,
    title: t(`reset.title.${link.secretKind}`),
    link: { firstName: link.firstName, username: link.username, secretKind: link.secretKind, expiresOn: formatDateTime(link.expiresAt, lng) },
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const state = findResetLink(params.token ?? '')
  return data(await view(request, state), { status: state.ok ? 200 : statusOf(state.reason), headers: privateHeaders })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? ''
  const state = findResetLink(token)
  const fail = async (s: LinkState, status: number, extra: { fieldErrors?: Record<string, string>; waitMinutes?: number } = {}) =>
    data({ ...(await view(request, s)), fieldErrors: extra.fieldErrors ?? {}, waitMinutes: extra.waitMinutes ?? 0 }, { status, headers: privateHeaders })
  if (!state.ok) return fail(state, statusOf(state.reason))
  // Counted per address before the slow hash (a community centre's workshop fits well inside).
  const waitMinutes = await hitLimit('resetLinkRedeem', addressKey(context.clientIp))
  if (waitMinutes) return fail(state, 429, { waitMinutes })
  const form = Object.fromEntries(await readFormData(request))
  const result = await redeemResetLink(token, form)
  if (!result.ok && result.reason === 'invalid') return fail(state, 400, { fieldErrors: result.fieldErrors })
  if (!result.ok) return fail({ ok: false, reason: result.reason }, statusOf(result.reason))
  // Every session of the person has ended: they sign in with the new secret (the username filled in).
  // On a shared computer someone else may still be signed in here: that session ends too, so the
  // sign-in page (with its notice) opens and the next person is not left in another's account.
  const headers = new Headers(privateHeaders)
  if (context.session) {
    headers.append('Set-Cookie', await destroySession(context.session.id))
    if (context.user && context.user.id !== result.userId) recordAudit(db, { action: 'user.signed_out', actorId: null, subjectId: context.user.id })
  }
  const query = new URLSearchParams({ ...(result.username ? { usuario: result.username } : {}), cambio: '1' })
  throw redirect(`/ingresar?${query}`, { headers })
}

export default function RedeemResetLink() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const { state, link } = actionData ?? loaded
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {}
  if (state !== 'ready' || !link) {
    return (
      <section className="page narrow" aria-labelledby="reset-title">
        <h1 id="reset-title">{t(`reset.${state}.title`)}</h1>
        <p className="lead">{t(`reset.${state}.body`)}</p>
        <p>
          <Link className="button" to="/ingresar">
            {t('reset.toSignIn')}
          </Link>
        </p>
      </section>
    )
  }
  const pin = link.secretKind === 'pin'
  return (
    <section className="page narrow reset-page" aria-labelledby="reset-title">
      <h1 id="reset-title">{t(`reset.title.${link.secretKind}`)}</h1>
      <p className="lead reset-whose">
        {link.username ? t('reset.whoseUser', { name: link.firstName, username: link.username }) : t('reset.whose', { name: link.firstName })}
      </p>
      <p className="hint">{t('reset.notYours')}</p>
      <Form method="post" className="form" noValidate>
        {actionData?.waitMinutes ? (
          <p className="form-error" role="alert">
            {t('reset.tooMany', { count: actionData.waitMinutes })}
          </p>
        ) : Object.keys(errors).length ? (
          <p className="form-error" role="alert">
            {t('reset.fixErrors')}
          </p>
        ) : null}
        {pin ? (
          <>
            <NewSecretFields kind="pin" label={t('reset.newPin')} hint={t('reset.pinHint')} errors={errors} showSecret />
          </>
        ) : (
          <>
            <NewSecretFields kind="password" label={t('reset.newPassword')} hint={t('fields.passwordHint')} errors={errors} showSecret />
          </>
        )}
        <button type="submit" className="button block">
          {t(`reset.submit.${link.secretKind}`)}
        </button>
      </Form>
      <p className="hint">{t('reset.expires', { date: link.expiresOn })}</p>
    </section>
  )
}
