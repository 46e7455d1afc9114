import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import {
  addMember,
  addTrainer,
  importLearners,
  isLearner,
  isMember,
  listMembers,
  listTrainers,
  removeMember,
  resetPin,
  findLearnerExactly,
} from '#app/cohorts/cohorts.server.ts'
import { requireCohortAccess } from '#app/cohorts/guards.server.ts'
import { loadCardBatch, newSubmissionKey } from '#app/cohorts/card-batches.server.ts'
import { LoginCards } from '#app/cohorts/login-cards.tsx'
import { displayAddress, printableCards } from '#app/cohorts/login-card-qr.server.ts'
import { lockedUserIds, unlockSignIn } from '#app/auth/accounts.server.ts'
import { hitLimit } from '#app/auth/limits.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { readFormData } from '#app/utils/form-data.server.ts'

export const handle = { i18n: ['common', 'cohorts'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, cohort } = requireCohortAccess(request, context, params.grupo)
  const url = new URL(request.url)
  const query = url.searchParams.get('buscar') ?? ''
  // Cards just created by this trainer, read by their one-time key (POST → redirect → GET).
  const batch = url.searchParams.get('tarjetas')
  const stored = batch ? loadCardBatch(batch, { cohortId: cohort.id, actorId: user.id }) : null
  const cards = stored ? await printableCards(stored) : null
  const members = listMembers(cohort.id)
  const memberIds = new Set(members.map((m) => m.id))
  const locked = lockedUserIds([...memberIds])
  return {
    title: cohort.name,
    cohort: { id: cohort.id, name: cohort.name },
    members: members.map((m) => ({ ...m, signInLocked: locked.has(m.id) })),
    trainers: listTrainers(cohort.id),
    query,
    // Only administrators add existing people; trainers share the cohort's join code instead.
    canAddExisting: user.role === 'admin',
    joinCode: cohort.joinCode,
    results: query && user.role === 'admin' ? [findLearnerExactly(query)].flatMap((r) => (r ? [{ ...r, enrolled: memberIds.has(r.id) }] : [])) : [],
    address: displayAddress(),
    cards,
    // ?hoja=una: one card to a page, in large type (eight to an A4 page otherwise).
    onePerPage: url.searchParams.get('hoja') === 'una',
    cardBatch: batch,
    cardsExpired: Boolean(batch && !cards),
    submissionKey: newSubmissionKey(),
  }
}

const MAX_UPLOAD_BYTES = 1_000_000

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cohort } = requireCohortAccess(request, context, params.grupo)
  const form = await readFormData(request)
  const intent = form.get('intent')
  const here = `/formacion/grupos/${cohort.id}/participantes`

  if (intent === 'add') {
    const added = addMember(cohort.id, String(form.get('userId') ?? ''), user)
    if (!added.ok && added.reason === 'forbidden') forbidden()
    if (!added.ok) notFound()
    throw redirect(here)
  }
  // «Quitar del grupo» and «Nuevo PIN» act only on a confirmed POST (the confirmation page,
  // `participantes/:usuario?confirmar=…`, sends confirm=1); anything else goes to that page.
  if ((intent === 'remove' || intent === 'reset-pin') && form.get('confirm') !== '1') {
    const userId = String(form.get('userId') ?? '')
    // The same refusals as the confirmed action: only learners of this cohort (resetPin's rule).
    if (!isMember(cohort.id, userId) || (intent === 'reset-pin' && !isLearner(userId))) forbidden()
    throw redirect(`${here}/${encodeURIComponent(userId)}?confirmar=${intent === 'remove' ? 'quitar' : 'nuevo-pin'}`)
  }
  if (intent === 'remove') {
    removeMember(cohort.id, String(form.get('userId') ?? ''), user.id)
    throw redirect(here)
  }
  if (intent === 'add-trainer') {
    const added = addTrainer(cohort.id, String(form.get('trainer') ?? ''), user.id)
    if (!added.ok) return data({ importErrors: null, formError: null, csv: '', trainerError: 'trainers.notTrainer' }, { status: 400 })
    throw redirect(here)
  }
  if (intent === 'unlock') {
    const userId = String(form.get('userId') ?? '')
    // Only this cohort's learners, from this page (admins also unlock from /admin).
    if (!isMember(cohort.id, userId)) forbidden()
    const unlocked = unlockSignIn(user, userId)
    if (!unlocked.ok) forbidden()
    throw redirect(here)
  }
  const submissionKey = String(form.get('submissionKey') ?? '') || undefined
  if (intent === 'reset-pin') {
    const waitMinutes = await hitLimit('pinReset', user.id)
    if (waitMinutes) return data({ importErrors: null, formError: null, csv: '', resetError: waitMinutes }, { status: 429 })
    const reset = await resetPin(cohort.id, String(form.get('userId') ?? ''), user.id, submissionKey)
    if (!reset.ok) return reset.reason === 'forbidden' ? forbidden() : notFound()
    throw redirect(`${here}?tarjetas=${reset.batchId}`)
  }
  if (intent === 'import') {
    const pasted = String(form.get('csv') ?? '')
    if (form.get('consent') !== 'on') return data({ importErrors: null, formError: 'import.consentRequired', csv: pasted }, { status: 400 })
    const file = form.get('file')
    const uploaded = file instanceof File && file.size > 0 ? file : null
    if (uploaded && uploaded.size > MAX_UPLOAD_BYTES) return data({ importErrors: null, formError: 'import.tooBig', csv: pasted }, { status: 400 })
    const csv = uploaded ? await uploaded.text() : pasted
    if (!csv.trim()) return data({ importErrors: null, formError: 'import.empty', csv: pasted }, { status: 400 })
    const result = await importLearners(cohort.id, csv, user.id, submissionKey)
    if (!result.ok) return data({ importErrors: result.errors, formError: null, csv }, { status: 400 })
    throw redirect(`${here}?tarjetas=${result.batchId}`)
  }
  throw new Response('Bad request', { status: 400 })
}

export default function Participants() {
  const { cohort, members, trainers, query, results, address, cards, onePerPage, cardBatch, cardsExpired, submissionKey, canAddExisting, joinCode } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('cohorts')

  // The print button is an enhancement; without JavaScript the browser's own print works.
  useEffect(() => {
    const button = document.querySelector<HTMLButtonElement>('[data-print]')
    const print = () => window.print()
    button?.addEventListener('click', print)
    return () => button?.removeEventListener('click', print)
  }, [cards])

  if (cards) {
    return (
      <section>
        <p className="no-print">
          <Link to={`/formacion/grupos/${cohort.id}/participantes`}>← {t('participants.back')}</Link>
        </p>
        <LoginCards
          cards={cards}
          address={address}
          onePerPage={onePerPage}
          layoutLinks={{
            eight: `?${new URLSearchParams({ tarjetas: cardBatch ?? '' })}`,
            one: `?${new URLSearchParams({ tarjetas: cardBatch ?? '', hoja: 'una' })}`,
          }}
        />
      </section>
    )
  }

  return (
    <section aria-labelledby="participants-title">
      <p>
        <Link to={`/formacion/grupos/${cohort.id}`}>← {cohort.name}</Link>
      </p>
      <h1 id="participants-title">{t('participants.title')}</h1>
      {cardsExpired ? (
        <p className="notice" role="status">
          {t('cards.expired')}
        </p>
      ) : null}

      <h2>{t('import.title')}</h2>
      <p>{t('import.help')}</p>
      <pre className="csv-example">{t('import.example')}</pre>
      <Form method="post" encType="multipart/form-data" className="form" noValidate>
        <input type="hidden" name="intent" value="import" />
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <div className="field">
          <label htmlFor="csv">{t('import.paste')}</label>
          <textarea
            id="csv"
            name="csv"
            rows={6}
            spellCheck={false}
            defaultValue={actionData?.csv}
            aria-describedby={actionData?.importErrors ? 'import-errors' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="file">{t('import.upload')}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" />
        </div>
        <div className="check">
          <input
            id="consent"
            name="consent"
            type="checkbox"
            aria-describedby={actionData?.formError === 'import.consentRequired' ? 'consent-error' : undefined}
          />
          <label htmlFor="consent">{t('import.consent')}</label>
        </div>
        {actionData?.formError ? (
          <p className="field-error" id="consent-error" role="alert">
            {t(actionData.formError)}
          </p>
        ) : null}
        {actionData?.importErrors ? (
          <div className="form-error" id="import-errors" role="alert">
            <p>{t('import.errorsTitle', { count: actionData.importErrors.length })}</p>
            <ul>
              {actionData.importErrors.map((e, i) => (
                <li key={i}>
                  {e.line ? t('import.line', { line: e.line }) : null} {t(`import.problems.${e.problem}`, { value: e.value ?? '' })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <button type="submit" className="button">
          {t('import.submit')}
        </button>
      </Form>

      <h2>{t('join.title')}</h2>
      <p>{t('join.help')}</p>
      <p className="join-code" aria-label={t('join.codeLabel')}>
        <strong>{joinCode}</strong>
      </p>

      {canAddExisting ? (
        <>
          <h2>{t('enrol.title')}</h2>
          <Form method="get" className="form inline-form">
            <div className="field">
              <label htmlFor="buscar">{t('enrol.search')}</label>
              <input id="buscar" name="buscar" type="search" defaultValue={query} />
            </div>
            <button type="submit" className="button secondary">
              {t('enrol.searchButton')}
            </button>
          </Form>
          {query ? (
            results.length ? (
              <ul className="plain-list">
                {results.map((r) => (
                  <li key={r.id}>
                    {r.fullName} ({r.username ?? r.email}){' '}
                    {r.enrolled ? <em>{t('enrol.already')}</em> : <PersonAction intent="add" userId={r.id} label={t('enrol.add')} primary />}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('enrol.noResults')}</p>
            )
          ) : null}
        </>
      ) : null}

      <h2>{t('trainers.title')}</h2>
      <ul className="plain-list">
        {trainers.map((tr) => (
          <li key={tr.id}>
            {tr.fullName} ({tr.email ?? tr.username})
          </li>
        ))}
      </ul>
      <Form method="post" className="form inline-form" noValidate>
        <input type="hidden" name="intent" value="add-trainer" />
        <div className="field">
          <label htmlFor="trainer">{t('trainers.add')}</label>
          <input
            id="trainer"
            name="trainer"
            type="text"
            autoCapitalize="none"
            aria-invalid={actionData && 'trainerError' in actionData ? true : undefined}
            aria-describedby={actionData && 'trainerError' in actionData ? 'trainer-error' : undefined}
          />
          {actionData && 'trainerError' in actionData ? (
            <p className="field-error" id="trainer-error">
              {t(String(actionData.trainerError))}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button secondary">
          {t('trainers.addButton')}
        </button>
      </Form>

      <h2>{t('participants.list', { count: members.length })}</h2>
      {actionData && 'resetError' in actionData ? (
        <p className="form-error" role="alert">
          {t('participants.resetTooMany', { count: Number(actionData.resetError) })}
        </p>
      ) : null}
      <TableWrap label={t('participants.list', { count: members.length })}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('participants.name')}</th>
              <th scope="col">{t('participants.username')}</th>
              <th scope="col">{t('participants.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`/formacion/grupos/${cohort.id}/participantes/${m.id}`}>{m.fullName}</Link>
                  {m.signInLocked ? <strong className="field-error"> · {t('participants.signInLocked')}</strong> : null}
                </td>
                <td>{m.username ?? m.email}</td>
                <td className="row-actions">
                  {m.signInLocked ? <PersonAction intent="unlock" userId={m.id} label={t('participants.unlock')} primary /> : null}
                  {m.username ? (
                    <Link className="button small secondary" to={`/formacion/grupos/${cohort.id}/participantes/${m.id}?confirmar=nuevo-pin`}>
                      {t('participants.resetPin')}
                    </Link>
                  ) : null}
                  <Link className="button small secondary" to={`/formacion/grupos/${cohort.id}/participantes/${m.id}?confirmar=quitar`}>
                    {t('participants.remove')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

/** A one-button form acting on one person (enrol, new PIN, remove); works without JavaScript. */
function PersonAction({
  intent,
  userId,
  label,
  primary = false,
  submissionKey,
}: {
  intent: string
  userId: string
  label: string
  primary?: boolean
  submissionKey?: string
}) {
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="userId" value={userId} />
      {submissionKey ? <input type="hidden" name="submissionKey" value={`${submissionKey}:${userId}`} /> : null}
      <button type="submit" className={`button small${primary ? '' : ' secondary'}`}>
        {label}
      </button>
    </Form>
  )
}
