import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { orNotFound } from '#app/utils/http.server.ts'
import { loadAttemptResult } from '#app/quiz/quiz-page.server.ts'
import { findCourseQuiz } from '#app/quiz/quiz-places.server.ts'
import { AttemptResultView } from '#app/quiz/quiz-views.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses', 'quiz', 'certificates'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadAttemptResult(request, context, params.intento, orNotFound(findCourseQuiz(params.curso, params.quiz)))
}

export default AttemptResultView
