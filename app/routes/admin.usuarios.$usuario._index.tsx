import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { auditCountOf, confirmationOf, loadAdminUserPage } from '#app/admin/user-page.server.ts'
import { anonymiseUser, changeRole, correctName, deactivateUser, endAllSessions, reactivateUser } from '#app/admin/users.server.ts'
import { unlockSignIn } from '#app/auth/accounts.server.ts'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { FullNameSchema } from '#app/auth/validation.ts'
import { roles } from '#app/db/schema.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { Field, TextAreaField } from '#app/ui/form.tsx'
import { ProgressBar } from '#app/ui/progress-bar.tsx'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { readFormData } from '#app/utils/form-data.server.ts'
import { fieldErrorsOf } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// /admin/usuarios/:usuario (the account id): one person for the administration — identity,
// learning record, certificates, cohorts, sessions, audit trail — and what an administrator
// may do about them. Each action is a POST (named intent), audited; deactivation and
// anonymisation first show a confirmation page (?confirmar=desactivar | anonimizar).

export const handle = { i18n: ['common', 'admin', 'auth', 'courses'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

const DONE = ['nombre', 'rol', 'rol-pin', 'desbloqueo', 'desactivada', 'reactivada', 'sesiones', 'anonimizada'] as const
type Done = (typeof DONE)[number]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = requireUserWithRole(request, context, ['admin'])
  const lng = await getLanguage(request)
  const page = loadAdminUserPage(params.usuario ?? '', lng, await getFixedT(lng, 'admin'))
  if (!page) notFound()
  const url = new URL(request.url)
  const done = url.searchParams.get('hecho')
  const confirm = confirmationOf(url.searchParams.get('confirmar'))
  const isSelf = page.person.id === admin.id
  const anonymised = Boolean(page.person.anonymisedOn)
  return {
    ...page,
    title: page.person.fullName,
    auditTotal: auditCountOf(page.person.id),
    isSelf,
    // An anonymised account is closed for good: nothing left to deactivate or anonymise.
    confirm: anonymised || (confirm === 'anonymise' && isSelf) ? null : confirm,
    done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null,
  }
}

const Reason = z.string().trim().min(5, 'errors.reason').max(500, 'errors.reason')
const CorrectNameSchema = z.object({ fullName: FullNameSchema, reason: Reason })
const RoleSchema = z.object({ role: z.enum(roles) })

type ActionReply = { intent: string; fieldErrors: Record<string, string>; formError: string | null; values?: Record<string, string> }
const reply = (fields: Omit<ActionReply, 'fieldErrors' | 'formError'> & Partial<ActionReply>, status: number) =>
  data<ActionReply>({ fieldErrors: {}, formError: null, ...fields }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = requireUserWithRole(request, context, ['admin'])
  const userId = params.usuario ?? ''
  const form = Object.fromEntries(await readFormData(request))
  const intent = String(form.intent ?? '')
  const here = `/admin/usuarios/${encodeURIComponent(userId)}`
  const done = (what: Done) => redirect(`${here}?hecho=${what}`)

  switch (intent) {
    case 'role': {
      const parsed = RoleSchema.safeParse(form)
      if (!parsed.success) return reply({ intent, fieldErrors: { role: 'errors.role' } }, 400)
      const changed = changeRole(userId, parsed.data.role, admin.id)
      if (!changed.ok && changed.reason === 'notFound') notFound()
      if (!changed.ok) return reply({ intent, formError: changed.reason === 'lastAdmin' ? 'users.lastAdmin' : 'errors.anonymised' }, 409)
      throw done(changed.pinCleared ? 'rol-pin' : 'rol')
    }
    case 'unlock': {
      const unlocked = unlockSignIn(admin, userId)
      if (!unlocked.ok) notFound()
      throw done('desbloqueo')
    }
    case 'correct-name': {
      const parsed = CorrectNameSchema.safeParse(form)
      const values = { fullName: String(form.fullName ?? ''), reason: String(form.reason ?? '') }
      if (!parsed.success) return reply({ intent, fieldErrors: fieldErrorsOf(parsed.error), values }, 400)
      const corrected = correctName(userId, parsed.data, admin.id)
      if (!corrected.ok && corrected.reason === 'notFound') notFound()
      if (!corrected.ok)
        return reply(
          {
            intent,
            fieldErrors: corrected.reason === 'sameName' ? { fullName: 'errors.sameName' } : {},
            formError: corrected.reason === 'anonymised' ? 'errors.anonymised' : null,
            values,
          },
          409,
        )
      throw done('nombre')
    }
    case 'deactivate': {
      if (form.confirm !== '1') throw redirect(`${here}?confirmar=desactivar`)
      const deactivated = deactivateUser(userId, admin.id)
      if (!deactivated.ok && deactivated.reason === 'notFound') notFound()
      if (!deactivated.ok) return reply({ intent, formError: 'errors.lastAdminDeactivate' }, 409)
      // Deactivating oneself ends one's own session too: the next page is the sign-in page.
      throw done('desactivada')
    }
    case 'reactivate': {
      const reactivated = reactivateUser(userId, admin.id)
      if (!reactivated.ok && reactivated.reason === 'notFound') notFound()
      if (!reactivated.ok) return reply({ intent, formError: 'errors.anonymised' }, 409)
      throw done('reactivada')
    }
    case 'end-sessions': {
      const ended = endAllSessions(userId, admin.id)
      if (!ended.ok) notFound()
      throw done('sesiones')
    }
    case 'anonymise': {
      if (form.confirm !== '1') throw redirect(`${here}?confirmar=anonimizar`)
      const typed = String(form.reason ?? '').trim()
      const reason = typed ? Reason.safeParse(typed) : null
      if (reason && !reason.success) return reply({ intent, fieldErrors: { reason: 'errors.reason' }, values: { reason: typed } }, 400)
      const result = anonymiseUser(userId, { adminId: admin.id, reason: reason?.data ?? null })
      if (!result.ok && result.reason === 'notFound') notFound()
      if (!result.ok && result.reason === 'reasonRequired')
        return reply({ intent, fieldErrors: { reason: 'errors.reasonRequired' }, values: { reason: typed } }, 400)
      if (!result.ok) return reply({ intent, formError: `errors.anonymise.${result.reason}` }, 409)
      throw done('anonimizada')
    }
    default:
      throw new Response('Bad request', { status: 400 })
  }
}

export default function AdminUser() {
  const data = useLoaderData<typeof loader>()
  const { person, confirm } = data
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('admin')
  const { t: ta } = useTranslation('auth')
  const here = `/admin/usuarios/${person.id}`
  const anonymised = Boolean(person.anonymisedOn)
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData : null)

  if (confirm) {
    const reply = errorsFor(confirm)
    return (
      <section aria-labelledby="confirm-title" className="confirm-page">
        <p>
          <Link to={here}>← {person.fullName}</Link>
        </p>
        <h1 id="confirm-title">{t(`confirm.${confirm}.question`, { name: person.fullName })}</h1>
        <p className="confirm-detail">{t(`confirm.${confirm}.detail`)}</p>
        {reply?.formError ? (
          <p className="notice notice-error" role="alert">
            {t(reply.formError)}
          </p>
        ) : null}
        {/* Posted with the same ?confirmar=, so a refusal (a missing reason) comes back to this page. */}
        <Form method="post" action={`${here}?confirmar=${confirm === 'anonymise' ? 'anonimizar' : 'desactivar'}`} className="form" noValidate>
          <input type="hidden" name="intent" value={confirm} />
          <input type="hidden" name="confirm" value="1" />
          {confirm === 'anonymise' ? (
            <>
              <p>{person.deletionRequestedOn ? t('confirm.anonymise.requested', { date: person.deletionRequestedOn }) : t('confirm.anonymise.notRequested')}</p>
              <TextAreaField
                ns="admin"
                rows={2}
                maxLength={500}
                name="reason"
                label={t('confirm.anonymise.reason')}
                hint={person.deletionRequestedOn ? t('confirm.anonymise.reasonOptional') : t('confirm.anonymise.reasonRequired')}
                error={reply?.fieldErrors.reason}
                defaultValue={reply?.values?.reason}
                required={!person.deletionRequestedOn}
              />
            </>
          ) : null}
          <div className="confirm-actions">
            <button type="submit" className="button danger">
              {t(`confirm.${confirm}.button`)}
            </button>
            <Link to={here} className="button secondary">
              {t('confirm.cancel')}
            </Link>
          </div>
        </Form>
      </section>
    )
  }

  const correctReply = errorsFor('correct-name')
  const roleReply = errorsFor('role')
  const otherError = actionData?.formError && actionData.intent !== 'role' && actionData.intent !== 'correct-name' ? actionData.formError : null
  return (
    <article aria-labelledby="user-title" className="admin-user">
      <p>
        <Link to="/admin/usuarios">← {t('users.listTitle')}</Link>
      </p>
      <h1 id="user-title">{person.fullName}</h1>
      {data.done ? (
        <p className="notice" role="status">
          {t(`done.${data.done}`)}
        </p>
      ) : null}
      {otherError ? (
        <p className="notice notice-error" role="alert">
          {t(otherError)}
        </p>
      ) : null}

      <section aria-labelledby="user-identity">
        <h2 id="user-identity">{t('user.identity')}</h2>
        <dl className="facts">
          <Fact label={t('users.login')}>
            {person.email ?? person.username ?? '—'}
            {person.email || person.username ? ` (${t(`user.secretKind.${person.secretKind}`)})` : null}
          </Fact>
          <Fact label={t('users.role')}>{t(`roles.${person.role}`)}</Fact>
          <Fact label={t('users.profile')}>{ta(`profiles.${person.profile}`)}</Fact>
          <Fact label={t('users.municipality')}>{person.municipality ?? '—'}</Fact>
          <Fact label={t('user.gender')}>{person.gender ? ta(`genders.${person.gender}`) : t('user.notGiven')}</Fact>
          <Fact label={t('user.birthYear')}>{person.birthYear ?? t('user.notGiven')}</Fact>
          <Fact label={t('user.created')}>{person.createdOn}</Fact>
          <Fact label={t('user.consent')}>{person.consentOn}</Fact>
          <Fact label={t('users.state')}>
            {person.deactivatedOn ? t('user.inactiveSince', { date: person.deactivatedOn }) : t('user.active')}
            {person.signInLocked ? ` · ${t('users.signInLocked')}` : null}
          </Fact>
          <Fact label={t('user.deletion')}>
            {person.anonymisedOn
              ? t('user.deletionDone', { date: person.anonymisedOn, by: person.anonymisedBy ?? '—' })
              : person.deletionRequestedOn
                ? t('user.deletionRequestedOn', { date: person.deletionRequestedOn })
                : t('user.noDeletionRequest')}
          </Fact>
        </dl>
      </section>

      <section aria-labelledby="user-record">
        <h2 id="user-record">{t('user.record')}</h2>
        {data.courses.map((course) => (
          <div key={course.id} className="learner-course">
            <h3>{course.title}</h3>
            <ProgressBar progress={course.progress} />
          </div>
        ))}
        {data.programmes.length ? (
          <ul className="plain-list">
            {data.programmes.map((p) => (
              <li key={p.id}>
                <strong>{p.title}</strong>: {t('user.programmePercent', { percent: p.percent })}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="user-quizzes">
        <h2 id="user-quizzes">{t('user.quizzes')}</h2>
        {data.quizzes.length ? (
          <TableWrap label={t('user.quizzes')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('user.quiz')}</th>
                  <th scope="col">{t('user.attempts')}</th>
                  <th scope="col">{t('user.lastScore')}</th>
                  <th scope="col">{t('user.bestScore')}</th>
                  <th scope="col">{t('user.result')}</th>
                </tr>
              </thead>
              <tbody>
                {data.quizzes.map((q) => (
                  <tr key={q.id}>
                    <td>{q.title}</td>
                    <td>{q.attempts}</td>
                    <td>
                      {q.lastScore === null ? '—' : `${q.lastScore} %`}
                      {q.lastOn ? ` (${q.lastOn})` : null}
                    </td>
                    <td>{q.bestScore === null ? '—' : `${q.bestScore} %`}</td>
                    <td>{q.passed ? t('user.passed') : t('user.notPassed')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : (
          <p className="hint">{t('user.noQuizzes')}</p>
        )}
      </section>

      <section aria-labelledby="user-certificates">
        <h2 id="user-certificates">{t('user.certificates')}</h2>
        {data.certificates.length ? (
          <ul className="plain-list certificate-history">
            {data.certificates.map((c) => (
              <li key={c.id}>
                <Link to={`/verificar/${c.code}`}>
                  <code>{c.code}</code>
                </Link>{' '}
                · {c.title} · {t('user.issuedOn', { date: c.issuedOn })} · {t('user.printedName', { name: c.holderName })} ·{' '}
                <strong>
                  {c.status === 'replaced'
                    ? t('user.certificateReplaced', { date: c.replacedOn, code: c.replacedBy })
                    : c.status === 'revoked'
                      ? t('user.certificateRevoked', { date: c.revokedOn })
                      : t('user.certificateValid')}
                </strong>
                {c.pdf ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={c.pdf} download>
                      PDF
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">{t('user.noCertificates')}</p>
        )}
      </section>

      <section aria-labelledby="user-cohorts">
        <h2 id="user-cohorts">{t('user.cohorts')}</h2>
        {data.cohorts.length || data.trainerOf.length ? (
          <ul className="plain-list">
            {data.cohorts.map((c) => (
              <li key={c.id}>
                <Link to={`/formacion/grupos/${c.id}/participantes/${person.id}`}>{c.name}</Link> · {t(`user.joinedVia.${c.joinedVia}`, { date: c.addedOn })}
              </li>
            ))}
            {data.trainerOf.map((c) => (
              <li key={`trainer-${c.id}`}>
                <Link to={`/formacion/grupos/${c.id}`}>{c.name}</Link> · {t('user.trainerOf')}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">{t('user.noCohorts')}</p>
        )}
      </section>

      <section aria-labelledby="user-sessions">
        <h2 id="user-sessions">{t('user.sessions')}</h2>
        <p>
          {t('user.sessionsActive', { count: data.sessions.active })} ·{' '}
          {data.sessions.lastSeen ? t('user.lastSeen', { date: data.sessions.lastSeen }) : t('user.neverSeen')}
        </p>
        {data.sessions.active ? (
          <Form method="post" action={here}>
            <input type="hidden" name="intent" value="end-sessions" />
            <button type="submit" className="button secondary">
              {t('user.endSessions')}
            </button>
          </Form>
        ) : null}
      </section>

      {anonymised ? null : (
        <section aria-labelledby="user-actions" className="admin-actions">
          <h2 id="user-actions">{t('user.actions')}</h2>

          <h3>{t('user.changeRole')}</h3>
          {roleReply?.formError ? (
            <p className="notice notice-error" role="alert">
              {t(roleReply.formError)}
            </p>
          ) : null}
          <Form method="post" action={here} className="inline-form role-form">
            <input type="hidden" name="intent" value="role" />
            <label htmlFor="user-role">{t('users.role')}</label>
            <select id="user-role" name="role" defaultValue={person.role}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="button small secondary">
              {t('users.changeRole')}
            </button>
          </Form>

          {person.signInLocked ? (
            <Form method="post" action={here}>
              <input type="hidden" name="intent" value="unlock" />
              <button type="submit" className="button secondary">
                {t('users.unlock')}
              </button>
            </Form>
          ) : null}

          <h3>{t('user.correctName')}</h3>
          <p className="hint">{t('user.correctNameHint')}</p>
          <Form method="post" action={here} className="form" noValidate>
            <input type="hidden" name="intent" value="correct-name" />
            {correctReply?.formError ? (
              <p className="form-error" role="alert">
                {t(correctReply.formError)}
              </p>
            ) : null}
            <Field
              name="fullName"
              ns={correctReply?.fieldErrors.fullName === 'errors.sameName' ? 'admin' : 'auth'}
              label={t('user.newName')}
              defaultValue={correctReply?.values?.fullName ?? person.fullName}
              autoComplete="off"
              required
              error={correctReply?.fieldErrors.fullName}
            />
            <TextAreaField
              ns="admin"
              rows={2}
              maxLength={500}
              name="reason"
              label={t('user.reason')}
              hint={t('user.reasonHint')}
              error={correctReply?.fieldErrors.reason}
              defaultValue={correctReply?.values?.reason}
              required
            />
            <button type="submit" className="button">
              {t('user.saveName')}
            </button>
          </Form>

          <h3>{t('user.resetLink')}</h3>
          <p className="hint">{t('user.resetLinkHint')}</p>
          <form method="post" action={`/admin/usuarios/${person.id}/enlace`}>
            <button type="submit" className="button secondary">
              {t('user.resetLink')}
            </button>
          </form>

          <h3>{person.deactivatedOn ? t('user.reactivate') : t('user.deactivate')}</h3>
          {person.deactivatedOn ? (
            <Form method="post" action={here}>
              <input type="hidden" name="intent" value="reactivate" />
              <p className="hint">{t('user.reactivateHint')}</p>
              <button type="submit" className="button">
                {t('user.reactivate')}
              </button>
            </Form>
          ) : (
            <>
              <p className="hint">{t('user.deactivateHint')}</p>
              <Link to={`${here}?confirmar=desactivar`} className="button secondary">
                {t('user.deactivate')}
              </Link>
            </>
          )}

          {data.isSelf ? null : (
            <>
              <h3>{t('user.anonymise')}</h3>
              <p className="hint">{person.deletionRequestedOn ? t('user.anonymiseHintRequested') : t('user.anonymiseHint')}</p>
              <Link to={`${here}?confirmar=anonimizar`} className="button danger">
                {t('user.anonymise')}
              </Link>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="user-audit">
        <h2 id="user-audit">{t('user.audit')}</h2>
        <p className="hint">
          {t('user.auditLatest', { count: data.audit.length, total: data.auditTotal })}{' '}
          <Link to={`/admin/auditoria?persona=${person.id}`}>{t('user.auditAll')}</Link>
        </p>
        {data.audit.length ? (
          <TableWrap label={t('user.audit')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('user.auditWhen')}</th>
                  <th scope="col">{t('user.auditWhat')}</th>
                  <th scope="col">{t('user.auditWho')}</th>
                  <th scope="col">{t('user.auditDetails')}</th>
                </tr>
              </thead>
              <tbody>
                {data.audit.map((e) => (
                  <tr key={e.id}>
                    <td>{e.on}</td>
                    <td>{t(`auditActions.${e.action}`, { defaultValue: e.action })}</td>
                    <td>{e.bySelf ? t('user.auditBySelf') : (e.actorName ?? '—')}</td>
                    <td>{e.details}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : (
          <p className="hint">{t('user.auditNone')}</p>
        )}
      </section>
    </article>
  )
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}
