import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { authenticate } from '#app/auth/accounts.server.ts'
import { requireAnonymous } from '#app/auth/guards.server.ts'
import { safeRedirect } from '#app/utils/redirect.ts'
import { createUserSession, readIdleNotice } from '#app/auth/session.server.ts'
import { issueDeviceCookie } from '#app/auth/device-cookie.server.ts'
import { SignInSchema } from '#app/auth/validation.ts'
import { fieldErrorsOf } from '#app/utils/forms.ts'
import { CheckField, Field } from '#app/ui/form.tsx'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

export const handle = { i18n: ['common', 'auth'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context)
  const url = new URL(request.url)
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'), '/')
  // The QR code of a login card opens /ingresar?usuario=… (never with the PIN).
  const username = (url.searchParams.get('usuario') ?? '').trim().slice(0, 200)
  const t = await getRequestT(request, 'auth')
  const notice = readIdleNotice(request)
  return data(
    { redirectTo, username, sharedDefault: getEnv().SHARED_COMPUTER_DEFAULT, idleSignOut: notice.idle, title: t('signIn.title') },
    notice.clearCookie ? { headers: { 'Set-Cookie': notice.clearCookie } } : undefined,
  )
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context)
  const form = Object.fromEntries(await readFormData(request))
  const parsed = SignInSchema.safeParse(form)
  const identifier = typeof form.identifier === 'string' ? form.identifier : ''
  const shared = form.shared === 'on'
  if (!parsed.success) {
    return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, identifier, shared, retryInMinutes: 0 }, { status: 400 })
  }
  const cookies = request.headers.get('Cookie')
  const result = await authenticate({ identifier: parsed.data.identifier, secret: parsed.data.secret, clientIp: context.clientIp, cookies })
  if (!result.ok) {
    const locked = result.reason === 'locked'
    return data(
      {
        fieldErrors: {},
        formError: locked ? 'signIn.locked' : result.reason === 'deactivated' ? 'signIn.deactivated' : 'signIn.invalid',
        retryInMinutes: locked ? result.retryInMinutes : 0,
        identifier,
        shared,
      },
      { status: locked ? 429 : 400 },
    )
  }
  // A fresh session on every sign-in; an old cookie is simply replaced.
  const { cookie } = await createUserSession(result.userId, { shared: parsed.data.shared })
  const headers = new Headers()
  headers.append('Set-Cookie', cookie)
  // This browser is now known for this account: its later attempts get their own budget (ADR 015).
  headers.append('Set-Cookie', issueDeviceCookie(cookies, result.userId))
  throw redirect(safeRedirect(parsed.data.redirectTo, '/'), { headers })
}

export default function SignIn() {
  const { redirectTo, username, sharedDefault, idleSignOut } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const submitting = useNavigation().state === 'submitting'
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {}
  const identifier = actionData?.identifier ?? username
  // The one field takes a miner's 6-digit PIN and an official's password. A phone shows its number
  // pad (inputmode numeric) only once the identifier is known to be a username (no @): from the
  // card's QR (?usuario=), after a failed try, or as it is typed (the enhancement script,
  // app/browser/sign-in.ts); an e-mail keeps the full keyboard for a password.
  const pinLikely = identifier.trim() !== '' && !identifier.includes('@')
  return (
    <section className="page narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signIn.title')}</h1>
      {idleSignOut ? (
        <p className="notice" role="status">
          {t('signIn.idleSignedOut')}
        </p>
      ) : null}
      <p className="lead">{t('signIn.intro')}</p>
      <Form method="post" className="form" noValidate>
        {actionData?.formError ? (
          <p className="form-error" role="alert">
            {actionData.retryInMinutes > 90
              ? t('signIn.lockedHours', { count: Math.ceil(actionData.retryInMinutes / 60) })
              : t(actionData.formError, { count: actionData.retryInMinutes })}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="identifier"
          label={t('signIn.identifier')}
          hint={t('signIn.identifierHint')}
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          type="text"
          required
          defaultValue={identifier}
          error={errors.identifier}
        />
        <Field
          name="secret"
          label={t('signIn.secret')}
          hint={t('signIn.secretHint')}
          type="password"
          autoComplete="current-password"
          inputMode={pinLikely ? 'numeric' : undefined}
          data-show-secret=""
          required
          error={errors.secret}
        />
        <CheckField
          name="shared"
          defaultChecked={actionData ? actionData.shared : sharedDefault}
          label={
            <>
              {t('signIn.shared')} <span className="hint">{t('signIn.sharedHint')}</span>
            </>
          }
        />
        <button type="submit" className="button block" disabled={submitting}>
          {t('signIn.submit')}
        </button>
      </Form>
      <p>
        {t('signIn.noAccount')} <Link to="/registro">{t('signIn.registerLink')}</Link>
      </p>
      <p className="hint">{t('signIn.forgotPin')}</p>
    </section>
  )
}
