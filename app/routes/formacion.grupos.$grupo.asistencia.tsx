import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { fieldErrorsOf } from '#app/utils/forms.ts'
import { createAttendanceSession, listMembers, saveAttendance } from '#app/cohorts/cohorts.server.ts'
import { requireCohortAccess } from '#app/cohorts/guards.server.ts'
import { attendanceOf } from '#app/cohorts/report.server.ts'
import { AttendanceSessionSchema } from '#app/cohorts/validation.ts'
import { Field } from '#app/ui/form.tsx'
import { notFound } from '#app/utils/http.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { readFormData } from '#app/utils/form-data.server.ts'

export const handle = { i18n: ['common', 'cohorts'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = requireCohortAccess(request, context, params.grupo)
  const members = listMembers(cohort.id)
  const { sessions, isPresent } = attendanceOf(cohort.id)
  return {
    title: cohort.name,
    cohort: { id: cohort.id, name: cohort.name },
    sessions: sessions.map((s) => ({ id: s.id, heldOn: s.heldOn, topic: s.topic })),
    members: members.map((m) => ({
      id: m.id,
      fullName: m.fullName,
      present: sessions.map((s) => isPresent(s.id, m.id)),
      attended: sessions.filter((s) => isPresent(s.id, m.id)).length,
    })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { cohort } = requireCohortAccess(request, context, params.grupo)
  const form = await readFormData(request)
  if (form.get('intent') === 'session') {
    const parsed = AttendanceSessionSchema.safeParse(Object.fromEntries(form))
    if (!parsed.success)
      return data(
        { errors: fieldErrorsOf(parsed.error), values: { heldOn: String(form.get('heldOn') ?? ''), topic: String(form.get('topic') ?? '') } },
        { status: 400 },
      )
    createAttendanceSession(cohort.id, parsed.data)
  } else if (form.get('intent') === 'marks') {
    if (!saveAttendance(cohort.id, String(form.get('sessionId') ?? ''), form.getAll('present').map(String)).ok) notFound()
  }
  throw redirect(`/formacion/grupos/${cohort.id}/asistencia`)
}

export default function Attendance() {
  const { cohort, sessions, members } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('cohorts')
  return (
    <section aria-labelledby="attendance-title">
      <p>
        <Link to={`/formacion/grupos/${cohort.id}`}>← {cohort.name}</Link>
      </p>
      <h1 id="attendance-title">{t('attendance.title')}</h1>
      <p>
        <a href={`/formacion/grupos/${cohort.id}/asistencia.csv`} download>
          {t('attendance.export')}
        </a>
      </p>
      <h2>{t('attendance.newSession')}</h2>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="session" />
        <Field ns="cohorts" name="heldOn" type="date" label={t('attendance.date')} defaultValue={actionData?.values.heldOn} error={actionData?.errors.heldOn} />
        <Field ns="cohorts" name="topic" label={t('attendance.topic')} defaultValue={actionData?.values.topic} error={actionData?.errors.topic} />
        <button type="submit" className="button">
          {t('attendance.create')}
        </button>
      </Form>
      {sessions.map((s, i) => (
        <details key={s.id} className="attendance-session" open={i === sessions.length - 1}>
          <summary>
            {s.heldOn} · {s.topic} · {t('attendance.presentCount', { count: members.filter((m) => m.present[i]).length, total: members.length })}
          </summary>
          <Form method="post">
            <input type="hidden" name="intent" value="marks" />
            <input type="hidden" name="sessionId" value={s.id} />
            <fieldset>
              <legend className="visually-hidden">{t('attendance.whoCame', { topic: s.topic })}</legend>
              {members.map((m) => (
                <label key={m.id} className="check">
                  <input type="checkbox" name="present" value={m.id} defaultChecked={m.present[i]} />
                  <span>{m.fullName}</span>
                </label>
              ))}
            </fieldset>
            <button type="submit" className="button small">
              {t('attendance.save')}
            </button>
          </Form>
        </details>
      ))}
      {sessions.length ? (
        <>
          <h2>{t('attendance.perLearner')}</h2>
          <TableWrap label={t('attendance.perLearner')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('participants.name')}</th>
                  {sessions.map((s) => (
                    <th key={s.id} scope="col">
                      {s.heldOn}
                    </th>
                  ))}
                  <th scope="col">{t('attendance.total')}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">{m.fullName}</th>
                    {m.present.map((p, i) => (
                      <td key={sessions[i].id} className={p ? 'cell-passed' : 'cell-none'}>
                        {p ? `✓ ${t('attendance.present')}` : `· ${t('attendance.absent')}`}
                      </td>
                    ))}
                    <td>
                      {m.attended}/{sessions.length}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
    </section>
  )
}
