import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { fieldErrorsOf } from '#app/utils/forms.ts'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { CohortSchema } from '#app/cohorts/validation.ts'
import { listCourses } from '#app/content/content.server.ts'
import { Field, SelectField } from '#app/ui/form.tsx'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { municipalityIds } from '#app/utils/municipalities.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

export const handle = { i18n: ['common', 'cohorts'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUserWithRole(request, context, ['trainer', 'admin'])
  const t = await getRequestT(request, 'cohorts')
  return { title: t('new.title'), courses: listCourses().map((c) => ({ id: c.id, title: c.title })) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUserWithRole(request, context, ['trainer', 'admin'])
  const form = await readFormData(request)
  const input = { ...Object.fromEntries(form), courseIds: form.getAll('courseIds').map(String) }
  const known = new Set(listCourses().map((c) => c.id))
  const parsed = CohortSchema.safeParse({ ...input, courseIds: input.courseIds.filter((id) => known.has(id)) })
  if (!parsed.success) {
    const values: Record<string, string> = {}
    for (const [k, v] of form) if (typeof v === 'string' && k !== 'courseIds') values[k] = v
    return data({ errors: fieldErrorsOf(parsed.error), values, courseIds: input.courseIds }, { status: 400 })
  }
  const cohort = createCohort(parsed.data, user.id)
  throw redirect(`/formacion/grupos/${cohort.id}/participantes`)
}

export default function NewCohort() {
  const { courses } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('cohorts')
  const errors: Record<string, string | undefined> = actionData?.errors ?? {}
  const values: Record<string, string | undefined> = actionData?.values ?? {}
  const chosen = new Set(actionData?.courseIds ?? courses.map((c) => c.id))
  return (
    <section className="page narrow" aria-labelledby="new-cohort-title">
      <h1 id="new-cohort-title">{t('new.title')}</h1>
      <Form method="post" className="form" noValidate>
        <Field ns="cohorts" name="name" label={t('new.name')} hint={t('new.nameHint')} defaultValue={values.name} error={errors.name} />
        <SelectField
          ns="cohorts"
          name="municipality"
          label={t('new.municipality')}
          defaultValue={values.municipality ?? ''}
          error={errors.municipality}
          options={[{ value: '', label: t('new.choose') }, ...municipalityIds.map((id) => ({ value: id, label: t(`municipalities.${id}`) }))]}
        />
        <Field ns="cohorts" name="startsOn" type="date" label={t('new.startsOn')} defaultValue={values.startsOn} error={errors.startsOn} />
        <Field ns="cohorts" name="endsOn" type="date" label={t('new.endsOn')} defaultValue={values.endsOn} error={errors.endsOn} />
        <fieldset className="field" aria-describedby={errors.courseIds ? 'courses-error' : undefined}>
          <legend>{t('new.courses')}</legend>
          {courses.map((c) => (
            <label key={c.id} className="check">
              <input type="checkbox" name="courseIds" value={c.id} defaultChecked={chosen.has(c.id)} />
              <span>{c.title}</span>
            </label>
          ))}
          {errors.courseIds ? (
            <p className="field-error" id="courses-error">
              {t(errors.courseIds)}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button">
          {t('new.submit')}
        </button>
      </Form>
    </section>
  )
}
