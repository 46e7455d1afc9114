import { data as dataWithStatus, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUser } from '#app/auth/guards.server.ts'
import { EarnedNotice } from '#app/certificates/certificate-notice.tsx'
import { listIssuedAt } from '#app/certificates/certificates.server.ts'
import { summarizeCertificate } from '#app/certificates/notice.server.ts'
import { getLessonAudio } from '#app/content/audio.server.ts'
import { findLesson, getQuiz } from '#app/content/content.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { completeLesson, openLesson } from '#app/learning/events.server.ts'
import { isCourseDownload } from '#app/offline/download.server.ts'
import { WRITE_TOKEN_FIELD } from '#app/offline/fields.ts'
import { writerOf } from '#app/offline/writer.server.ts'
import { issueWriteToken } from '#app/offline/write-token.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses', 'certificates'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => [...pageTitle(data), { name: 'description', content: data?.lesson.summary ?? '' }]

function requireLesson(params: LoaderFunctionArgs['params']) {
  const found = findLesson(params.curso ?? '', params.leccion ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  return found
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { course, module, lesson, index, previous, next } = requireLesson(params)
  const user = context.user
  const lng = await getLanguage(request)
  // One indexed lookup: records the first opening and says whether the lesson is read.
  // A course download fetches every lesson in the background: that is not an opening.
  const opened = user && !isCourseDownload(request) ? openLesson(user.id, lesson) : null
  const completed = Boolean(opened?.completed)
  // Right after the completion that issued constancias (the action's redirect says so), the
  // page shows them at the top: those its completion issued, for this learner only.
  const issued =
    user && opened?.completedAt && new URL(request.url).searchParams.has('constancia')
      ? listIssuedAt(user.id, opened.completedAt).map((c) => summarizeCertificate(c, lng))
      : []
  const moduleNumber = course.modules.findIndex((m) => m.id === module.id) + 1
  const isLastOfModule = next?.moduleId !== module.id
  return {
    title: lesson.title,
    signedIn: Boolean(user),
    completed,
    issued,
    // Signed for this learner and this lesson: a "Marcar como leída" sent later (offline
    // queue, after a shared-computer sign-out) still credits the right person.
    writeToken: user && !completed ? issueWriteToken(user.id, 'lesson', lesson.id) : null,
    course: { slug: course.slug, title: course.title, lessonCount: course.lessons.length },
    module: {
      title: module.title,
      number: moduleNumber,
      quizSlug: isLastOfModule && module.quizId ? (getQuiz(module.quizId)?.slug ?? null) : null,
    },
    lesson: {
      title: lesson.title,
      summary: lesson.summary,
      number: index + 1,
      readingMinutes: lesson.readingMinutes,
      objectives: lesson.objectives,
      toc: lesson.toc,
      html: lesson.html,
      audience: lesson.audience,
      // Recorded clips for devices with no Spanish voice; fetched only when «Escuchar» is pressed.
      audio: (getLessonAudio(lesson.id) ?? []).map(({ title, webm, mp3, seconds }) => ({ title, webm, mp3, seconds })),
    },
    previous: previous ? { slug: previous.slug, title: previous.title } : null,
    next: next ? { slug: next.slug, title: next.title } : null,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { course, lesson } = requireLesson(params)
  const here = `/cursos/${course.slug}/${lesson.slug}`
  const writer = writerOf(await readFormData(request), context, 'lesson', lesson.id)
  // A guest is sent to sign in and comes back to this same lesson.
  if (!writer.ok && writer.reason === 'signIn') requireUser(request, context)
  if (!writer.ok) return dataWithStatus({ tooSoon: null, refused: true }, { status: 403 })
  // Reading the last lesson may complete the course: the certificate comes in the same transaction.
  const result = completeLesson(writer.userId, lesson, new Date(), { pageShownAt: writer.pageShownAt })
  if (!result.ok) return dataWithStatus({ tooSoon: { minutes: Math.ceil(result.secondsLeft / 60) }, refused: false }, { status: 400 })
  // Saved for the learner the page was shown to; someone else (or nobody) is signed in now.
  if (!writer.signedInAsWriter) throw redirect(context.user ? here : `/ingresar?${new URLSearchParams({ redirectTo: here })}`)
  // A completion that issued a constancia opens the page at its notice, at the top.
  throw redirect(`${here}?leida=1${result.certificates.length ? '&constancia=1#constancia' : '#completar'}`)
}

export default function LessonPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const location = useLocation()
  const search = new URLSearchParams(location.search)
  const justCertified = data.issued.some((c) => !c.revokedOn)
  // Just marked read (the action's redirect): focus lands on the confirmation.
  const justRead = search.has('leida')
  const { course, module, lesson, previous, next } = data
  const { t } = useTranslation('courses')
  const here = location.pathname
  // Plain anchors and forms: this page never loads the framework's runtime, and Remix's
  // <Link>/<Form> resolved every URL again on each render (issue 16).
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <a href="/cursos">{t('catalog.title')}</a> <span aria-hidden="true">›</span> <a href={`/cursos/${course.slug}`}>{course.title}</a>{' '}
        <span aria-hidden="true">›</span>{' '}
        <span>
          {t('course.moduleN', { n: module.number })}: {module.title}
        </span>
      </nav>
      <p className="meta-line">
        {t('lesson.nOfM', { n: lesson.number, m: course.lessonCount })} · {t('lesson.readingTime', { count: lesson.readingMinutes })}
        {lesson.audience === 'officials' ? ` · ${t('audience.officialsShort')}` : ''}
        {data.completed ? <strong className="badge-done"> · ✓ {t('lesson.read')}</strong> : null}
      </p>
      <h1 id="lesson-title">{lesson.title}</h1>
      <EarnedNotice certificates={data.issued} focus={justCertified} />
      {/* «Escuchar»: filled in by the enhancement script (app/browser/read-aloud.ts); hidden without it. */}
      <div
        className="read-aloud"
        role="group"
        aria-label={t('readAloud.label')}
        data-read-aloud="lesson-body"
        data-audio={JSON.stringify(lesson.audio)}
        hidden
      />
      <section className="objectives" aria-labelledby="objectives-title">
        <h2 id="objectives-title">{t('lesson.objectives')}</h2>
        <ul>
          {lesson.objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </section>
      {lesson.toc.length > 2 ? (
        <details className="toc">
          <summary>{t('lesson.toc')}</summary>
          <ol>
            {lesson.toc
              .filter((h) => h.depth === 2)
              .map((h) => (
                <li key={h.id}>
                  <a href={`#${h.id}`}>{h.text}</a>
                </li>
              ))}
          </ol>
        </details>
      ) : null}
      <div id="lesson-body" className="prose lesson-body" dangerouslySetInnerHTML={{ __html: lesson.html }} />

      <section id="completar" className="lesson-complete" aria-labelledby="complete-title">
        <h2 id="complete-title" className="visually-hidden">
          {t('lesson.yourProgress')}
        </h2>
        {data.completed ? (
          <>
            {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
            <p className="notice done-notice" role="status" tabIndex={justRead ? -1 : undefined} autoFocus={justRead && !justCertified}>
              ✓ {t('lesson.completedNotice')}
            </p>
            {justCertified ? (
              <p className="notice done-notice">
                {t('lesson.certificateIssued')} <a href="#constancia">{t('lesson.seeCertificateAbove')}</a>
              </p>
            ) : null}
          </>
        ) : data.signedIn ? (
          <form method="post" action={`${here}${location.search}`}>
            {data.writeToken ? <input type="hidden" name={WRITE_TOKEN_FIELD} value={data.writeToken} /> : null}
            {actionData?.tooSoon ? (
              // eslint-disable-next-line jsx-a11y/no-autofocus
              <p className="notice notice-error" role="alert" id="complete-error" tabIndex={-1} autoFocus>
                {t('lesson.tooSoon', { count: actionData.tooSoon.minutes })}
              </p>
            ) : null}
            {actionData?.refused ? (
              // eslint-disable-next-line jsx-a11y/no-autofocus
              <p className="notice notice-error" role="alert" id="complete-error" tabIndex={-1} autoFocus>
                {t('lesson.writeRefused')}
              </p>
            ) : null}
            <button type="submit" className="button block">
              {t('lesson.markRead')}
            </button>
          </form>
        ) : (
          <p className="notice">
            {t('lesson.guestSave')} <a href={`/ingresar?redirectTo=${encodeURIComponent(here)}`}>{t('lesson.signInToSave')}</a> {t('lesson.or')}{' '}
            <a href={`/registro?redirectTo=${encodeURIComponent(here)}`}>{t('lesson.registerToSave')}</a>
          </p>
        )}
        {module.quizSlug ? (
          <p className="quiz-line">
            {t('lesson.quizAfterModule')}{' '}
            <a className="button secondary" href={`/cursos/${course.slug}/evaluaciones/${module.quizSlug}`}>
              {t('lesson.takeQuiz')}
            </a>
          </p>
        ) : null}
      </section>

      <nav className="pager" aria-label={t('lesson.pager')}>
        {previous ? (
          <a className="button secondary" href={`/cursos/${course.slug}/${previous.slug}`} rel="prev">
            ← {t('lesson.previous')}
            <span className="pager-title">{previous.title}</span>
          </a>
        ) : (
          <span />
        )}
        {next ? (
          <a className="button" href={`/cursos/${course.slug}/${next.slug}`} rel="next">
            {t('lesson.next')} →<span className="pager-title">{next.title}</span>
          </a>
        ) : (
          <a className="button" href={`/cursos/${course.slug}`}>
            {t('lesson.backToCourse')}
          </a>
        )}
      </nav>
    </article>
  )
}
