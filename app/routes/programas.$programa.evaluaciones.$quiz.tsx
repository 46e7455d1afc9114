import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { orNotFound } from '#app/utils/http.server.ts'
import { loadQuizPage, quizPageAction } from '#app/quiz/quiz-page.server.ts'
import { findProgrammeQuiz } from '#app/quiz/quiz-places.server.ts'
import { QuizPageView } from '#app/quiz/quiz-views.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses', 'quiz'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadQuizPage(request, context, orNotFound(findProgrammeQuiz(params.programa, params.quiz)))
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return quizPageAction(request, context, orNotFound(findProgrammeQuiz(params.programa, params.quiz)))
}

export default QuizPageView
