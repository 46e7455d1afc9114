import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { addressKey, hitLimit } from '#app/auth/limits.server.ts'
import { requireAnonymous } from '#app/auth/guards.server.ts'
import { safeRedirect } from '#app/utils/redirect.ts'
import { createUserSession } from '#app/auth/session.server.ts'
import { EmailRegistrationSchema, MinerRegistrationSchema } from '#app/auth/validation.ts'
import { fieldErrorsOf } from '#app/utils/forms.ts'
import { genders } from '#app/db/schema.ts'
import { CheckField, Field, NewSecretFields, SelectField } from '#app/ui/form.tsx'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { municipalities } from '#app/utils/municipalities.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

export const handle = { i18n: ['common', 'auth'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

type Method = 'pin' | 'correo'
const methodOf = (value: string | null): Method => (value === 'correo' ? 'correo' : 'pin')

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context)
  const url = new URL(request.url)
  const t = await getRequestT(request, 'auth')
  return {
    method: methodOf(url.searchParams.get('tipo')),
    redirectTo: safeRedirect(url.searchParams.get('redirectTo'), '/'),
    title: t('register.title'),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context)
  const form = Object.fromEntries(await readFormData(request))
  const method = methodOf(String(form.method ?? ''))
  const values = Object.fromEntries(Object.entries(form).filter(([k, v]) => typeof v === 'string' && !/pin|password/i.test(k))) as Record<string, string>

  const parsed = method === 'pin' ? MinerRegistrationSchema.safeParse(form) : EmailRegistrationSchema.safeParse(form)
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), values, retryInMinutes: 0 }, { status: 400 })
  // Counted per address before the slow hash; a community centre's workshop fits well inside.
  const retryInMinutes = await hitLimit('registration', addressKey(context.clientIp))
  if (retryInMinutes) return data({ fieldErrors: {}, values, retryInMinutes }, { status: 429 })

  const v = parsed.data
  const result = await registerAccount(
    'pin' in v
      ? { fullName: v.fullName, municipality: v.municipality, gender: v.gender, birthYear: v.birthYear, profile: 'miner', username: v.username, pin: v.pin }
      : {
          fullName: v.fullName,
          municipality: v.municipality,
          gender: v.gender,
          birthYear: v.birthYear,
          profile: v.profile,
          email: v.email,
          password: v.password,
        },
  )
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, values, retryInMinutes: 0 }, { status: 400 })

  const { cookie } = await createUserSession(result.userId, { shared: false })
  throw redirect(safeRedirect(form.redirectTo, '/'), { headers: { 'Set-Cookie': cookie } })
}

export default function Register() {
  const { method, redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {}
  const values: Record<string, string | undefined> = actionData?.values ?? {}
  const tab = (m: Method) => `/registro?${new URLSearchParams({ tipo: m === 'pin' ? 'minero' : 'correo', redirectTo })}`

  return (
    <section className="page narrow" aria-labelledby="register-title">
      <h1 id="register-title">{t('register.title')}</h1>
      <p className="lead">{t('register.intro')}</p>
      <ul className="tabs" aria-label={t('register.methodLabel')}>
        <li>
          <Link to={tab('pin')} aria-current={method === 'pin' ? 'page' : undefined}>
            {t('register.methodPin')}
          </Link>
        </li>
        <li>
          <Link to={tab('correo')} aria-current={method === 'correo' ? 'page' : undefined}>
            {t('register.methodEmail')}
          </Link>
        </li>
      </ul>
      {actionData?.retryInMinutes ? (
        <p className="form-error" role="alert">
          {t('register.tooMany', { count: actionData.retryInMinutes })}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t('register.fixErrors')}
        </p>
      ) : null}
      <Form method="post" className="form" noValidate key={method}>
        <input type="hidden" name="method" value={method} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="fullName" label={t('fields.fullName')} autoComplete="name" required defaultValue={values.fullName} error={errors.fullName} />
        <SelectField
          name="municipality"
          label={t('fields.municipality')}
          defaultValue={values.municipality ?? ''}
          error={errors.municipality}
          options={[
            { value: '', label: t('fields.choose') },
            ...municipalities.map((m) => ({ value: m.id, label: m.department ? `${m.name} (${m.department})` : t('fields.otherMunicipality') })),
          ]}
        />
        {method === 'correo' ? (
          <SelectField
            name="profile"
            label={t('fields.profile')}
            defaultValue={values.profile ?? ''}
            error={errors.profile}
            options={[
              { value: '', label: t('fields.choose') },
              { value: 'official', label: t('profiles.official') },
              { value: 'other', label: t('profiles.other') },
            ]}
          />
        ) : null}
        <SelectField
          name="gender"
          label={t('fields.gender')}
          defaultValue={values.gender ?? ''}
          error={errors.gender}
          options={[{ value: '', label: t('fields.genderSkip') }, ...genders.map((g) => ({ value: g, label: t(`genders.${g}`) }))]}
        />
        <Field
          name="birthYear"
          label={t('fields.birthYear')}
          hint={t('fields.birthYearHint')}
          inputMode="numeric"
          pattern="[0-9]{4}"
          maxLength={4}
          autoComplete="bday-year"
          className="input-year"
          defaultValue={values.birthYear}
          error={errors.birthYear}
        />
        {method === 'pin' ? (
          <>
            <Field
              name="username"
              label={t('fields.username')}
              hint={t('fields.usernameHint')}
              autoComplete="username"
              autoCapitalize="none"
              required
              defaultValue={values.username}
              error={errors.username}
            />
            <NewSecretFields kind="pin" label={t('fields.pin')} hint={t('fields.pinHint')} errors={errors} />
          </>
        ) : (
          <>
            <Field name="email" label={t('fields.email')} type="email" autoComplete="email" required defaultValue={values.email} error={errors.email} />
            <NewSecretFields kind="password" label={t('fields.password')} hint={t('fields.passwordHint')} errors={errors} />
          </>
        )}
        <CheckField
          name="consent"
          error={errors.consent}
          label={
            <>
              {t('fields.consent')} <Link to="/privacidad">{t('fields.consentLink')}</Link>
            </>
          }
        />
        <button type="submit" className="button block">
          {t('register.submit')}
        </button>
      </Form>
      <p>
        {t('register.haveAccount')} <Link to="/ingresar">{t('register.signInLink')}</Link>
      </p>
    </section>
  )
}
