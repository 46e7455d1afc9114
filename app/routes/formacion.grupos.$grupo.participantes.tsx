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
  planImport,
  removeMember,
  resetPin,
  findLearnerExactly,
} from '#app/cohorts/cohorts.server.ts'
import { decodeCsvBytes, type CsvEncoding } from '#app/cohorts/csv-decode.server.ts'
import type { RowError } from '#app/cohorts/csv-import.ts'
import { requireCohortAccess } from '#app/cohorts/guards.server.ts'
import { loadCardBatch, newSubmissionKey } from '#app/cohorts/card-batches.server.ts'
import { LoginCards } from '#app/cohorts/login-cards.tsx'
import { displayAddress, printableCards } from '#app/cohorts/login-card-qr.server.ts'
import { lockedUserIds, unlockSignIn } from '#app/auth/accounts.server.ts'
import { hitLimit } from '#app/auth/limits.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { municipalityName } from '#app/utils/municipalities.ts'
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
const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const satisfies readonly CsvEncoding[]

/** What the trainer sees before anything is created: every line as it will be saved. */
export type ImportPreview = {
  rows: Array<{
    line: number
    fullName: string
    municipality: string
    municipalityOk: boolean
    gender: string | null
    birthYear: number | null
    username: string | null
    numbered: boolean
    problems: RowError[]
  }>
  fileErrors: RowError[]
  problemCount: number
  /** Names the previewed outcome; the confirmation sends it back (see planImport). */
  digest: string
  delimiter: 'tab' | 'semicolon' | 'comma'
  /** How an uploaded file was read; null for pasted text. */
  encoding: CsvEncoding | null
}

type ActionReply = {
  formError: string | null
  /** The list as text (an upload decoded): it refills the list box and travels with the confirmation. */
  csv: string
  preview: ImportPreview | null
  /** The list now gives a different result from the one previewed (someone took a username meanwhile). */
  changed?: boolean
  trainerError?: string
  resetError?: number
}
const reply = (fields: Partial<ActionReply>, status: number) => data<ActionReply>({ formError: null, csv: '', preview: null, ...fields }, { status })

function buildPreview(csv: string, encoding: CsvEncoding | null): ImportPreview {
  const plan = planImport(csv)
  return {
    rows: plan.rows.map((r) => ({
      line: r.line,
      fullName: r.fullName,
      municipality: r.municipality ? municipalityName(r.municipality) : r.municipalityText,
      municipalityOk: Boolean(r.municipality),
      gender: r.gender,
      birthYear: r.birthYear,
      username: r.plannedUsername,
      numbered: r.numbered,
      problems: r.problems,
    })),
    fileErrors: plan.errors.filter((e) => e.line === 0),
    problemCount: plan.errors.length,
    digest: plan.digest,
    delimiter: plan.delimiter === '\t' ? 'tab' : plan.delimiter === ';' ? 'semicolon' : 'comma',
    encoding,
  }
}

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
    if (!added.ok) return reply({ trainerError: 'trainers.notTrainer' }, 400)
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
    if (waitMinutes) return reply({ resetError: waitMinutes }, 429)
    const reset = await resetPin(cohort.id, String(form.get('userId') ?? ''), user.id, submissionKey)
    if (!reset.ok) return reset.reason === 'forbidden' ? forbidden() : notFound()
    throw redirect(`${here}?tarjetas=${reset.batchId}`)
  }
  if (intent === 'preview') {
    // Step 1: read the list (an upload is decoded whatever Excel saved it as) and show what
    // would be created. Nothing is saved here.
    const pasted = String(form.get('csv') ?? '')
    const file = form.get('file')
    const uploaded = file instanceof File && file.size > 0 ? file : null
    if (uploaded && uploaded.size > MAX_UPLOAD_BYTES) return reply({ formError: 'import.tooBig', csv: pasted }, 400)
    const decoded = uploaded ? decodeCsvBytes(new Uint8Array(await uploaded.arrayBuffer())) : null
    const csv = decoded ? decoded.text : pasted.replace(/^\uFEFF/, '').normalize('NFC')
    if (!csv.trim()) return reply({ formError: 'import.empty', csv: pasted }, 400)
    const preview = buildPreview(csv, decoded?.encoding ?? null)
    return reply({ csv, preview }, preview.problemCount ? 400 : 200)
  }
  if (intent === 'import') {
    // Step 2: the confirmation. The list comes back as text and is parsed and checked again
    // (never trusted as previewed); the digest makes sure what is created is what was shown.
    const csv = String(form.get('csv') ?? '')
    if (!csv.trim()) return reply({ formError: 'import.empty' }, 400)
    const digest = String(form.get('digest') ?? '')
    const sent = String(form.get('encoding') ?? '')
    const encoding = (ENCODINGS as readonly string[]).includes(sent) ? (sent as CsvEncoding) : null
    if (form.get('consent') !== 'on') return reply({ formError: 'import.consentRequired', csv, preview: buildPreview(csv, encoding) }, 400)
    const result = await importLearners(cohort.id, csv, user.id, submissionKey, digest)
    if (!result.ok) {
      const changed = result.errors.some((e) => e.problem === 'changed')
      return reply({ csv, preview: buildPreview(csv, encoding), changed }, changed ? 409 : 400)
    }
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
      {actionData?.preview ? (
        <ImportPreviewSection
          preview={actionData.preview}
          csv={actionData.csv}
          submissionKey={submissionKey}
          formError={actionData.formError}
          changed={Boolean(actionData.changed)}
        />
      ) : (
        <>
          <p>{t('import.help')}</p>
          <pre className="csv-example">{t('import.example')}</pre>
          <ListForm csv={actionData?.csv ?? ''} formError={actionData?.formError ?? null} />
        </>
      )}

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
                  {m.deactivatedAt ? <strong> · {t('participants.inactive')}</strong> : null}
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

/** Step 1: paste or upload the list; the server answers with the preview. */
function ListForm({ csv, formError }: { csv: string; formError: string | null }) {
  const { t } = useTranslation('cohorts')
  return (
    <Form method="post" encType="multipart/form-data" className="form" noValidate>
      <input type="hidden" name="intent" value="preview" />
      <div className="field">
        <label htmlFor="csv">{t('import.paste')}</label>
        <textarea id="csv" name="csv" rows={6} spellCheck={false} defaultValue={csv} aria-describedby={formError ? 'list-error' : undefined} />
      </div>
      <div className="field">
        <label htmlFor="file">{t('import.upload')}</label>
        <input id="file" name="file" type="file" accept=".csv,.txt,text/csv,text/plain,text/tab-separated-values" />
        <p className="hint">{t('import.uploadHint')}</p>
      </div>
      {formError && formError !== 'import.consentRequired' ? (
        <p className="field-error" id="list-error" role="alert">
          {t(formError)}
        </p>
      ) : null}
      <button type="submit" className="button">
        {t('import.previewButton')}
      </button>
    </Form>
  )
}

function problemText(t: (key: string, options?: Record<string, unknown>) => string, e: RowError) {
  const text = t(`import.problems.${e.problem}`, { value: e.value ?? '' })
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * Step 2: every line as it will be created, problems marked on their line. Confirming sends the
 * list text back (no second upload); the server reads and checks it again before creating anyone.
 */
function ImportPreviewSection({
  preview,
  csv,
  submissionKey,
  formError,
  changed,
}: {
  preview: ImportPreview
  csv: string
  submissionKey: string
  formError: string | null
  changed: boolean
}) {
  const { t } = useTranslation('cohorts')
  const ok = preview.problemCount === 0
  const rowsWithProblems = preview.rows.filter((r) => r.problems.length).length
  return (
    <section aria-labelledby="preview-title" className="import-preview">
      <h3 id="preview-title">{t('import.previewTitle')}</h3>
      <p>
        {t(`import.read.${preview.encoding ?? 'pasted'}`)} {t(`import.separator.${preview.delimiter}`)}
      </p>
      {changed ? (
        <p className="notice notice-error" role="alert">
          {t('import.changed')}
        </p>
      ) : null}
      {ok ? (
        <p className="notice" role="status">
          {t('import.previewReady', { count: preview.rows.length })}
        </p>
      ) : (
        <div className="form-error" id="import-errors" role="alert">
          <p>{t('import.previewProblems', { count: rowsWithProblems || preview.problemCount })}</p>
          {preview.fileErrors.length ? (
            <ul>
              {preview.fileErrors.map((e, i) => (
                <li key={i}>{problemText(t, e)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      {preview.rows.length ? (
        <TableWrap label={t('import.previewTable', { count: preview.rows.length })}>
          {/* Explicit roles: on a phone the rows are laid out as blocks (app.css), which can drop a table's semantics in some browsers. */}
          {/* eslint-disable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role */}
          <table className="import-preview-table" role="table">
            <caption className="visually-hidden">{t('import.previewTable', { count: preview.rows.length })}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">
                  {t('import.col.line')}
                </th>
                <th scope="col" role="columnheader">
                  {t('import.col.name')}
                </th>
                <th scope="col" role="columnheader">
                  {t('import.col.municipality')}
                </th>
                <th scope="col" role="columnheader">
                  {t('import.col.username')}
                </th>
              </tr>
            </thead>
            {preview.rows.map((r) => (
              <tbody key={r.line} role="rowgroup" className={r.problems.length ? 'import-row-problem' : undefined}>
                <tr role="row">
                  <td role="cell" className="import-line">
                    {r.line}
                  </td>
                  <td role="cell" className="import-name">
                    {r.fullName}
                    {r.gender ? <span className="hint"> · {t(`import.gender.${r.gender}`)}</span> : null}
                    {r.birthYear ? <span className="hint"> · {t('import.bornIn', { year: r.birthYear })}</span> : null}
                  </td>
                  <td role="cell" data-label={t('import.col.municipality')}>
                    {r.municipality}
                  </td>
                  <td role="cell" data-label={t('import.col.username')}>
                    {r.username ? <code>{r.username}</code> : '—'}
                    {r.numbered ? <span className="hint"> {t('import.numbered')}</span> : null}
                  </td>
                </tr>
                {r.problems.length ? (
                  <tr role="row">
                    <td role="cell" colSpan={4} className="field-error import-problems">
                      <span aria-hidden="true">⚠ </span>
                      {t('import.line', { line: r.line })} {r.problems.map((e) => problemText(t, e)).join(' ')}
                    </td>
                  </tr>
                ) : null}
              </tbody>
            ))}
          </table>
          {/* eslint-enable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role */}
        </TableWrap>
      ) : null}

      {ok ? (
        <Form method="post" encType="multipart/form-data" className="form" noValidate>
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="submissionKey" value={submissionKey} />
          <input type="hidden" name="digest" value={preview.digest} />
          <input type="hidden" name="encoding" value={preview.encoding ?? ''} />
          <input type="hidden" name="csv" value={csv} />
          <div className="check">
            <input id="consent" name="consent" type="checkbox" aria-describedby={formError === 'import.consentRequired' ? 'consent-error' : undefined} />
            <label htmlFor="consent">{t('import.consent')}</label>
          </div>
          {formError === 'import.consentRequired' ? (
            <p className="field-error" id="consent-error" role="alert">
              {t(formError)}
            </p>
          ) : null}
          <button type="submit" className="button">
            {t('import.submit', { count: preview.rows.length })}
          </button>
        </Form>
      ) : null}

      <details open={!ok} className="import-fix">
        <summary>{ok ? t('import.fixSummary') : t('import.fixSummaryProblems')}</summary>
        <p>{t('import.fixHelp')}</p>
        <ListForm csv={csv} formError={formError} />
      </details>
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
