import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requireAnonymous } from '#app/auth/guards.server.ts'
import { addressKey, hitLimit } from '#app/auth/limits.server.ts'
import { queueResetEmail } from '#app/auth/reset-links.server.ts'
import { EmailSchema } from '#app/auth/validation.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { Field } from '#app/ui/form.tsx'
import { readFormData } from '#app/utils/form-data.server.ts'
import { fieldErrorsOf } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { mailConfigured } from '#app/utils/mail.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// /recuperar — «¿Olvidó su contraseña?». With SMTP_URL set, a person with an e-mail account
// asks for a one-time link (24 h) by e-mail. The answer is always the same, and the work is
// done after answering, so neither the words nor the time tell whether an account has that
// address. Without SMTP_URL, the page says whom to ask (an administrator or the trainer).

export const handle = { i18n: ['common', 'auth'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context)
  const t = await getFixedT(await getLanguage(request), 'auth')
  return { title: t('recover.title'), configured: mailConfigured(), sent: new URL(request.url).searchParams.get('enviado') === '1' }
}

const RecoverSchema = z.object({ email: EmailSchema })

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context)
  if (!mailConfigured()) notFound()
  const form = Object.fromEntries(await readFormData(request))
  const parsed = RecoverSchema.safeParse(form)
  const email = typeof form.email === 'string' ? form.email : ''
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), email, waitMinutes: 0 }, { status: 400 })
  const waitMinutes = await hitLimit('resetEmailAddress', addressKey(context.clientIp))
  if (waitMinutes) return data({ fieldErrors: {}, email, waitMinutes }, { status: 429 })
  // Per e-mail typed, whether or not an account has it: over the budget, nothing is sent, same answer.
  const overForRecipient = await hitLimit('resetEmailRecipient', parsed.data.email)
  if (!overForRecipient) {
    const lng = await getLanguage(request)
    queueResetEmail(parsed.data.email, { t: await getFixedT(lng, 'auth'), lng })
  }
  throw redirect('/recuperar?enviado=1')
}

export default function Recover() {
  const { configured, sent } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {}
  return (
    <section className="page narrow" aria-labelledby="recover-title">
      <h1 id="recover-title">{t('recover.title')}</h1>
      {!configured ? (
        <p className="lead">{t('recover.noMail')}</p>
      ) : sent ? (
        <p className="notice" role="status">
          {t('recover.sent')}
        </p>
      ) : (
        <>
          <p className="lead">{t('recover.intro')}</p>
          <Form method="post" className="form" noValidate>
            {actionData?.waitMinutes ? (
              <p className="form-error" role="alert">
                {t('recover.tooMany', { count: actionData.waitMinutes })}
              </p>
            ) : null}
            <Field
              name="email"
              label={t('recover.emailLabel')}
              type="email"
              autoComplete="email"
              autoCapitalize="none"
              spellCheck={false}
              required
              defaultValue={actionData?.email ?? ''}
              error={errors.email}
            />
            <button type="submit" className="button block">
              {t('recover.submit')}
            </button>
          </Form>
        </>
      )}
      <p className="hint">{t('recover.pinAccounts')}</p>
      <p>
        <Link to="/ingresar">{t('recover.backToSignIn')}</Link>
      </p>
    </section>
  )
}
