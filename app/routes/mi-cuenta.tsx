import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getAccountDates, requestDeletion } from '#app/account/my-data.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { hitLimit } from '#app/auth/limits.server.ts'
import { joinCohortByCode } from '#app/cohorts/cohorts.server.ts'
import { Field } from '#app/ui/form.tsx'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { formatDate } from '#app/utils/dates.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'auth'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context)
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'auth')
  const row = getAccountDates(user.id)
  return {
    title: t('account.title'),
    user: { fullName: user.fullName, login: user.email ?? user.username, municipality: user.municipality, profile: user.profile },
    consentOn: row ? formatDate(row.consentAt, lng) : null,
    deletionRequestedOn: row?.deletionRequestedAt ? formatDate(row.deletionRequestedAt, lng) : null,
    isLearner: user.role === 'learner',
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context)
  const form = await readFormData(request)
  if (form.get('intent') === 'join') {
    // Codes are short: guessing them is limited per learner.
    const waitMinutes = await hitLimit('joinCode', user.id)
    if (waitMinutes) return data({ joinError: 'account.join.tooMany', joined: null, code: '' }, { status: 429 })
    const joined = joinCohortByCode(user, String(form.get('code') ?? ''))
    if (!joined.ok) return data({ joinError: `account.join.${joined.reason}`, joined: null, code: String(form.get('code') ?? '') }, { status: 400 })
    return data({ joinError: null, joined: joined.cohortName, code: '' })
  }
  if (form.get('intent') === 'request-deletion') {
    requestDeletion(user.id)
    throw redirect('/mi-cuenta')
  }
  throw new Response('Bad request', { status: 400 })
}

export default function MyAccount() {
  const { user, consentOn, deletionRequestedOn, isLearner } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  return (
    <section className="page narrow" aria-labelledby="account-title">
      <h1 id="account-title">{t('account.title')}</h1>
      <dl className="facts">
        <div>
          <dt>{t('fields.fullName')}</dt>
          <dd>{user.fullName}</dd>
        </div>
        <div>
          <dt>{t('signIn.identifier')}</dt>
          <dd>{user.login}</dd>
        </div>
        <div>
          <dt>{t('fields.profile')}</dt>
          <dd>{t(`profiles.${user.profile}`)}</dd>
        </div>
        {consentOn ? (
          <div>
            <dt>{t('account.consent')}</dt>
            <dd>{consentOn}</dd>
          </div>
        ) : null}
      </dl>
      {isLearner ? (
        <>
          <h2>{t('account.join.title')}</h2>
          <p>{t('account.join.help')}</p>
          {actionData?.joined ? (
            <p className="notice done-notice" role="status">
              {t('account.join.done', { name: actionData.joined })}
            </p>
          ) : null}
          <Form method="post" className="form inline-form" noValidate>
            <input type="hidden" name="intent" value="join" />
            <Field
              name="code"
              label={t('account.join.code')}
              error={actionData?.joinError ?? undefined}
              defaultValue={actionData?.code}
              autoComplete="off"
              autoCapitalize="characters"
            />
            <button type="submit" className="button secondary">
              {t('account.join.submit')}
            </button>
          </Form>
        </>
      ) : null}
      <h2>{t('account.dataTitle')}</h2>
      <p>{t('account.dataBody')}</p>
      <p>
        <a className="button secondary" href="/mi-cuenta/datos.json" download>
          {t('account.download')}
        </a>
      </p>
      <h2>{t('account.deleteTitle')}</h2>
      {deletionRequestedOn ? (
        <p className="notice">{t('account.deleteRequested', { date: deletionRequestedOn })}</p>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="request-deletion" />
          <p>{t('account.deleteBody')}</p>
          <button type="submit" className="button secondary">
            {t('account.deleteButton')}
          </button>
        </Form>
      )}
      <p>
        <Link to="/privacidad">{t('account.privacy')}</Link>
      </p>
    </section>
  )
}
